import FerruleCore
import FerruleServer
import FerruleTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `/readyz` needs no token, so it must stay cheap: one round of checks at a time, its result
/// reused for `limits.readiness_cache_seconds`.
@Suite("ferrule serve: /readyz is bounded")
struct ServerReadinessCacheTests {
    /// Two tenants on a GenieACS that refuses connections (nothing listens on port 9).
    static func harness(cacheSeconds: Int) throws -> ServerTestHarness {
        try ServerTestHarness { configuration in
            configuration.tenants = ["acme", "globex"].map { name in
                var tenant = TenantSettings(name: name)
                tenant.genieACS = .init(url: "http://127.0.0.1:9")
                return tenant
            }
            configuration.limits.readinessCacheSeconds = cacheSeconds
        }
    }

    /// GenieACS queries made so far, as `/metrics` counts them (every outcome).
    static func genieACSQueries(_ harness: ServerTestHarness) -> Int {
        String(decoding: harness.runtime.metrics.render(), as: UTF8.self)
            .split(separator: "\n")
            .filter { $0.hasPrefix("ferrule_upstream_calls_total{") && $0.contains(#"operation="query devices""#) }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
            .reduce(0) { $0 + Int($1) }
    }

    @Test("40 concurrent anonymous /readyz and 10 more after them: one round of upstream queries")
    func concurrentCallersShareOneRound() async throws {
        let harness = try Self.harness(cacheSeconds: 300)
        let statuses = try await harness.test { client in
            var statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<40 {
                    group.addTask { try await client.execute(uri: "/readyz", method: .get).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for _ in 0..<10 { statuses.append(try await client.execute(uri: "/readyz", method: .get).status) }
            return statuses
        }
        #expect(statuses.allSatisfy { $0 == .serviceUnavailable }, "\(Set(statuses.map(\.code)))")
        #expect(Self.genieACSQueries(harness) == 2, "one query per tenant in all")
    }

    @Test("readiness_cache_seconds 0: a request after a completed round runs a new one")
    func zeroIntervalRunsAgain() async throws {
        let harness = try Self.harness(cacheSeconds: 0)
        try await harness.test { client in
            for _ in 0..<3 { _ = try await client.execute(uri: "/readyz", method: .get) }
        }
        #expect(Self.genieACSQueries(harness) == 6)
    }

    @Test("limits.readiness_cache_seconds is read from the configuration file, 0 to 300")
    func configured() throws {
        func load(_ text: String) throws -> (ServerConfiguration, DiagnosticCollector) {
            let file = try Scratch.directory(["serve.yaml": text]) + "/serve.yaml"
            return ServerConfiguration.load(file: file, environment: [:])
        }
        let (read, fine) = try load("state: /tmp/x\nlimits: {readiness_cache_seconds: 0}\n")
        #expect(!fine.hasErrors)
        #expect(read.limits.readinessCacheSeconds == 0)
        #expect(ServerConfiguration(stateDirectory: "/tmp/x").limits.readinessCacheSeconds == 5)
        let (_, over) = try load("state: /tmp/x\nlimits: {readiness_cache_seconds: 301}\n")
        let text = over.sorted.map(\.description).joined(separator: "\n")
        #expect(over.hasErrors && text.contains("limits.readiness_cache_seconds"), "\(text)")
    }
}

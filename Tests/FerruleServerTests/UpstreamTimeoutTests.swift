import FerruleCore
import FerruleServer
import FerruleTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `limits.upstream_timeout_seconds` bounds every upstream call unless a tenant sets its own.
@Suite("ferrule serve: the upstream timeout")
struct UpstreamTimeoutTests {
    static func load(_ text: String) throws -> ServerConfiguration {
        let file = try Scratch.directory(["serve.yaml": text]) + "/serve.yaml"
        let (configuration, diagnostics) = ServerConfiguration.load(file: file, environment: [:])
        #expect(!diagnostics.hasErrors, "\(diagnostics.sorted)")
        return configuration
    }

    @Test("tenants without timeout_seconds take limits.upstream_timeout_seconds; their own wins")
    func defaults() throws {
        let configuration = try Self.load(
            """
            tenants:
              acme: {genieacs: {url: "http://a:7557"}, voltha: {address: "v:55555"}}
              globex: {genieacs: {url: "http://g:7557", timeout_seconds: 20}, voltha: {address: "v:1", timeout_seconds: 9}}
            limits: {upstream_timeout_seconds: 8}
            """
        )
        #expect(configuration.tenant("acme")?.genieACS?.timeoutSeconds == 8)
        #expect(configuration.tenant("acme")?.voltha?.timeoutSeconds == 8)
        #expect(configuration.tenant("globex")?.genieACS?.timeoutSeconds == 20)
        #expect(configuration.tenant("globex")?.voltha?.timeoutSeconds == 9)
    }

    @Test("a GenieACS that accepts and never answers: 504 after upstream_timeout_seconds, not 30 s")
    func hangingGenieACS() async throws {
        let silent = try SilentListener()
        let loaded = try Self.load(
            """
            limits: {upstream_timeout_seconds: 1}
            tenants:
              acme: {genieacs: {url: "\(silent.url)"}}
            """
        )
        let server = try ServerTestHarness(routes: APIRoutes.all) { configuration in
            configuration.tenants = loaded.tenants
            configuration.limits = loaded.limits
        }
        let token = try await server.token()
        try await server.test { client in
            let started = ContinuousClock.now
            let response = try await client.execute(
                uri: "/api/v1/genieacs/devices",
                method: .get,
                headers: apiKey(token)
            )
            let elapsed = ContinuousClock.now - started
            #expect(response.status == .gatewayTimeout, "\(response.text)")
            #expect(elapsed < .seconds(15), "answered after \(elapsed)")
        }
        withExtendedLifetime(silent) {}
    }
}

import FerruleJSON
import FerruleServer
import Foundation
import GenieACSStandIn
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Rate limits per token, body limits, request ids.
@Suite("ferrule serve: rate and body limits, request ids")
struct ServerLimitsTests {
    @Test("past its burst a token gets 429 with Retry-After; another token is not affected")
    func rateLimit() async throws {
        let server = try ServerTestHarness {
            $0.limits.ratePerSecond = 0.01
            $0.limits.burst = 2
        }
        let first = try await server.token()
        let second = try await server.token()
        try await server.test { client in
            for _ in 0..<2 {
                let allowed = try await client.execute(uri: "/api/v1/probe", method: .get, headers: apiKey(first))
                #expect(allowed.status == .ok)
            }
            let refused = try await client.execute(uri: "/api/v1/probe", method: .get, headers: apiKey(first))
            #expect(refused.status == .tooManyRequests)
            #expect(refused.detail?.hasPrefix("Rate limit exceeded: 0.01 requests per second per token") == true)
            let retry = try #require(refused.headers[.retryAfter].flatMap { Int($0) })
            // A token refills in 100 s at 0.01/s; a loaded machine may take seconds to get here.
            #expect((60...100).contains(retry), "one token refills in 100 s at 0.01/s")
            #expect(refused.json("retryable")?.boolValue == true)
            let other = try await client.execute(uri: "/api/v1/probe", method: .get, headers: apiKey(second))
            #expect(other.status == .ok)
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok, "public routes are not limited")
        }
    }

    @Test("a body over the limit is refused with 413, by Content-Length and while streaming")
    func bodyLimit() async throws {
        let server = try ServerTestHarness { $0.limits.maxBodyBytes = 1024 }
        let token = try await server.token()
        try await server.test { client in
            let small = try await client.execute(
                uri: "/api/v1/probe",
                method: .post,
                headers: apiKey(token),
                body: ByteBuffer(repeating: 0x61, count: 1024)
            )
            #expect(small.status == .ok)
            #expect(small.text == "read 1024")
            let declared = try await client.execute(
                uri: "/api/v1/probe",
                method: .post,
                headers: apiKey(token, [.contentLength: "5000"]),
                body: ByteBuffer(repeating: 0x61, count: 5000)
            )
            #expect(declared.status == .contentTooLarge)
            #expect(declared.detail == "Request body too large: the limit is 1024 bytes")
            let streamed = try await client.execute(
                uri: "/api/v1/probe",
                method: .post,
                headers: apiKey(token),
                body: ByteBuffer(repeating: 0x61, count: 1025)
            )
            #expect(streamed.status == .contentTooLarge)
            #expect(streamed.detail == "Request body too large: the limit is 1024 bytes")
        }
    }

    @Test("a sane X-Request-ID is echoed; an unsafe one is replaced by a new id")
    func requestIDs() async throws {
        let server = try ServerTestHarness()
        let name = HTTPField.Name("X-Request-ID")!
        try await server.test { client in
            let given = try await client.execute(uri: "/healthz", method: .get, headers: [name: "abc-123.x"])
            #expect(given.headers[name] == "abc-123.x")
            let unsafe = try await client.execute(uri: "/healthz", method: .get, headers: [name: "a b\u{7}"])
            let replaced = try #require(unsafe.headers[name])
            #expect(replaced.count == 16 && replaced.allSatisfy(\.isHexDigit))
            let none = try await client.execute(uri: "/healthz", method: .get)
            #expect(none.headers[name]?.count == 16)
        }
    }

    @Test("readiness: the stores are checked; 503 only when every tenant's GenieACS is unreachable")
    func readiness() async throws {
        // No reuse of a result: each retry below runs the checks again.
        let ready = try ServerTestHarness { $0.limits.readinessCacheSeconds = 0 }
        try await ready.test { client in
            // Each check has 2 s; on a loaded machine one answer may miss it, as a readiness probe
            // may: a load balancer asks again. Five misses in a row are a failure.
            var response = try await client.execute(uri: "/readyz", method: .get)
            for _ in 0..<4 where response.status != .ok {
                response = try await client.execute(uri: "/readyz", method: .get)
            }
            #expect(response.status == .ok)
            #expect(
                response.text
                    == #"{"ready":true,"checks":[{"name":"store:campaigns","ok":true,"detail":"ok"},{"name":"store:server","ok":true,"detail":"ok"}]}"#
            )
        }
        // A closed port on loopback: the connection is refused at once.
        let down = try ServerTestHarness {
            var acme = TenantSettings(name: "acme")
            acme.genieACS = .init(url: "http://127.0.0.1:9")
            $0.tenants = [acme]
        }
        try await down.test { client in
            let response = try await client.execute(uri: "/readyz", method: .get)
            #expect(response.status == .serviceUnavailable)
            #expect(response.json("ready")?.boolValue == false)
            #expect(
                response.text.contains(#"{"name":"genieacs","ok":false,"detail":"0 of 1 tenant ok, 1 down"}"#),
                "\(response.text)"
            )
            #expect(!response.text.contains("127.0.0.1"), "no upstream address in an unauthenticated answer")
            #expect(!response.text.contains("acme"), "no tenant name in an unauthenticated answer")
        }
    }

    @Test("one tenant's GenieACS down of two: ready, counted; tenants named only to a metrics-read token")
    func readinessOneTenantDown() async throws {
        var scenario = Scenario(devices: 1)
        scenario.fixtures = [Scenario.FixtureSource(.embeddedTR098)]
        let up = try await StandInServer.start(scenario: scenario)
        let harness = try ServerTestHarness {
            var acme = TenantSettings(name: "acme")
            acme.genieACS = .init(url: up.baseURL)
            var globex = TenantSettings(name: "globex")
            globex.genieACS = .init(url: "http://127.0.0.1:9")
            $0.tenants = [acme, globex]
            $0.limits.readinessCacheSeconds = 0
        }
        let token = try await harness.token(tenant: "acme", grants: ["ferrule.metrics.read"])
        let plain = try await harness.token(tenant: "acme", grants: ["isp.*"])
        try await harness.test { client in
            // A loaded machine may miss the 2 s of a check now and then; five misses are a failure.
            var response = try await client.execute(uri: "/readyz", method: .get)
            for _ in 0..<4 where response.status != .ok {
                response = try await client.execute(uri: "/readyz", method: .get)
            }
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.json("ready")?.boolValue == true)
            #expect(
                response.text.contains(#"{"name":"genieacs","ok":true,"detail":"1 of 2 tenants ok, 1 down"}"#),
                "\(response.text)"
            )
            #expect(!response.text.contains("acme") && !response.text.contains("globex"), "\(response.text)")
            let unprivileged = try await client.execute(uri: "/readyz", method: .get, headers: apiKey(plain))
            #expect(!unprivileged.text.contains("globex"), "\(unprivileged.text)")
            let detailed = try await client.execute(uri: "/readyz", method: .get, headers: apiKey(token))
            #expect(
                detailed.text.contains(#"{"name":"genieacs:globex","ok":false,"detail":"down"}"#),
                "\(detailed.text)"
            )
            #expect(!detailed.text.contains("127.0.0.1"), "no upstream address")
        }
        try await up.shutdown()
    }
}

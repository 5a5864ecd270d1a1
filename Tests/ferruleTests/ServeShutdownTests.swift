import FerruleTestSupport
import Foundation
import Testing

/// SIGTERM with a request that outlives the shutdown's bound: the access log says what happened
/// (`aborted`), and a normal shutdown logs no error.
@Suite("ferrule serve: shutdown logging")
struct ServeShutdownTests {
    @Test("a request still waiting on GenieACS when shutdown gives up is logged as aborted; no cancellation errors")
    func abortedRequestLogged() async throws {
        let upstream = try SilentListener(accepting: true)
        let directory = try Scratch.directory([
            "serve.yaml": """
            runner: {shutdown_grace_seconds: 0}
            limits: {upstream_timeout_seconds: 600}
            tenants:
              acme: {genieacs: {url: "\(upstream.url)"}}

            """
        ])
        let state = try Scratch.directory("ferrule-serve").path
        let server = try await ServeProcess.start(
            ["--config", directory + "/serve.yaml", "--port", "0", "--state", state]
        )
        let token = try await ServeEndToEndTests.createToken(state, ["--tenant", "acme", "--permission", "isp.*"])
        let inFlight = Task {
            try? await server.request("GET", "/api/v1/genieacs/devices", headers: ["X-API-Key": token])
        }
        try await until(.seconds(60), "the request to reach GenieACS") { upstream.accepted > 0 }
        let status = await server.terminate(timeout: .seconds(60))
        _ = await inFlight.value
        #expect(status != nil, "the server exited: \(server.log)")
        let lines = server.log.split(separator: "\n").filter { $0.contains("/api/v1/genieacs/devices") }
        #expect(lines.contains { $0.contains("status=aborted") }, "\(server.log)")
        #expect(!lines.contains { $0.contains("status=502") || $0.contains("status=500") }, "\(server.log)")
        #expect(!server.log.contains("cannot read a campaign store"), "\(server.log)")
        #expect(!server.log.contains("CancellationError"), "\(server.log)")
    }
}

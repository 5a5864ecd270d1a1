import FerruleTestSupport
import Foundation
import Testing

/// SIGTERM with a request that outlives the shutdown's bound: the client gets a 503 saying so (not
/// an empty reply), the log says the deadline answered it, and the process exits 0.
@Suite("ferrule serve: shutdown logging")
struct ServeShutdownTests {
    @Test("a request still waiting on GenieACS when shutdown gives up is answered 503 and logged as aborted; exit 0")
    func abortedRequestLogged() async throws {
        let upstream = try SilentListener(accepting: true)
        let (server, token) = try await ServeEndToEndTests.serveWithToken(
            config: """
                runner: {shutdown_grace_seconds: 0}
                limits: {upstream_timeout_seconds: 600}
                tenants:
                  acme: {genieacs: {url: "\(upstream.url)"}}

                """,
            tenant: "acme"
        )
        let inFlight = Task {
            try await server.request("GET", "/api/v1/genieacs/devices", headers: ["X-API-Key": token])
        }
        try await until(.seconds(60), "the request to reach GenieACS") { upstream.accepted > 0 }
        let status = await server.terminate(timeout: .seconds(60))
        let answer = try await inFlight.value
        #expect(status == 0, "the server exited 0: \(server.log)")
        #expect(answer.status == 503, "\(answer.body)")
        #expect(answer.headers["connection"]?.lowercased() == "close", "\(answer.headers)")
        #expect(
            answer.body.contains(#""detail":"The server is stopping and stopped waiting for this request 7 s after"#),
            "\(answer.body)"
        )
        let lines = server.log.split(separator: "\n").filter { $0.contains("/api/v1/genieacs/devices") }
        // The handler is cancelled at the deadline; the access log says so when it ends before the
        // process exits, and the deadline's own line always does.
        #expect(server.log.contains("request still in flight at the shutdown deadline answered 503"), "\(server.log)")
        #expect(!lines.contains { $0.contains("status=502") || $0.contains("status=500") }, "\(server.log)")
        #expect(!server.log.contains("cannot read a campaign store"), "\(server.log)")
        #expect(!server.log.contains("CancellationError"), "\(server.log)")
    }
}

import FerruleTestSupport
import Foundation
import Testing

/// `ferrule acs devices` against an "NBI" whose answer never ends (a broken proxy, a wrong port
/// that streams): the read stops at 256 MiB, and the operator is told the answer was too large —
/// with the limit, the URL and what to do — not that GenieACS is unreachable.
@Suite("acs commands against an NBI answering without end", .timeLimit(.minutes(3)))
struct ACSAnswerLimitEndToEndTests {
    @Test("acs devices: exit 1, 'answer too large' naming 256 MiB and the URL; the read was stopped")
    func endlessAnswer() async throws {
        let server = try EndlessHTTPServer(pattern: "[{\"_id\":\"x\"},")
        defer { server.stop() }

        let output = try await FerruleRunner.run([
            "acs", "devices", "--acs", "http://127.0.0.1:\(server.port)",
        ])

        #expect(output.status == 1, "\(output.stderr)")
        let line = output.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(
            line.hasPrefix("error: GenieACS NBI answer too large: GET http://127.0.0.1:\(server.port)/devices/"),
            "\(line)"
        )
        #expect(line.contains("exceeded 256 MiB and was stopped unread"), "\(line)")
        #expect(line.contains("a projection or a smaller page"), "\(line)")
        #expect(!line.contains("unreachable"), "\(line)")
        #expect(server.requests.count == 1, "\(server.requests)")
        #expect(try await server.waitForEndedStreams(1), "ferrule kept reading the endless answer")
        #expect(server.bytesSent < 300 << 20, "\(server.bytesSent) bytes sent")
    }
}

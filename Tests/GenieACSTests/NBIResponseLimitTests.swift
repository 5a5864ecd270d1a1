import CurlHTTP
import FerruleJSON
import FerruleTestSupport
import GenieACS
import Testing

/// A broken or hostile NBI that answers without end: the read stops at the limit and the error
/// says the answer was too large — not that GenieACS is unreachable — with the limit, the URL and
/// what to do.
@Suite("NBIClient against an NBI whose answers never end", .timeLimit(.minutes(2)))
struct NBIResponseLimitTests {
    @Test("a page read stops at the client's limit; the error is 'answer too large', not 'unreachable'")
    func pageTooLarge() async throws {
        let server = try EndlessHTTPServer(pattern: "[{\"_id\":\"x\"},")
        defer { server.stop() }
        let http = try HTTPClient(configuration: HTTPClientConfiguration(maxResponseBytes: 2 << 20))
        defer { http.shutdown() }
        let acs = try NBIClient(baseURL: server.url(""), http: http)

        let error = try await #require(throws: GenieACSError.self) {
            _ = try await acs.query(.devices, CollectionQuery(limit: 1000))
        }

        let text = error.description
        #expect(
            text.hasPrefix("GenieACS NBI answer too large: GET http://127.0.0.1:\(server.port)/devices/?"),
            "\(text)"
        )
        #expect(text.contains("exceeded 2 MiB"), "\(text)")
        #expect(text.contains("a projection or a smaller page"), "\(text)")
        #expect(!text.contains("unreachable"), "\(text)")
        // What campaign reports record keeps the limit and the advice, not the address.
        let recorded = error.descriptionWithoutAddress
        #expect(recorded.contains("GET /devices/: the response is too large (it exceeded 2 MiB"), "\(recorded)")
        #expect(!recorded.contains("127.0.0.1"), "\(recorded)")
        #expect(try await server.waitForEndedStreams(1), "the client read on past its limit")
        #expect(server.requests.count == 1, "a too-large answer is not retried: \(server.requests)")
    }

    @Test("a task POST reads at most 16 MiB of the answer, whatever the client allows for pages")
    func taskAnswerTooLarge() async throws {
        let server = try EndlessHTTPServer(status: 202, reason: "Task queued but not processed")
        defer { server.stop() }
        let http = try HTTPClient()
        defer { http.shutdown() }
        let acs = try NBIClient(baseURL: server.url(""), http: http)

        let error = try await #require(throws: GenieACSError.self) {
            _ = try await acs.submit(TaskRequest(.reboot), to: "00E0FC-HG8245H-000001", connectionRequest: false)
        }

        #expect(error.transportError?.kind == .responseTooLarge, "\(error)")
        #expect(error.description.contains("exceeded 16 MiB"), "\(error)")
        #expect(NBIClient.writeResponseLimit == 16 << 20)
        #expect(try await server.waitForEndedStreams(1))
        #expect(server.bytesSent < 64 << 20, "\(server.bytesSent) bytes sent")
    }
}

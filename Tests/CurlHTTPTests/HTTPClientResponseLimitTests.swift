import CurlHTTP
import FerruleTestSupport
import Testing

/// Response bodies are bounded per request and across the requests in flight on one client: a
/// server that streams without end is cut off at the limit, the rest never read, and the error
/// names the limit, the URL (without credentials) and what to do.
@Suite("HTTPClient: response size limits against a server that never ends its body", .timeLimit(.minutes(2)))
struct HTTPClientResponseLimitTests {
    /// More than this many bytes sent means the client kept reading far past its limit (what a
    /// loopback socket's buffers hold is a few MiB).
    static let readFarPastLimit = 48 << 20

    @Test("an endless body fails at the client's limit, naming the limit, the URL without credentials and what to do")
    func endlessBodyFailsAtTheLimit() async throws {
        let server = try EndlessHTTPServer()
        defer { server.stop() }
        let client = try HTTPClient(configuration: HTTPClientConfiguration(maxResponseBytes: 1 << 20))
        defer { client.shutdown() }
        let url = "http://operator:hunter2@127.0.0.1:\(server.port)/devices/?query=%7B%7D"

        let error = try await #require(throws: HTTPClientError.self) {
            _ = try await client.send(HTTPRequest(method: "GET", url: url))
        }

        #expect(error.kind == .responseTooLarge)
        let text = error.description
        #expect(text.hasPrefix("GET http://127.0.0.1:\(server.port)/devices/?query=%7B%7D: "), "\(text)")
        #expect(text.contains("exceeded 1 MiB and was stopped unread"), "\(text)")
        #expect(text.contains("ask for less"), "\(text)")
        #expect(!text.contains("hunter2") && !text.contains("unreachable"), "\(text)")
        // The client hung up at the limit: the server's next write failed.
        #expect(try await server.waitForEndedStreams(1), "the client kept the endless answer open")
        #expect(server.bytesSent < Self.readFarPastLimit, "\(server.bytesSent) bytes sent")
    }

    @Test("a request's own limit is lower than the client's and applies to that request only")
    func requestLimit() async throws {
        let server = try EndlessHTTPServer()
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }

        let error = try await #require(throws: HTTPClientError.self) {
            _ = try await client.send(HTTPRequest(method: "POST", url: server.url("/tasks"), maxResponseBytes: 100_000))
        }

        #expect(error.kind == .responseTooLarge)
        #expect(error.description.contains("exceeded 100000 bytes"), "\(error)")
        #expect(try await server.waitForEndedStreams(1))
    }

    @Test("a truncating request ends with the status and the first bytes of an endless body, the rest unread")
    func truncatedAnswer() async throws {
        let server = try EndlessHTTPServer(status: 500, reason: "Internal Server Error", pattern: "boom ")
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }

        let response = try await client.send(
            HTTPRequest(method: "POST", url: server.url("/hook"), maxResponseBytes: 65_536, responseOverflow: .truncate)
        )

        #expect(response.status == 500)
        #expect(response.reasonPhrase == "Internal Server Error")
        #expect(response.isTruncated)
        #expect(response.body.count == 65_536)
        #expect(response.text.hasPrefix("boom boom "))
        #expect(try await server.waitForEndedStreams(1))
        #expect(server.bytesSent < Self.readFarPastLimit, "\(server.bytesSent) bytes sent")
    }

    @Test("parallel endless bodies together stop at the client's shared budget, and the budget is given back")
    func sharedBudget() async throws {
        let server = try EndlessHTTPServer()
        defer { server.stop() }
        // Each request alone could keep 64 MiB; all of them together may hold 4 MiB.
        let client = try HTTPClient(
            configuration: HTTPClientConfiguration(maxResponseBytes: 64 << 20, maxBufferedResponseBytes: 4 << 20)
        )
        defer { client.shutdown() }

        let errors = await withTaskGroup(of: HTTPClientError?.self) { group in
            for index in 0..<4 {
                group.addTask {
                    do {
                        _ = try await client.send(HTTPRequest(method: "GET", url: server.url("/devices/\(index)")))
                        return nil
                    } catch {
                        return error as? HTTPClientError
                    }
                }
            }
            var errors: [HTTPClientError?] = []
            for await error in group { errors.append(error) }
            return errors
        }

        #expect(errors.count == 4)
        for error in errors {
            #expect(error?.kind == .responseTooLarge, "\(String(describing: error))")
        }
        // Whichever request passed the budget first names it; none got near its own 64 MiB.
        let texts = errors.compactMap { $0?.description }
        #expect(texts.contains { $0.contains("receiving at once passed 4 MiB together") }, "\(texts)")
        #expect(!texts.contains { $0.contains("exceeded 64 MiB") }, "\(texts)")
        #expect(try await server.waitForEndedStreams(4))

        // Every failed body gave its share back: a 3 MiB answer fits again.
        let body = [UInt8](repeating: 0x61, count: 3 << 20)
        let fixed = try LoopbackServer { _ in .response(200, "OK", body: body) }
        defer { fixed.stop() }
        let response = try await client.send(HTTPRequest(method: "GET", url: fixed.url("/file")))
        #expect(response.body.count == 3 << 20)
    }
}

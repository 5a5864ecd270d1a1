import CurlHTTP
import Synchronization
import Testing

/// What happens when a kept-alive connection closes without answering the next request.
@Suite struct HTTPClientResendTests {
    /// Counts requests per target, across the server's connection threads.
    private final class Counter: Sendable {
        private let counts = Mutex<[String: Int]>([:])

        /// The new count for `key`.
        func next(_ key: String) -> Int {
            counts.withLock { counts in
                counts[key, default: 0] += 1
                return counts[key, default: 0]
            }
        }
    }

    @Test("a POST whose reused connection closes unanswered is not resent and fails as .connectionDropped")
    func postNotResent() async throws {
        let server = try LoopbackServer { request in request.method == "POST" ? .close : .response(200, "OK") }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }

        _ = try await client.send(HTTPRequest(method: "GET", url: server.url("/devices")))
        let error = await #expect(throws: HTTPClientError.self) {
            try await client.send(
                HTTPRequest(method: "POST", url: server.url("/devices/d/tasks"), body: Array("{\"name\":\"x\"}".utf8))
            )
        }
        let empty = await #expect(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(method: "POST", url: server.url("/devices/d/tasks?connection_request")))
        }

        #expect(error?.kind == .connectionDropped)
        #expect(empty?.kind == .connectionDropped)
        #expect(server.requests.filter { $0.method == "POST" }.count == 2)
    }

    @Test("an idempotent request whose reused connection closes unanswered is resent on a fresh connection")
    func idempotentResent() async throws {
        let counter = Counter()
        let server = try LoopbackServer { request in
            request.target == "/flaky" && counter.next(request.target) == 1
                ? .close : .response(200, "OK", body: Array(request.body))
        }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }

        _ = try await client.send(HTTPRequest(method: "GET", url: server.url("/first")))
        let response = try await client.send(
            HTTPRequest(method: "PUT", url: server.url("/flaky"), body: Array("payload".utf8))
        )

        #expect(response.text == "payload")
        #expect(server.requests.map(\.target) == ["/first", "/flaky", "/flaky"])
        #expect(server.acceptedConnections == 2)
    }
}

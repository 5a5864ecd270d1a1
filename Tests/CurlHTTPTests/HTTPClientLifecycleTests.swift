import CurlHTTP
import Testing

@Suite struct HTTPClientLifecycleTests {
    /// Hangs on `/hang`, answers everything else at once.
    private static func server() throws -> LoopbackServer {
        try LoopbackServer { request in
            request.target == "/hang" ? .hang : .response(200, "OK", body: Array("fine".utf8))
        }
    }

    @Test("cancelling the waiting task throws .cancelled promptly and the client keeps working")
    func cancellation() async throws {
        let server = try Self.server()
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }

        let task = Task { try await client.send(HTTPRequest(method: "GET", url: server.url("/hang"))) }
        try await server.waitForRequests(1)
        let cancelled = ContinuousClock.now
        task.cancel()
        let error = await #expect(throws: HTTPClientError.self) { try await task.value }

        #expect(error?.kind == .cancelled)
        // Far below the 60 s default timeout; generous because a loaded 2-core CI resumes tasks late.
        #expect(ContinuousClock.now - cancelled < .seconds(30))
        let after = try await client.send(HTTPRequest(method: "GET", url: server.url("/ok")))
        #expect(after.text == "fine")
    }

    @Test("a task cancelled before it sends gets .cancelled without a request going out")
    func cancelledBeforeSending() async throws {
        let server = try Self.server()
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }

        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await client.send(HTTPRequest(method: "GET", url: server.url("/ok")))
        }
        let error = await #expect(throws: HTTPClientError.self) { try await task.value }

        #expect(error?.kind == .cancelled)
        #expect(server.requests.isEmpty)
    }

    @Test("shutdown fails in-flight requests with .cancelled, and later sends too")
    func shutdown() async throws {
        let server = try Self.server()
        defer { server.stop() }
        let client = try HTTPClient()

        let tasks = (0..<3).map { _ in
            Task { try await client.send(HTTPRequest(method: "GET", url: server.url("/hang"))) }
        }
        try await server.waitForRequests(3)
        client.shutdown()
        client.shutdown()

        for task in tasks {
            let error = await #expect(throws: HTTPClientError.self) { try await task.value }
            #expect(error?.kind == .cancelled)
        }
        let later = await #expect(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(method: "GET", url: server.url("/ok")))
        }
        #expect(later?.kind == .cancelled)
    }
}

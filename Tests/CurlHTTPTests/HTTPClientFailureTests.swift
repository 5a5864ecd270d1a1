import CurlHTTP
import Testing

@Suite struct HTTPClientFailureTests {
    @Test("a per-request timeout fails with .timeout after about that time, not the default")
    func perRequestTimeout() async throws {
        let server = try LoopbackServer { _ in .hang }
        defer { server.stop() }
        // The default is far above the bound below, so passing proves the request's own timeout
        // applied. The bound is generous: on 2 cores with every suite running in parallel, the
        // awaiting task can resume seconds late.
        let client = try HTTPClient(configuration: .init(requestTimeout: .seconds(300)))
        defer { client.shutdown() }
        let started = ContinuousClock.now

        let error = await #expect(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(method: "GET", url: server.url("/slow"), timeout: .milliseconds(300)))
        }

        let elapsed = ContinuousClock.now - started
        #expect(error?.kind == .timeout)
        #expect(error?.curlCode == 28)
        #expect(elapsed >= .milliseconds(250))
        #expect(elapsed < .seconds(60))
    }

    @Test("the configured request timeout applies when the request sets none")
    func configuredTimeout() async throws {
        let server = try LoopbackServer { _ in .hang }
        defer { server.stop() }
        let client = try HTTPClient(configuration: .init(requestTimeout: .milliseconds(200)))
        defer { client.shutdown() }

        let error = await #expect(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(method: "GET", url: server.url("/slow")))
        }

        #expect(error?.kind == .timeout)
    }

    @Test("a server that closes without answering gives .connectionDropped naming the request")
    func droppedConnection() async throws {
        let server = try LoopbackServer { _ in .close }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }
        let url = server.url("/devices/d/tasks")

        let error = await #expect(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(method: "POST", url: url, body: Array("{\"name\":\"bogus\"}".utf8)))
        }

        #expect(error?.kind == .connectionDropped)
        #expect(error?.method == "POST")
        #expect(error?.description.contains(url) == true)
    }

    @Test("a refused connection gives .connect and the description names the URL")
    func refused() async throws {
        let closed = try LoopbackServer.closedPort()
        defer { closed.release() }
        let url = "http://127.0.0.1:\(closed.port)/devices"
        let client = try HTTPClient()
        defer { client.shutdown() }

        let error = await #expect(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(method: "GET", url: url))
        }

        #expect(error?.kind == .connect)
        #expect(error?.curlCode == 7)
        #expect(error?.description.contains(url) == true)
        #expect(error?.detail.isEmpty == false)
    }

    @Test(
        "a scheme other than http or https is an invalid request",
        arguments: ["ftp://127.0.0.1/x", "file:///etc/passwd"]
    )
    func invalidScheme(url: String) async throws {
        let client = try HTTPClient()
        defer { client.shutdown() }

        let error = await #expect(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(method: "GET", url: url))
        }

        #expect(error?.kind == .invalidRequest)
    }

    @Test("a header with a line break is rejected as an invalid request without sending anything")
    func headerInjection() async throws {
        let server = try LoopbackServer { _ in .response(200, "OK") }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }

        let error = await #expect(throws: HTTPClientError.self) {
            try await client.send(
                HTTPRequest(method: "GET", url: server.url("/"), headers: [HTTPHeader("X-Key", "k3y\r\nX-Admin: 1")])
            )
        }

        #expect(error?.kind == .invalidRequest)
        #expect(error?.description.contains("k3y") == false)
        #expect(server.requests.isEmpty)
    }
}

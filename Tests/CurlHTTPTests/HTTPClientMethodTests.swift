import CurlHTTP
import Testing

@Suite struct HTTPClientMethodTests {
    /// Answers every request with its own method in a header and its body echoed back.
    private static func echoServer() throws -> LoopbackServer {
        try LoopbackServer { request in
            .response(200, "OK", headers: [("X-Method", request.method)], body: request.body)
        }
    }

    @Test("GET sends no body and reads the response body")
    func get() async throws {
        let server = try Self.echoServer()
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }

        let response = try await client.send(HTTPRequest(method: "GET", url: server.url("/presets")))

        #expect(response.header("X-Method") == "GET")
        let seen = try #require(server.requests.first)
        #expect(seen.method == "GET")
        #expect(seen.header("Content-Length") == nil)
        #expect(seen.header("User-Agent") == "ferrule")
    }

    @Test("HEAD returns the headers without waiting for the announced body, and the connection stays usable")
    func head() async throws {
        let server = try LoopbackServer { request in
            request.method == "HEAD"
                ? .response(200, "OK", headers: [("X-Method", "HEAD")], contentLength: 1000)
                : .response(200, "OK", body: Array("after".utf8))
        }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }

        let response = try await client.send(
            HTTPRequest(method: "HEAD", url: server.url("/devices"), timeout: .seconds(20))
        )
        let next = try await client.send(HTTPRequest(method: "GET", url: server.url("/devices")))

        #expect(response.status == 200)
        #expect(response.header("Content-Length") == "1000")
        #expect(response.body.isEmpty)
        #expect(next.text == "after")
        #expect(server.acceptedConnections == 1)
    }

    @Test(
        "POST, PUT and PATCH send a binary body the server receives and echoes intact",
        arguments: ["POST", "PUT", "PATCH"]
    )
    func bodyMethods(method: String) async throws {
        let body = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) } + [0, 0, 13, 10, 0]
        let server = try Self.echoServer()
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }

        let response = try await client.send(
            HTTPRequest(
                method: method,
                url: server.url("/files/firmware.bin"),
                headers: [HTTPHeader("Content-Type", "application/octet-stream")],
                body: body
            )
        )

        #expect(response.header("X-Method") == method)
        #expect(response.body == body)
        let seen = try #require(server.requests.first)
        #expect(seen.method == method)
        #expect(seen.body == body)
        #expect(seen.header("Content-Length") == String(body.count))
        #expect(seen.header("Content-Type") == "application/octet-stream")
        #expect(seen.header("Expect") == nil)
    }

    @Test("a body without a Content-Type gets none from libcurl, and an empty POST sends Content-Length 0")
    func bodyDefaults() async throws {
        let server = try Self.echoServer()
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }

        _ = try await client.send(HTTPRequest(method: "POST", url: server.url("/a"), body: Array("{}".utf8)))
        _ = try await client.send(HTTPRequest(method: "POST", url: server.url("/b?connection_request")))

        let seen = server.requests
        try #require(seen.count == 2)
        #expect(seen[0].header("Content-Type") == nil)
        #expect(seen[1].header("Content-Length") == "0")
        #expect(seen[1].body.isEmpty)
    }

    @Test("DELETE goes out as DELETE, with the request's own headers")
    func delete() async throws {
        let server = try Self.echoServer()
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }

        let response = try await client.send(
            HTTPRequest(method: "DELETE", url: server.url("/tasks/5f0c"), headers: [HTTPHeader("X-Trace", "t1")])
        )

        #expect(response.status == 200)
        #expect(response.header("X-Method") == "DELETE")
        let seen = try #require(server.requests.first)
        #expect(seen.method == "DELETE")
        #expect(seen.header("X-Trace") == "t1")
        #expect(seen.header("Content-Length") == nil)
    }
}

import CurlHTTP
import Testing

@Suite struct HTTPClientResponseTests {
    @Test(
        "the reason phrase arrives exactly as the server sent it",
        arguments: [
            ("HTTP/1.1 202 Task faulted", 202, "Task faulted"),
            ("HTTP/1.1 202 Device is offline", 202, "Device is offline"),
            ("HTTP/1.1 202 Task queued but not processed", 202, "Task queued but not processed"),
            (
                "HTTP/1.1 504 Connection request error:  socket   hang up", 504,
                "Connection request error:  socket   hang up"
            ),
            ("HTTP/1.1 200 ", 200, ""),
            ("HTTP/1.1 200", 200, ""),
            ("HTTP/1.1 404 No such device", 404, "No such device"),
        ]
    )
    func reasonPhrase(statusLine: String, status: Int, reason: String) async throws {
        let server = try LoopbackServer { _ in .raw(Array("\(statusLine)\r\nContent-Length: 0\r\n\r\n".utf8)) }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }

        let response = try await client.send(HTTPRequest(method: "GET", url: server.url("/tasks")))

        #expect(response.status == status)
        #expect(response.reasonPhrase == reason)
        #expect(response.url == server.url("/tasks"))
    }

    @Test("headers arrive in order with case-insensitive lookup, and the body byte for byte")
    func headersAndBody() async throws {
        let body = Array(0...255).map(UInt8.init) + Array("[{\"_id\":\"x\"}]".utf8)
        let server = try LoopbackServer { _ in
            .response(
                200,
                "OK",
                headers: [("total", "42"), ("Content-Type", "application/json"), ("X-Spaced", "a  b")],
                body: body
            )
        }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }

        let response = try await client.send(HTTPRequest(method: "GET", url: server.url("/devices/?query=%7B%7D")))

        #expect(response.status == 200)
        #expect(response.header("Total") == "42")
        #expect(response.header("TOTAL") == "42")
        #expect(response.header("content-type") == "application/json")
        #expect(response.header("x-spaced") == "a  b")
        #expect(response.header("missing") == nil)
        #expect(response.headers.map(\.name) == ["total", "Content-Type", "X-Spaced", "Content-Length"])
        #expect(response.body == body)
        #expect(server.requests.first?.target == "/devices/?query=%7B%7D")
    }

    @Test("a 4xx or 5xx status is a response, not an error")
    func errorStatusIsAResponse() async throws {
        let server = try LoopbackServer { _ in .response(503, "Device is in session", body: Array("busy".utf8)) }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }

        let response = try await client.send(HTTPRequest(method: "DELETE", url: server.url("/tasks/1")))

        #expect(response.status == 503)
        #expect(response.reasonPhrase == "Device is in session")
        #expect(response.text == "busy")
    }

    @Test("after an interim 100 Continue only the final status, reason and headers remain")
    func interimContinue() async throws {
        let bytes = Array(
            ("HTTP/1.1 100 Continue\r\nX-Interim: yes\r\n\r\n"
                + "HTTP/1.1 202 Task queued but not processed\r\nX-Final: yes\r\nContent-Length: 2\r\n\r\nok").utf8
        )
        let server = try LoopbackServer { _ in .raw(bytes) }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }

        let response = try await client.send(
            HTTPRequest(method: "POST", url: server.url("/devices/d/tasks"), body: Array("{\"name\":\"reboot\"}".utf8))
        )

        #expect(response.status == 202)
        #expect(response.reasonPhrase == "Task queued but not processed")
        #expect(response.header("X-Interim") == nil)
        #expect(response.header("X-Final") == "yes")
        #expect(response.headers.count == 2)
        #expect(response.text == "ok")
        // The body went out without waiting for 100-continue.
        #expect(server.requests.first?.header("Expect") == nil)
        #expect(server.requests.first?.body == Array("{\"name\":\"reboot\"}".utf8))
    }

    @Test("a chunked body arrives decoded")
    func chunkedBody() async throws {
        let bytes = Array(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n".utf8
        )
        let server = try LoopbackServer { _ in .raw(bytes) }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }

        let response = try await client.send(HTTPRequest(method: "GET", url: server.url("/faults")))

        #expect(response.text == "hello world")
    }

    @Test("a body over maxResponseBytes fails the request instead of filling memory; one at the limit arrives")
    func responseCap() async throws {
        let body = String(repeating: "x", count: 100_000)
        let bytes = Array("HTTP/1.1 200 OK\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
        let server = try LoopbackServer { _ in .raw(bytes) }
        defer { server.stop() }

        let small = try HTTPClient(configuration: HTTPClientConfiguration(maxResponseBytes: 10_000))
        defer { small.shutdown() }
        let error = try await #require(throws: HTTPClientError.self) {
            _ = try await small.send(HTTPRequest(method: "GET", url: server.url("/devices/")))
        }
        #expect(error.kind == .responseTooLarge)
        #expect(error.description.contains("exceeded 10000 bytes"), "\(error)")

        let exact = try HTTPClient(configuration: HTTPClientConfiguration(maxResponseBytes: 100_000))
        defer { exact.shutdown() }
        let response = try await exact.send(HTTPRequest(method: "GET", url: server.url("/devices/")))
        #expect(response.body.count == 100_000)
    }
}

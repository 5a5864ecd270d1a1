import CurlHTTP
import Testing

@Suite struct HTTPClientAuthenticationTests {
    @Test(
        "each authentication sends the expected header",
        arguments: [
            (
                HTTPClientConfiguration.Authentication.basic(username: "admin", password: "s3cret"),
                "Authorization", "Basic YWRtaW46czNjcmV0"
            ),
            (.bearer(token: "t0ken"), "Authorization", "Bearer t0ken"),
            (.header(name: "X-API-Key", value: "k3y"), "X-API-Key", "k3y"),
        ]
    )
    func sendsHeader(authentication: HTTPClientConfiguration.Authentication, name: String, value: String) async throws {
        let server = try LoopbackServer { _ in .response(200, "OK") }
        defer { server.stop() }
        let client = try HTTPClient(configuration: .init(authentication: authentication))
        defer { client.shutdown() }

        _ = try await client.send(HTTPRequest(method: "GET", url: server.url("/devices")))
        _ = try await client.send(HTTPRequest(method: "PUT", url: server.url("/presets/p"), body: Array("{}".utf8)))

        #expect(server.requests.count == 2)
        for request in server.requests {
            #expect(request.header(name) == value)
        }
    }

    @Test(
        "error text never contains the password, token or key",
        arguments: [
            HTTPClientConfiguration.Authentication.basic(username: "admin", password: "s3cret"),
            .bearer(token: "s3cret"),
            .header(name: "X-API-Key", value: "s3cret"),
        ]
    )
    func errorsHideSecrets(authentication: HTTPClientConfiguration.Authentication) async throws {
        let closed = try LoopbackServer.closedPort()
        defer { closed.release() }
        let port = closed.port
        let client = try HTTPClient(configuration: .init(authentication: authentication))
        defer { client.shutdown() }

        for url in ["http://127.0.0.1:\(port)/devices", "http://admin:s3cret@127.0.0.1:\(port)/devices"] {
            let error = await #expect(throws: HTTPClientError.self) {
                try await client.send(HTTPRequest(method: "GET", url: url))
            }
            #expect(error?.kind == .connect)
            #expect(error?.description.contains("s3cret") == false)
            #expect(String(reflecting: error).contains("s3cret") == false)
        }
    }
}

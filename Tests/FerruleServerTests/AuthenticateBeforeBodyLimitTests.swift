import FerruleTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import FerruleServer

/// Authentication comes before the body limit: a client without a valid token gets 401 whatever
/// its body's size (it learns no limit and costs no body reading); an authenticated one over the
/// limit gets 413. Either way the body is not read past the limit: a body still arriving when the
/// answer is written is not drained, the connection is closed.
@Suite("ferrule serve: authentication before the body limit")
struct AuthenticateBeforeBodyLimitTests {
    @Test("no token or a wrong one with a body over the limit: 401, not 413")
    func unauthenticatedOversize() async throws {
        let server = try APIErrorShapeTests.server()
        let token = try await server.token()
        try await server.test { client in
            let body = ByteBuffer(repeating: 0x61, count: 5000)
            for headers: HTTPFields in [[:], [.init("X-API-Key")!: "frl_nope"], [.authorization: "Bearer nope"]] {
                var sized = headers
                sized[.contentLength] = "5000"
                sized[.contentType] = "application/json"
                let response = try await client.execute(
                    uri: "/api/v1/ferrule/campaigns",
                    method: .post,
                    headers: sized,
                    body: body
                )
                #expect(response.status == .unauthorized, "\(headers): \(response.status) \(response.text)")
                #expect(response.detail == "Not authenticated", "\(response.text)")
                #expect(!response.text.contains("1024"), "no limit told to an unauthenticated client")
            }
            let authenticated = try await client.execute(
                uri: "/api/v1/ferrule/campaigns",
                method: .post,
                headers: apiKey(token, [.contentLength: "5000", .contentType: "application/json"]),
                body: body
            )
            #expect(authenticated.status == .contentTooLarge)
            #expect(authenticated.detail == "Request body too large: the limit is 1024 bytes")
        }
    }

    /// The application `ferrule serve` runs (its channel handlers included), with a 1 KiB body
    /// limit, tenant `acme` and a token of it.
    static func application() async throws -> (some ApplicationProtocol, String) {
        var configuration = ServerConfiguration(stateDirectory: try Scratch.directory("ferrule-server").path)
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.tenants = [TenantSettings(name: "acme")]
        configuration.runner.enabled = false
        configuration.limits.maxBodyBytes = 1024
        // Far beyond the client's 20 s read timeout: only the server's own close ends an exchange.
        configuration.limits.idleTimeoutSeconds = 600
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let runtime = try ServerRuntime(configuration: configuration, environment: [:], logger: logger)
        let token = try await runtime.tokens.create(
            name: "test",
            tenant: "acme",
            permissions: PermissionSet(grants: ["isp.*"]),
            expiresAt: nil,
            now: Date().timeIntervalSince1970 * 1000
        ).1.text
        return (try ServerApplication.build(runtime: runtime, logger: logger, routes: APIRoutes.all), token)
    }

    @Test("a body declared far over the limit, mostly unsent: answered at once and the connection closed")
    func notDrained() async throws {
        let (application, token) = try await Self.application()
        try await application.test(.live) { client in
            let port = try #require(client.port)
            for (credential, status) in [(nil, 401), ("frl_nope", 401), (token, 413)] as [(String?, Int)] {
                // 1 GiB declared, 100 bytes sent, and the socket left open: a server that waited
                // for (or drained) the body would keep the connection open until the client's
                // 20 s receive timeout.
                var head = "POST /api/v1/ferrule/campaigns HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                head += "Content-Type: application/json\r\nContent-Length: 1073741824\r\n"
                if let credential { head += "X-API-Key: \(credential)\r\n" }
                let exchange = try await ServerConnectMethodTests.exchange(
                    port: port,
                    head + "\r\n" + String(repeating: "a", count: 100)
                )
                let answer = ChunkedBodyLimitTests.answer(exchange.text)
                #expect(answer.status == status, "\(exchange.text.prefix(300))")
                #expect(exchange.closed, "the server closed the connection instead of reading the body")
                #expect(exchange.text.lowercased().contains("connection: close"), "\(exchange.text.prefix(300))")
            }
        }
    }

    @Test("a small body over the limit that has fully arrived keeps the connection open")
    func keepAlive() async throws {
        let (application, token) = try await Self.application()
        try await application.test(.live) { client in
            let port = try #require(client.port)
            let body = String(repeating: "a", count: 2000)
            var request = "POST /api/v1/ferrule/campaigns HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            request += "X-API-Key: \(token)\r\nContent-Length: 2000\r\n\r\n" + body
            request += "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
            let exchange = try await ServerConnectMethodTests.exchange(port: port, request)
            #expect(exchange.text.hasPrefix("HTTP/1.1 413"), "\(exchange.text.prefix(300))")
            #expect(!exchange.text.prefix(400).lowercased().contains("connection: close"), "\(exchange.text)")
            #expect(
                exchange.text.contains(#"{"status":"ok"}"#),
                "the second request was answered on the same connection"
            )
        }
    }
}

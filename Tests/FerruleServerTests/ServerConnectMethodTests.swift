import FerruleServer
import FerruleTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Error answers a client can tell the end of: a length, or the connection closed. An answer to
/// `CONNECT` carries no body or length in HTTP/1.1, so the server closes the connection after it.
@Suite("ferrule serve: every error answer ends")
struct ServerConnectMethodTests {
    /// What a raw HTTP/1.1 exchange read: the bytes, and whether the server closed the connection
    /// (rather than the 20 s read timeout ending the wait).
    struct Exchange: Sendable {
        var text: String
        var closed: Bool
    }

    /// Sends `request` to 127.0.0.1:`port` on a thread of its own (blocking socket calls never run
    /// on the cooperative pool) and reads until the server closes or 20 s pass without a byte.
    static func exchange(port: Int, _ request: String) async throws -> Exchange {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try Self.blockingExchange(port: port, request) })
            }.start()
        }
    }

    struct SocketError: Error, CustomStringConvertible {
        var description: String
    }

    private static func blockingExchange(port: Int, _ request: String) throws -> Exchange {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw SocketError(description: "socket: errno \(errno)") }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw SocketError(description: "connect: errno \(errno)") }
        let bytes = Array(request.utf8)
        guard send(descriptor, bytes, bytes.count, 0) == bytes.count else {
            throw SocketError(description: "send: errno \(errno)")
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count > 0 {
                received += buffer[0..<count]
            } else {
                return Exchange(text: String(decoding: received, as: UTF8.self), closed: count == 0)
            }
        }
    }

    /// A runtime on loopback with tenant `acme` and no campaign runner, and a silent logger.
    static func runtime() throws -> (ServerRuntime, Logger) {
        var configuration = ServerConfiguration(stateDirectory: try Scratch.directory("ferrule-server").path)
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.tenants = [TenantSettings(name: "acme")]
        configuration.runner.enabled = false
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        return (try ServerRuntime(configuration: configuration, environment: [:], logger: logger), logger)
    }

    @Test("CONNECT is answered with its error status and Connection: close, and the connection is closed")
    func connectClosed() async throws {
        var configuration = ServerConfiguration(stateDirectory: try Scratch.directory("ferrule-server").path)
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.runner.enabled = false
        // Far beyond the read timeout: only the server's own close ends the exchange in time.
        configuration.limits.idleTimeoutSeconds = 600
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let runtime = try ServerRuntime(configuration: configuration, environment: [:], logger: logger)
        let application = try ServerApplication.build(runtime: runtime, logger: logger)
        try await application.test(.live) { client in
            let port = try #require(client.port)
            let connect = try await Self.exchange(
                port: port,
                "CONNECT /api/v1/genieacs/devices HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            )
            #expect(connect.closed, "the server closed the connection: \(connect.text)")
            #expect(connect.text.hasPrefix("HTTP/1.1 401"), "\(connect.text)")
            #expect(connect.text.lowercased().contains("connection: close"), "\(connect.text)")

            // HTTP/1.0 without keep-alive: the client reads until the connection closes.
            let old = try await Self.exchange(port: port, "GET /healthz HTTP/1.0\r\n\r\n")
            #expect(old.closed, "an HTTP/1.0 request's connection is closed after its answer: \(old.text)")
            #expect(old.text.contains(" 200 "), "\(old.text)")
            #expect(old.text.lowercased().contains("connection: close"), "\(old.text)")

            // Any other error answer carries the envelope with its length.
            let missing = try await Self.exchange(
                port: port,
                "GET /healthz/nope HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
            )
            #expect(missing.closed)
            #expect(missing.text.lowercased().contains("content-length: "), "\(missing.text)")
            #expect(missing.text.contains(#""detail":"#), "\(missing.text)")
        }
    }

    @Test(
        "a request HTTP/1.1 cannot parse is 400 with the error envelope and X-Correlation-ID, and the connection closes"
    )
    func unparsable() async throws {
        let (runtime, logger) = try Self.runtime()
        let application = try ServerApplication.build(runtime: runtime, logger: logger)
        try await application.test(.live) { client in
            let port = try #require(client.port)
            let cases = [
                ("FOO /healthz HTTP/1.1\r\nHost: x\r\n\r\n", "unknown method"),
                ("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", "Content-Length is not a number"),
                ("GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\u{01}b\r\n\r\n", "a header name or value holds a byte"),
            ]
            for (request, reason) in cases {
                let exchange = try await Self.exchange(port: port, request)
                #expect(exchange.text.hasPrefix("HTTP/1.1 400"), "\(reason): \(exchange.text.prefix(300))")
                #expect(exchange.closed, "\(reason): the connection closes")
                let lower = exchange.text.lowercased()
                #expect(lower.contains("x-correlation-id: "), "\(reason): \(exchange.text.prefix(400))")
                #expect(lower.contains("content-type: application/json"), "\(exchange.text.prefix(400))")
                #expect(exchange.text.contains(#""error_code":"HTTP_400""#), "\(exchange.text.prefix(600))")
                #expect(exchange.text.contains(reason), "\(reason): \(exchange.text.prefix(600))")
            }
        }
    }

    @Test(
        "a body in a transfer coding other than chunked is 501 and the connection closes; a client's marker is ignored"
    )
    func unsupportedTransferCoding() async throws {
        let (runtime, logger) = try Self.runtime()
        let application = try ServerApplication.build(runtime: runtime, logger: logger, routes: APIRoutes.all)
        try await application.test(.live) { client in
            let port = try #require(client.port)
            for coding in ["gzip, chunked", "GZip,chunked", "deflate\r\nTransfer-Encoding: chunked"] {
                let exchange = try await Self.exchange(
                    port: port,
                    "POST /api/v1/genieacs/tasks/refresh HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nTransfer-Encoding: \(coding)\r\n\r\n5\r\nabcde\r\n0\r\n\r\n"
                )
                #expect(exchange.text.hasPrefix("HTTP/1.1 501"), "\(coding.debugDescription): \(exchange.text)")
                #expect(exchange.text.contains("is not supported"), "\(exchange.text)")
                #expect(exchange.closed, "\(coding.debugDescription): the connection stayed open")
            }
            // Plain chunked, with a forged marker: the route answers (401 without a token).
            let plain = try await Self.exchange(
                port: port,
                "POST /api/v1/genieacs/tasks/refresh HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "X-Ferrule-Unsupported-Transfer-Coding: gzip\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"
            )
            #expect(plain.text.hasPrefix("HTTP/1.1 401"), "\(plain.text)")
        }
    }

    @Test("a chunked body whose framing is broken is 400 (the client's fault), never 500")
    func brokenChunks() async throws {
        let (runtime, logger) = try Self.runtime()
        let token = try await runtime.tokens.create(
            name: "t",
            tenant: "acme",
            permissions: PermissionSet(grants: ["isp.*"]),
            expiresAt: nil
        ).1.text
        let application = try ServerApplication.build(runtime: runtime, logger: logger, routes: APIRoutes.all)
        try await application.test(.live) { client in
            let port = try #require(client.port)
            for body in ["ffffffffffffffffff\r\nabc", "zz\r\nabc", "5\r\nabcdefgh\r\n0\r\n\r\n"] {
                let exchange = try await Self.exchange(
                    port: port,
                    "POST /api/v1/genieacs/tasks/refresh HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: \(token)\r\n"
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + body
                )
                #expect(exchange.text.hasPrefix("HTTP/1.1 400"), "\(body.debugDescription): \(exchange.text)")
                #expect(!exchange.text.contains("HTTP/1.1 500"), "\(exchange.text)")
            }
        }
    }
}

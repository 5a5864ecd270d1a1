import FerruleServer
import FerruleTestSupport
import Foundation
import HummingbirdTesting
import Testing

/// The body limit does not depend on how the client frames the body: a chunked body (no
/// `Content-Length`) gets the answer the same body with a `Content-Length` gets, on a real socket
/// (HummingbirdTesting's in-process client always adds a `Content-Length`).
@Suite("ferrule serve: chunked bodies and the body limit")
struct ChunkedBodyLimitTests {
    /// One answer: its status and error `detail`, and its `Allow` header.
    struct Answer: Equatable, CustomStringConvertible {
        var status: Int
        var detail: String?
        var allow: String?
        var description: String { "\(status) \(detail ?? "-") allow=\(allow ?? "-")" }
    }

    /// `method path` with `body`, framed chunked (500-byte chunks) or with a `Content-Length`.
    static func send(
        port: Int,
        _ method: String,
        _ path: String,
        body: String,
        chunked: Bool,
        token: String?
    ) async throws -> Answer {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        head += "Content-Type: application/json\r\n"
        if let token { head += "X-API-Key: \(token)\r\n" }
        var framed = ""
        if chunked {
            head += "Transfer-Encoding: chunked\r\n"
            var rest = Substring(body)
            while !rest.isEmpty {
                let chunk = rest.prefix(500)
                framed += String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n"
                rest = rest.dropFirst(chunk.count)
            }
            framed += "0\r\n\r\n"
        } else {
            head += "Content-Length: \(body.utf8.count)\r\n"
            framed = body
        }
        let exchange = try await ServerConnectMethodTests.exchange(port: port, head + "\r\n" + framed)
        return answer(exchange.text)
    }

    /// The status, `detail` and `Allow` of a raw HTTP/1.1 answer.
    static func answer(_ text: String) -> Answer {
        let parts = text.components(separatedBy: "\r\n\r\n")
        let lines = (parts.first ?? "").components(separatedBy: "\r\n")
        let status = lines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        let allow = lines.first { $0.lowercased().hasPrefix("allow:") }.map {
            $0.dropFirst("allow:".count).trimmingCharacters(in: .whitespaces)
        }
        let body = parts.dropFirst().joined(separator: "\r\n\r\n")
        let json = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        return Answer(status: status, detail: json?["detail"] as? String, allow: allow)
    }

    @Test("over the limit: 413 with the limit whether chunked or sized, even where the method is not declared")
    func overLimit() async throws {
        let server = try APIErrorShapeTests.server()
        let token = try await server.token()
        let body = #"{"weight": 1, "note": ""# + String(repeating: "a", count: 2000) + #""}"#
        try await server.application.test(.live) { client in
            let port = try #require(client.port)
            for (method, token) in [("POST", token), ("PATCH", token), ("POST", nil)] {
                let path = "/api/v1/genieacs/presets/x"
                let sized = try await Self.send(port: port, method, path, body: body, chunked: false, token: token)
                let chunked = try await Self.send(port: port, method, path, body: body, chunked: true, token: token)
                if token == nil {
                    // Authentication comes first: no token is 401 whatever the body's size.
                    #expect(sized.status == 401, "\(method) sized without a token: \(sized)")
                    #expect(sized.detail == "Not authenticated", "\(sized)")
                } else {
                    #expect(sized.status == 413, "\(method) sized: \(sized)")
                    #expect(sized.detail == "Request body too large: the limit is 1024 bytes", "\(sized)")
                }
                #expect(chunked == sized, "\(method) token=\(token != nil): chunked \(chunked), sized \(sized)")
            }
        }
    }

    @Test("within the limit: a chunked body gets the answer the same body with a Content-Length gets")
    func withinLimit() async throws {
        let server = try APIErrorShapeTests.server()
        let token = try await server.token()
        try await server.application.test(.live) { client in
            let port = try #require(client.port)
            let path = "/api/v1/genieacs/presets/x"
            for method in ["POST", "PATCH"] {
                let body = #"{"weight": 1}"#
                let sized = try await Self.send(port: port, method, path, body: body, chunked: false, token: token)
                let chunked = try await Self.send(port: port, method, path, body: body, chunked: true, token: token)
                #expect(sized.status != 413, "\(method): \(sized)")
                #expect(chunked == sized, "\(method): chunked \(chunked), sized \(sized)")
            }
            // POST is not a method of the preset path (GET, PATCH, DELETE are): 405 naming them.
            let post = try await Self.send(port: port, "POST", path, body: "{}", chunked: true, token: token)
            #expect(post.status == 405, "\(post)")
            #expect(post.allow?.contains("PATCH") == true, "\(post)")
        }
    }
}

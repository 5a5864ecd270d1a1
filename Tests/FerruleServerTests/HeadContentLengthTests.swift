import FerruleJSON
import FerruleServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// HEAD answers with GET's header fields (RFC 9110 §9.3.2), `Content-Length` included: a load
/// balancer or cache that sizes an answer by HEAD must see the length GET sends, not 0.
@Suite("ferrule serve: HEAD has GET's Content-Length")
struct HeadContentLengthTests {
    /// The GET and HEAD answers to `path`: status, `Content-Length`, and the GET body's size.
    static func compare(
        _ client: any TestClientProtocol,
        _ path: String,
        headers: HTTPFields
    ) async throws -> (get: (HTTPResponse.Status, String?, Int), head: (HTTPResponse.Status, String?, Int)) {
        let get = try await client.execute(uri: path, method: .get, headers: headers)
        let head = try await client.execute(uri: path, method: .head, headers: headers)
        return (
            (get.status, get.headers[.contentLength], get.body.readableBytes),
            (head.status, head.headers[.contentLength], head.body.readableBytes)
        )
    }

    @Test("/healthz, /readyz and /openapi.json (at the root and under both prefixes): HEAD's length is GET's")
    func operationalRoutes() async throws {
        let server = try ServerTestHarness(routes: APIRoutes.all)
        try await server.test { client in
            let paths = ["/healthz", "/readyz", "/openapi.json", "/api/v1/openapi.json", "/api/isp/v1/openapi.json"]
            for path in paths {
                let (get, head) = try await Self.compare(client, path, headers: [:])
                #expect(get.0 == head.0, "\(path): GET \(get.0), HEAD \(head.0)")
                #expect(get.2 > 0, "\(path): GET has content")
                #expect(get.1 == String(get.2), "\(path): GET's Content-Length is its body's size")
                #expect(head.1 == String(get.2), "\(path): HEAD Content-Length \(head.1 ?? "none"), GET body \(get.2)")
                #expect(head.2 == 0, "\(path): HEAD has no content")
            }
        }
    }

    @Test("/metrics: HEAD gives a Content-Length of its (growing) exposition, not 0")
    func metrics() async throws {
        let server = try ServerTestHarness(routes: APIRoutes.all)
        let token = try await server.token(grants: ["ferrule.metrics.read"])
        try await server.test { client in
            let head = try await client.execute(uri: "/metrics", method: .head, headers: apiKey(token))
            #expect(head.status == .ok)
            let length = try #require(head.headers[.contentLength].flatMap { Int($0) })
            #expect(length > 100, "HEAD /metrics Content-Length \(length)")
            #expect(head.body.readableBytes == 0)
        }
    }

    @Test("every GET of the API document: HEAD has GET's status and Content-Length, and no content")
    func everyDocumentGet() async throws {
        let server = try ServerTestHarness(routes: APIRoutes.all)
        let token = try await server.token(grants: ["isp.*", "ferrule.*"])
        let paths = try APIMethodNotAllowedTests.documentMethods().filter { $0.methods.contains("GET") }
        #expect(paths.count >= 30)
        try await server.test { client in
            for (path, _) in paths {
                let concrete = path.replacingOccurrences(of: #"\{[a-z_]+\}"#, with: "x1", options: .regularExpression)
                let uri = "/api/v1" + concrete
                let (get, head) = try await Self.compare(client, uri, headers: apiKey(token))
                #expect(get.0 == head.0, "\(uri): GET \(get.0), HEAD \(head.0)")
                #expect(head.2 == 0, "\(uri): HEAD has no content")
                #expect(get.1 == String(get.2), "\(uri): GET's Content-Length \(get.1 ?? "none"), body \(get.2)")
                #expect(head.1 == get.1, "\(uri): HEAD Content-Length \(head.1 ?? "none"), GET's \(get.1 ?? "none")")
            }
        }
    }
}

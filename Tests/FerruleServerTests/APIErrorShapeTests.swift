import FerruleJSON
import FerruleTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import OpenAPIRuntime
import Testing

@testable import FerruleServer

/// Errors from the API routes behind the server's whole chain: the server's own answers keep
/// their status, unexpected failures say nothing about the server's insides.
@Suite("ferrule serve: API errors through the server chain")
struct APIErrorShapeTests {
    static func server(limit: Int = 1024) throws -> ServerTestHarness {
        try ServerTestHarness(routes: APIRoutes.all) { configuration in
            configuration.limits.maxBodyBytes = limit
            var acme = TenantSettings(name: "acme")
            acme.genieACS = .init(url: "http://127.0.0.1:9")
            configuration.tenants = [acme]
        }
    }

    @Test("a streamed (chunked) body over the limit on an API route is 413 with the limit, not 500")
    func streamedBodyOverLimit() async throws {
        let server = try Self.server()
        let token = try await server.token()
        try await server.test { client in
            let body = #"{"device_id": ""# + String(repeating: "a", count: 2000) + #""}"#
            let response = try await client.execute(
                uri: "/api/v1/genieacs/tasks/refresh",
                method: .post,
                headers: apiKey(token, [.contentType: "application/json"]),
                body: ByteBuffer(string: body)
            )
            #expect(response.status == .contentTooLarge, "\(response.text)")
            #expect(response.detail == "Request body too large: the limit is 1024 bytes", "\(response.text)")
            #expect(!response.text.contains("genieacsTaskRefresh"))
            #expect(response.headers[HTTPField.Name("X-Correlation-ID")!] != nil)
        }
    }

    struct Boom: Error, CustomStringConvertible {
        var description: String { "the database exploded at /var/lib/secret-path" }
    }

    @Test("an unexpected runtime error is passed on (not answered with the operation and cause)")
    func unexpectedPassedOn() async throws {
        let middleware = APIErrorMiddleware()
        let request = HTTPRequest(method: .get, scheme: nil, authority: nil, path: "/x")
        let error = ServerError(
            operationID: "opName",
            request: request,
            requestBody: nil,
            requestMetadata: .init(),
            causeDescription: "Unknown",
            underlyingError: Boom()
        )
        await #expect(throws: ServerError.self) {
            _ = try await middleware.intercept(request, body: nil, metadata: .init(), operationID: "opName") {
                _,
                _,
                _ in
                throw error
            }
        }
        let envelope = ErrorEnvelopeMiddleware<BasicRequestContext>(logger: .init(label: "t"))
        let (status, detail, _) = envelope.classify(error)
        #expect(status == .internalServerError)
        #expect(detail == "An unexpected error occurred")
        #expect(
            ErrorEnvelopeMiddleware<BasicRequestContext>.cause(of: error).contains("exploded"),
            "the log keeps the cause"
        )
    }

    @Test("a handler's error and the chain's 401 and 413 have one shape: same keys, X-Correlation-ID, timestamp with Z")
    func oneShape() async throws {
        let server = try Self.server()
        let token = try await server.token()
        try await server.test { client in
            let handler = try await client.execute(
                uri: "/api/v1/ferrule/campaigns/nope",
                method: .get,
                headers: apiKey(token)
            )
            #expect([.notFound, .unprocessableContent].contains(handler.status), "\(handler.text)")
            let chain = try await client.execute(uri: "/api/v1/ferrule/campaigns/nope", method: .get)
            #expect(chain.status == .unauthorized)
            let tooLarge = try await client.execute(
                uri: "/api/v1/ferrule/campaigns",
                method: .post,
                headers: apiKey(token, [.contentLength: "5000", .contentType: "application/json"]),
                body: ByteBuffer(repeating: 0x61, count: 5000)
            )
            #expect(tooLarge.status == .contentTooLarge)
            let correlation = HTTPField.Name("X-Correlation-ID")!
            var shapes: [[String]] = []
            for response in [handler, chain, tooLarge] {
                let json = try JSONValue.parse(Array(response.text.utf8))
                shapes.append((json.objectMembers ?? []).map(\.0).sorted())
                let timestamp = json["timestamp"]?.stringValue ?? ""
                #expect(timestamp.hasSuffix("Z"), "\(response.status): \(timestamp)")
                #expect(response.headers[correlation] != nil, "\(response.status) lacks X-Correlation-ID")
                #expect(response.headers[correlation] == json["correlation_id"]?.stringValue)
            }
            #expect(shapes[0] == shapes[1], "\(shapes)")
            #expect(shapes[0] == shapes[2], "\(shapes)")
            #expect(shapes[0].contains("user_message"))
        }
    }
}

/// The documented per-route upload limits and `max_body_bytes` agree: the larger wins.
@Suite("ferrule serve: upload routes' body limits")
struct UploadBodyLimitTests {
    @Test("a 2 MiB rules upload passes the 1 MiB default; the same body elsewhere is 413")
    func uploadRoutesAllowMore() async throws {
        let server = try ServerTestHarness(routes: APIRoutes.all)
        let token = try await server.token()
        let text = "# " + String(repeating: "x", count: 2 << 20) + "\nrules: []\n"
        let body = JSONValue.object([("files", .object([("rules/big.yaml", .string(text))]))]).compactText
        try await server.test { client in
            let lint = try await client.execute(
                uri: "/api/v1/ferrule/rules/lint",
                method: .post,
                headers: apiKey(token, [.contentType: "application/json"]),
                body: ByteBuffer(string: body)
            )
            #expect(lint.status != .contentTooLarge, "\(lint.status): \(lint.text.prefix(300))")
            let campaign = try await client.execute(
                uri: "/api/v1/ferrule/campaigns",
                method: .post,
                headers: apiKey(token, [.contentType: "application/json"]),
                body: ByteBuffer(string: body)
            )
            #expect(campaign.status == .contentTooLarge)
            #expect(campaign.detail == "Request body too large: the limit is 1048576 bytes")
        }
    }
}

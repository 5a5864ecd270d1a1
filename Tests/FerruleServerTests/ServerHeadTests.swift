import FerruleServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// HEAD works wherever GET does (RFC 9110 §9.3.2): load balancers probe health this way.
@Suite("ferrule serve: HEAD")
struct ServerHeadTests {
    @Test("HEAD on /healthz, /readyz, /openapi.json and an API GET route: GET's status and headers, no body")
    func headLikeGet() async throws {
        let server = try ServerTestHarness(routes: APIRoutes.all)
        let token = try await server.token()
        try await server.test { client in
            for uri in ["/healthz", "/readyz", "/openapi.json", "/api/v1/openapi.json", "/api/v1/ferrule/campaigns"] {
                let get = try await client.execute(uri: uri, method: .get, headers: apiKey(token))
                let head = try await client.execute(uri: uri, method: .head, headers: apiKey(token))
                #expect(head.status == get.status, "\(uri): \(head.status) vs \(get.status)")
                #expect(head.status != .methodNotAllowed, "\(uri)")
                #expect(head.body.readableBytes == 0, "\(uri) HEAD has no body")
                #expect(head.headers[.contentType] == get.headers[.contentType], "\(uri)")
            }
            // Still authenticated like GET.
            let anonymous = try await client.execute(uri: "/api/v1/ferrule/campaigns", method: .head)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.body.readableBytes == 0)
            // A path without GET still refuses HEAD, and says what it allows.
            let postOnly = try await client.execute(
                uri: "/api/v1/genieacs/tasks/refresh",
                method: .head,
                headers: apiKey(token)
            )
            #expect(postOnly.status == .methodNotAllowed)
        }
    }
}

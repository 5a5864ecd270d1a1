import FerruleJSON
import FerruleServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The seed's authentication and tenancy answers, each with its status and `detail`.
@Suite("ferrule serve: authentication, tenants and permissions")
struct ServerAuthenticationTests {
    @Test("no token: 401 Not authenticated with WWW-Authenticate: Bearer, in the error envelope")
    func noToken() async throws {
        let server = try ServerTestHarness()
        try await server.test { client in
            let response = try await client.execute(uri: "/api/v1/probe", method: .get)
            #expect(response.status == .unauthorized)
            #expect(response.detail == "Not authenticated")
            #expect(response.headers[.wwwAuthenticate] == "Bearer")
            #expect(response.json("error_code")?.stringValue == "HTTP_401")
            #expect(response.json("category")?.stringValue == "authentication")
            let requestID = try #require(response.headers[HTTPField.Name("X-Request-ID")!])
            #expect(response.json("correlation_id")?.stringValue == requestID)
            #expect(response.headers[HTTPField.Name("X-Correlation-ID")!] == requestID)
        }
    }

    @Test("a token is accepted as X-API-Key and as Authorization: Bearer; an unknown or altered one is not")
    func credentials() async throws {
        let server = try ServerTestHarness()
        let token = try await server.token()
        try await server.test { client in
            let key = try await client.execute(uri: "/api/v1/probe", method: .get, headers: apiKey(token))
            #expect(key.status == .ok)
            #expect(key.text == "tenant acme")
            let bearer = try await client.execute(
                uri: "/api/v1/probe",
                method: .get,
                headers: [.authorization: "Bearer \(token)"]
            )
            #expect(bearer.status == .ok)
            var altered = token
            altered.removeLast()
            altered += token.hasSuffix("0") ? "1" : "0"
            for wrong in [altered, "frl_nothing", "Basic abc"] {
                let response = try await client.execute(uri: "/api/v1/probe", method: .get, headers: apiKey(wrong))
                #expect(response.status == .unauthorized, "\(wrong)")
                #expect(response.detail == "Not authenticated")
            }
        }
    }

    @Test("another tenant named in X-Tenant-ID or ?tenant_id=: 403 User does not have access to this tenant")
    func wrongTenant() async throws {
        let server = try ServerTestHarness()
        let token = try await server.token(tenant: "acme")
        try await server.test { client in
            let header = try await client.execute(
                uri: "/api/v1/probe",
                method: .get,
                headers: apiKey(token, [HTTPField.Name("X-Tenant-ID")!: "globex"])
            )
            #expect(header.status == .forbidden)
            #expect(header.detail == "User does not have access to this tenant")
            let query = try await client.execute(
                uri: "/api/v1/probe?tenant_id=globex",
                method: .get,
                headers: apiKey(token)
            )
            #expect(query.status == .forbidden)
            #expect(query.detail == "User does not have access to this tenant")
            let same = try await client.execute(
                uri: "/api/v1/probe?tenant_id=acme",
                method: .get,
                headers: apiKey(token, [HTTPField.Name("X-Tenant-ID")!: "acme"])
            )
            #expect(same.status == .ok)
            // Naming its own tenant in one place and another in a second is naming another.
            for (uri, header) in [
                ("/api/v1/probe?tenant_id=globex", "acme"), ("/api/v1/probe?tenant_id=acme&tenant_id=globex", ""),
                ("/api/v1/probe?tenant_id=acme", "globex"),
                // Percent-encoded names and values are the same parameter to the router.
                ("/api/v1/probe?tenant%5Fid=globex", ""), ("/api/v1/probe?tenant_id=acme&tenant%5Fid=globex", ""),
                ("/api/v1/probe?tenant_id=%67lobex", ""), ("/api/v1/probe?tenant%5fid=globex", "acme"),
            ] {
                var fields: HTTPFields = [:]
                if !header.isEmpty { fields[HTTPField.Name("X-Tenant-ID")!] = header }
                let mixed = try await client.execute(uri: uri, method: .get, headers: apiKey(token, fields))
                #expect(mixed.status == .forbidden, "\(uri) with X-Tenant-ID \(header)")
                #expect(mixed.detail == "User does not have access to this tenant")
            }
        }
    }

    @Test("a token whose tenant is not configured: 404 Tenant with ID '…' not found")
    func unknownTenant() async throws {
        let server = try ServerTestHarness()
        let token = try await server.token(tenant: "initech")
        try await server.test { client in
            let response = try await client.execute(uri: "/api/v1/probe", method: .get, headers: apiKey(token))
            #expect(response.status == .notFound)
            #expect(response.detail == "Tenant with ID 'initech' not found")
        }
    }

    @Test("a missing permission or an explicit deny: 403 Permission denied. Required: ['…']")
    func permissions() async throws {
        let server = try ServerTestHarness()
        let reader = try await server.token(grants: ["isp.cpe.read"])
        let denied = try await server.token(grants: ["*"], denies: ["isp.cpe.*"])
        try await server.test { client in
            let read = try await client.execute(uri: "/api/v1/probe", method: .get, headers: apiKey(reader))
            #expect(read.status == .ok)
            let write = try await client.execute(uri: "/api/v1/probe", method: .post, headers: apiKey(reader))
            #expect(write.status == .forbidden)
            #expect(write.detail == "Permission denied. Required: ['isp.cpe.write']")
            let deny = try await client.execute(uri: "/api/v1/probe", method: .get, headers: apiKey(denied))
            #expect(deny.status == .forbidden)
            #expect(deny.detail == "Permission denied. Required: ['isp.cpe.read']")
        }
    }

    @Test("a revoked token: 401 Token has been revoked; an expired one: 401 Token has expired")
    func revokedAndExpired() async throws {
        let server = try ServerTestHarness()
        let revoked = try await server.token()
        let id = try #require(TokenSecret(parsing: revoked)?.id)
        let now = Date().timeIntervalSince1970 * 1000
        let expired = try await server.token(expiresAt: now - 1000, now: now - 60_000)
        try await server.test { client in
            let before = try await client.execute(uri: "/api/v1/probe", method: .get, headers: apiKey(revoked))
            #expect(before.status == .ok)
            _ = try await server.runtime.tokens.revoke(id: id)
            let after = try await client.execute(uri: "/api/v1/probe", method: .get, headers: apiKey(revoked))
            #expect(after.status == .unauthorized)
            #expect(after.detail == "Token has been revoked")
            #expect(after.headers[.wwwAuthenticate] == "Bearer")
            let old = try await client.execute(uri: "/api/v1/probe", method: .get, headers: apiKey(expired))
            #expect(old.status == .unauthorized)
            #expect(old.detail == "Token has expired")
        }
    }

    @Test(
        "X-API-Key beside Authorization: Bearer: one token in both is accepted; two different ones are 401 whichever is valid"
    )
    func bothHeaders() async throws {
        let server = try ServerTestHarness()
        let valid = try await server.token()
        let revoked = try await server.token()
        _ = try await server.runtime.tokens.revoke(id: try #require(TokenSecret(parsing: revoked)?.id))
        let other = try await server.token(tenant: "globex")
        let key = HTTPField.Name("X-API-Key")!
        try await server.test { client in
            func probe(_ fields: [(HTTPField.Name, String)]) async throws -> TestResponse {
                var headers = HTTPFields()
                for (name, value) in fields { headers.append(HTTPField(name: name, value: value)) }
                return try await client.execute(uri: "/api/v1/probe", method: .get, headers: headers)
            }
            let same = try await probe([(key, valid), (.authorization, "Bearer \(valid)")])
            #expect(same.status == .ok, "the same token twice is one credential")
            #expect(same.text == "tenant acme")
            // The defect: the key won and the revoked bearer token was never looked at.
            let cases: [(String, [(HTTPField.Name, String)])] = [
                ("valid key, revoked bearer", [(key, valid), (.authorization, "Bearer \(revoked)")]),
                ("revoked key, valid bearer", [(key, revoked), (.authorization, "Bearer \(valid)")]),
                ("valid key, unknown bearer", [(key, valid), (.authorization, "Bearer frl_nothing")]),
                ("valid key, empty bearer", [(key, valid), (.authorization, "Bearer")]),
                ("two valid tokens of two tenants", [(key, valid), (.authorization, "Bearer \(other)")]),
                ("X-API-Key given twice", [(key, valid), (key, revoked)]),
                (
                    "Authorization: Bearer given twice",
                    [(.authorization, "Bearer \(valid)"), (.authorization, "Bearer x")]
                ),
            ]
            for (name, fields) in cases {
                let response = try await probe(fields)
                #expect(response.status == .unauthorized, "\(name): \(response.text)")
                #expect(
                    response.detail
                        == "Not authenticated: the request carries 2 different credentials (X-API-Key, Authorization: "
                        + "Bearer); send one token in one header",
                    "\(name)"
                )
                #expect(response.headers[.wwwAuthenticate] == "Bearer", "\(name)")
                #expect(!response.text.contains(valid) && !response.text.contains(revoked), "no token in the answer")
            }
            // Alone, each is judged as before; another scheme is not a Ferrule credential and not read.
            #expect(try await probe([(.authorization, "Bearer \(revoked)")]).detail == "Token has been revoked")
            #expect(try await probe([(key, revoked)]).detail == "Token has been revoked")
            #expect(try await probe([(key, valid), (.authorization, "Basic dXNlcjpwYXNz")]).status == .ok)
            #expect(try await probe([(.authorization, "Bearer")]).detail == "Not authenticated")
        }
    }

    @Test("health needs no token; /metrics needs ferrule.metrics.read unless it is public")
    func operationalRoutes() async throws {
        let server = try ServerTestHarness()
        let reader = try await server.token(grants: ["isp.*"])
        let scraper = try await server.token(grants: ["ferrule.metrics.read"])
        try await server.test { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            #expect(health.json("status")?.stringValue == "ok")
            let anonymous = try await client.execute(uri: "/metrics", method: .get)
            #expect(anonymous.status == .unauthorized)
            let wrong = try await client.execute(uri: "/metrics", method: .get, headers: apiKey(reader))
            #expect(wrong.status == .forbidden)
            #expect(wrong.detail == "Permission denied. Required: ['ferrule.metrics.read']")
            let metrics = try await client.execute(uri: "/metrics", method: .get, headers: apiKey(scraper))
            #expect(metrics.status == .ok)
            #expect(
                metrics.text.contains("ferrule_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1")
            )
            #expect(metrics.text.contains("ferrule_http_request_duration_seconds_bucket"))
            #expect(metrics.text.contains("ferrule_campaigns{status=\"running\"} 0"))
            #expect(!metrics.text.contains("frl_"), "no token in the metrics")
        }
        let open = try ServerTestHarness { $0.metricsPublic = true }
        try await open.test { client in
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.status == .ok)
        }
    }

    @Test("POST or DELETE on /healthz, /readyz and /metrics is 405 with Allow: GET, HEAD")
    func operationalMethods() async throws {
        let server = try ServerTestHarness()
        let scraper = try await server.token(grants: ["ferrule.metrics.read"])
        try await server.test { client in
            for uri in ["/healthz", "/readyz", "/metrics"] {
                for method in [HTTPRequest.Method.post, .delete] {
                    let response = try await client.execute(uri: uri, method: method, headers: apiKey(scraper))
                    #expect(response.status == .methodNotAllowed, "\(method) \(uri)")
                    #expect(response.headers[.allow] == "GET, HEAD", "\(method) \(uri)")
                    #expect(response.detail == "Method Not Allowed", "\(method) \(uri)")
                }
            }
        }
    }

    @Test("an unknown path without a token is 401, with a token 404 in the envelope")
    func unknownPath() async throws {
        let server = try ServerTestHarness()
        let token = try await server.token()
        try await server.test { client in
            let anonymous = try await client.execute(uri: "/api/v1/nothing", method: .get)
            #expect(anonymous.status == .unauthorized)
            let known = try await client.execute(uri: "/api/v1/nothing", method: .get, headers: apiKey(token))
            #expect(known.status == .notFound)
            #expect(known.json("error_code")?.stringValue == "HTTP_404")
            #expect(known.detail != nil)
        }
    }
}

import FerruleJSON
import FerruleServer
import FerruleTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The audit log of writes.
@Suite("ferrule serve: audit log")
struct ServerAuditTests {
    @Test("every write of an authenticated caller is recorded with who, what, when and the result; reads are not")
    func writesAreAudited() async throws {
        let server = try ServerTestHarness()
        let writer = try await server.token(grants: ["isp.*"])
        let reader = try await server.token(grants: ["isp.cpe.read"])
        let writerID = try #require(TokenSecret(parsing: writer)?.id)
        let readerID = try #require(TokenSecret(parsing: reader)?.id)
        let before = Date().timeIntervalSince1970 * 1000
        try await server.test { client in
            _ = try await client.execute(uri: "/api/v1/probe", method: .get, headers: apiKey(writer))
            let ok = try await client.execute(uri: "/api/v1/probe?x=1", method: .post, headers: apiKey(writer))
            #expect(ok.status == .ok)
            let refused = try await client.execute(uri: "/api/v1/probe", method: .post, headers: apiKey(reader))
            #expect(refused.status == .forbidden)
            let anonymous = try await client.execute(uri: "/api/v1/probe", method: .post)
            #expect(anonymous.status == .unauthorized)
        }
        let records = try await server.runtime.tokens.auditRecords()
        #expect(records.count == 2, "the GET and the anonymous POST are not audited: \(records)")
        let refused = try #require(records.first)
        #expect(refused.subject == readerID)
        #expect(refused.status == 403)
        let ok = try #require(records.last)
        #expect(ok.subject == writerID)
        #expect(ok.tenant == "acme")
        #expect(ok.method == "POST")
        #expect(ok.path == "/api/v1/probe", "the query string is not kept")
        #expect(ok.status == 200)
        #expect(ok.at >= before)
        #expect(!ok.requestID.isEmpty)
    }

    @Test("an authenticated write refused for its tenant (another tenant named, its own not configured) is audited")
    func tenantRefusalsAreAudited() async throws {
        let server = try ServerTestHarness()
        let acme = try await server.token(grants: ["isp.*"])
        let gone = try await server.token(tenant: "initech", grants: ["isp.*"])
        let acmeID = try #require(TokenSecret(parsing: acme)?.id)
        let goneID = try #require(TokenSecret(parsing: gone)?.id)
        try await server.test { client in
            func post(_ uri: String, _ token: String, _ id: String, _ more: HTTPFields = [:]) async throws -> Int {
                var headers = apiKey(token, more)
                headers[HTTPField.Name("X-Request-ID")!] = id
                return Int(try await client.execute(uri: uri, method: .post, headers: headers).status.code)
            }
            let tenantHeader = HTTPField.Name("X-Tenant-ID")!
            #expect(try await post("/api/v1/probe?tenant_id=globex", acme, "by-query") == 403)
            #expect(try await post("/api/v1/probe", acme, "by-header", [tenantHeader: "globex"]) == 403)
            #expect(try await post("/api/v1/probe", gone, "unknown-tenant") == 404)
            // A read refused the same way is not a write: not audited.
            let read = try await client.execute(
                uri: "/api/v1/probe?tenant_id=globex",
                method: .get,
                headers: apiKey(acme)
            )
            #expect(read.status == .forbidden)
        }
        // The log reads newest first: in the order sent.
        let records = Array(try await server.runtime.tokens.auditRecords().reversed())
        #expect(records.map(\.requestID) == ["by-query", "by-header", "unknown-tenant"], "\(records)")
        #expect(records.map(\.status) == [403, 403, 404])
        #expect(records.map(\.subject) == [acmeID, acmeID, goneID])
        #expect(records.map(\.tenant) == ["acme", "acme", "initech"], "the token's own tenant")
        #expect(records.allSatisfy { $0.method == "POST" && $0.path == "/api/v1/probe" })
        // No secret in the log: only token ids (the secret is what follows `frl_<16 hex id>_`).
        let secrets = [acme, gone].map { String($0.dropFirst(TokenSecret.prefix.count + 17)) }
        #expect(secrets.allSatisfy { $0.count >= 32 })
        for record in records {
            let row = "\(record)"
            #expect(secrets.allSatisfy { !row.contains($0) }, "\(row)")
        }
    }

    @Test("records past the retention are pruned")
    func retention() async throws {
        let store = try TokenStore(directory: try Scratch.directory("ferrule-audit").path)
        let now = Date().timeIntervalSince1970 * 1000
        let old = AuditRecord(
            at: now - 100 * 86_400_000,
            requestID: "r1",
            tenant: "acme",
            subject: "a",
            method: "POST",
            path: "/x",
            status: 200,
            durationMilliseconds: 1
        )
        var recent = old
        recent.at = now
        recent.requestID = "r2"
        try await store.audit([old, recent])
        #expect(try await store.pruneAudit(before: now - 90 * 86_400_000) == 1)
        #expect(try await store.auditRecords().map(\.requestID) == ["r2"])
    }
}

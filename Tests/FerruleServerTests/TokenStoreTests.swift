import FerruleServer
import FerruleTestSupport
import Foundation
import Testing

/// Tokens: created with a secret shown once, stored hashed, checked, revoked, expiring.
@Suite("TokenStore")
struct TokenStoreTests {
    func store() throws -> TokenStore { try TokenStore(directory: try Scratch.directory("ferrule-tokens").path) }

    @Test("the served tenants: none until a server records them; each start replaces the last one's")
    func servedTenants() async throws {
        let store = try store()
        #expect(try await store.servedTenants() == nil)
        try await store.recordServedTenants(["beta", "acme", "acme"], now: 1000)
        #expect(try await store.servedTenants() == .init(names: ["acme", "beta"], recordedAt: 1000))
        try await store.recordServedTenants(["default"], now: 2000)
        #expect(try await store.servedTenants() == .init(names: ["default"], recordedAt: 2000))
    }

    @Test("a new token checks as valid with its tenant and permissions; its text is frl_<id>_<secret>")
    func createAndCheck() async throws {
        let store = try store()
        let permissions = PermissionSet(grants: ["isp.cpe.read"], denies: ["isp.cpe.write"])
        let (token, secret) = try await store.create(
            name: "dotmac",
            tenant: "acme",
            permissions: permissions,
            expiresAt: nil
        )
        #expect(secret.text.hasPrefix("frl_\(token.id)_"))
        #expect(secret.text.count == 85)
        #expect("\(secret)" == "frl_\(token.id)_…", "its description hides the secret")
        guard case .valid(let found) = try await store.check(secret.text) else {
            Issue.record("not valid")
            return
        }
        #expect(found.tenant == "acme")
        #expect(found.permissions == permissions)
        #expect(found.name == "dotmac")
    }

    @Test("a wrong secret for a real id, a malformed token and an unknown id are all just unknown")
    func unknown() async throws {
        let store = try store()
        let (token, _) = try await store.create(
            name: "t",
            tenant: "acme",
            permissions: PermissionSet(grants: ["*"]),
            expiresAt: nil
        )
        let forged = "frl_\(token.id)_" + String(repeating: "0", count: 64)
        #expect(try await store.check(forged) == .unknown)
        #expect(try await store.check("frl_\(token.id)") == .unknown)
        #expect(try await store.check("") == .unknown)
        #expect(try await store.check(TokenSecret.generate().text) == .unknown)
    }

    @Test("the secret is nowhere in the database files, only its salted hash")
    func storedHashed() async throws {
        let directory = try Scratch.directory("ferrule-tokens")
        let store = try TokenStore(directory: directory.path)
        let (_, secret) = try await store.create(
            name: "t",
            tenant: "acme",
            permissions: PermissionSet(grants: ["*"]),
            expiresAt: nil
        )
        let secretPart = String(secret.text.split(separator: "_").last ?? "")
        #expect(secretPart.count == 64)
        var bytes = Data()
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            bytes += try Data(contentsOf: directory.appendingPathComponent(name))
        }
        #expect(!bytes.isEmpty)
        #expect(bytes.range(of: Data(secretPart.utf8)) == nil)
        let attributes = try FileManager.default.attributesOfItem(atPath: store.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test("revoke by id or unique prefix; an ambiguous prefix is refused; listing never shows a secret")
    func revoke() async throws {
        let store = try store()
        var tokens: [APIToken] = []
        for _ in 0..<20 {
            tokens.append(
                try await store.create(
                    name: "t",
                    tenant: "acme",
                    permissions: PermissionSet(grants: ["*"]),
                    expiresAt: nil
                ).0
            )
        }
        let target = tokens[3]
        let revoked = try await store.revoke(id: String(target.id.prefix(12)))
        #expect(revoked?.id == target.id)
        #expect(revoked?.revokedAt != nil)
        #expect(try await store.token(id: target.id)?.revokedAt != nil)
        #expect(try await store.revoke(id: "ffffffffffffffff0") == nil)
        let ambiguous = await #expect(throws: TokenStoreError.self) { try await store.revoke(id: "") }
        #expect(ambiguous?.isStorageFailure == false)
        #expect(
            ambiguous?.description.hasPrefix("revoke token : the prefix matches several tokens") == true,
            "an ambiguous prefix is not a broken state file: \(String(describing: ambiguous))"
        )
        let listed = try await store.tokens()
        #expect(listed.count == 20)
        // A short prefix is refused even when it matches one token only; nothing is revoked.
        let other = tokens[7]
        let unique = try #require(
            (1..<TokenStore.minimumRevokePrefix).lazy.map { String(other.id.prefix($0)) }
                .first { prefix in listed.filter { $0.id.hasPrefix(prefix) }.count == 1 }
        )
        let short = await #expect(throws: TokenStoreError.self) { try await store.revoke(id: unique) }
        #expect(
            short?.description.contains("too short to name a token for sure") == true,
            "\(String(describing: short))"
        )
        #expect(try await store.token(id: other.id)?.revokedAt == nil)
        #expect(try await store.revoke(id: String(other.id.prefix(TokenStore.minimumRevokePrefix)))?.id == other.id)
    }

    @Test("a token past its expiry checks as expired, a revoked one as revoked")
    func expiry() async throws {
        let store = try store()
        let now = 1_800_000_000_000.0
        let (_, soon) = try await store.create(
            name: "t",
            tenant: "acme",
            permissions: PermissionSet(grants: ["*"]),
            expiresAt: now + 1000,
            now: now
        )
        guard case .valid = try await store.check(soon.text, now: now + 999) else {
            Issue.record("valid before its expiry")
            return
        }
        guard case .expired = try await store.check(soon.text, now: now + 1000) else {
            Issue.record("expired at its expiry")
            return
        }
        _ = try await store.revoke(id: soon.id)
        guard case .revoked = try await store.check(soon.text, now: now) else {
            Issue.record("revoked wins")
            return
        }
    }

    @Test(
        "permission patterns: typos are refused at creation",
        arguments: [
            ("isp.cpe.read", true), ("isp.*", true), ("*", true), ("isp..read", false), ("isp.cpe.read ", false),
            ("ISP.cpe", false), ("isp.*.read", false), ("", false),
        ]
    )
    func patterns(_ pattern: String, _ valid: Bool) {
        #expect((PermissionPattern.problem(pattern) == nil) == valid)
    }
}

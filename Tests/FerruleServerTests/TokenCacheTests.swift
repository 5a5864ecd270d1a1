import FerruleTestSupport
import Foundation
import Testing

@testable import FerruleServer

/// The rows a token store keeps between checks: a revocation by any process, an expiry, a wrong
/// secret are seen at once; the lifetime and the capacity bound what is kept.
@Suite("TokenStore: kept token rows")
struct TokenCacheTests {
    func directory() throws -> String { try Scratch.directory("ferrule-token-cache").path }

    /// A store in `directory` that keeps rows for `cacheLifetime` ms without the change counter.
    func unwatched(_ directory: String, cacheLifetime: Double) throws -> TokenStore {
        try TokenStore(path: directory + "/" + TokenStore.fileName, cacheLifetime: cacheLifetime, watchesChanges: false)
    }

    func create(_ store: TokenStore, expiresAt: Double? = nil, now: Double) async throws -> (APIToken, TokenSecret) {
        try await store.create(
            name: "t",
            tenant: "acme",
            permissions: PermissionSet(grants: ["isp.*"]),
            expiresAt: expiresAt,
            now: now
        )
    }

    @Test("a token revoked by another process on the same file is refused at the server's next check")
    func revokedElsewhere() async throws {
        let directory = try directory()
        let server = try TokenStore(directory: directory)
        let cli = try TokenStore(directory: directory)  // `ferrule token revoke`, or a second server
        let now = Date().timeIntervalSince1970 * 1000
        let (token, secret) = try await create(server, now: now)
        for offset in [0.0, 1, 2] {
            guard case .valid = try await server.check(secret.text, now: now + offset) else {
                Issue.record("not valid before the revocation")
                return
            }
        }
        _ = try await cli.revoke(id: token.id, now: now + 3)
        guard case .revoked = try await server.check(secret.text, now: now + 4) else {
            Issue.record("a revocation by another connection was not seen at once")
            return
        }
    }

    @Test("a token revoked through the server's own store is refused at once")
    func revokedHere() async throws {
        let store = try TokenStore(directory: try directory())
        let now = Date().timeIntervalSince1970 * 1000
        let (token, secret) = try await create(store, now: now)
        #expect(try await store.check(secret.text, now: now) == .valid(token))
        let revoked = try #require(try await store.revoke(id: token.id, now: now + 1))
        #expect(try await store.check(secret.text, now: now + 2) == .revoked(revoked))
    }

    @Test("without the change counter, a kept row is used for at most the cache lifetime")
    func lifetimeBound() async throws {
        let directory = try directory()
        let store = try unwatched(directory, cacheLifetime: 1_000)
        let other = try TokenStore(directory: directory)
        let now = Date().timeIntervalSince1970 * 1000
        let (token, secret) = try await create(store, now: now)
        #expect(try await store.check(secret.text, now: now) == .valid(token))
        _ = try await other.revoke(id: token.id, now: now + 1)
        #expect(try await store.check(secret.text, now: now + 999) == .valid(token), "kept for its lifetime")
        guard case .revoked = try await store.check(secret.text, now: now + 1_000) else {
            Issue.record("a revoked token still worked after the cache lifetime")
            return
        }
    }

    @Test("a token that expires while its row is kept is refused from its expiry on")
    func expiresWhileKept() async throws {
        let directory = try directory()
        let store = try unwatched(directory, cacheLifetime: 60_000)
        let now = Date().timeIntervalSince1970 * 1000
        let (token, secret) = try await create(store, expiresAt: now + 500, now: now)
        #expect(try await store.check(secret.text, now: now) == .valid(token))
        #expect(try await store.check(secret.text, now: now + 499) == .valid(token))
        #expect(try await store.check(secret.text, now: now + 500) == .expired(token))
    }

    @Test("a wrong secret with the id of a kept token is unknown: the secret is compared on every check")
    func wrongSecretWhileKept() async throws {
        let store = try TokenStore(directory: try directory())
        let now = Date().timeIntervalSince1970 * 1000
        let (token, secret) = try await create(store, now: now)
        #expect(try await store.check(secret.text, now: now) == .valid(token))
        let forged = "frl_\(token.id)_" + String(repeating: "a", count: 64)
        #expect(try await store.check(forged, now: now + 1) == .unknown)
        var altered = secret.text
        altered.removeLast()
        altered += secret.text.hasSuffix("0") ? "1" : "0"
        #expect(try await store.check(altered, now: now + 2) == .unknown)
        #expect(try await store.check(secret.text, now: now + 3) == .valid(token))
    }

    @Test("the cache keeps at most its capacity; an entry from the future (clock set back) is not used")
    func bounds() {
        let cache = TokenRowCache(lifetime: 1_000, capacity: 3)
        func entry(_ id: String, at: Double) -> TokenRowCache.Entry {
            .init(
                token: APIToken(id: id, name: id, tenant: "acme", permissions: PermissionSet(grants: []), createdAt: 0),
                salt: "s",
                hash: "h",
                version: 7,
                readAt: at
            )
        }
        for index in 0..<10 { cache.store(entry("id\(index)", at: 100)) }
        #expect(cache.count <= 3)
        #expect(cache.entry("id9", version: 7, now: 100) != nil)
        #expect(cache.entry("id9", version: 8, now: 100) == nil, "another version is stale")
        cache.store(entry("late", at: 5_000))
        #expect(cache.entry("late", version: 7, now: 4_000) == nil, "read after now: the clock went back")
        cache.store(entry("old", at: 100))
        #expect(cache.entry("old", version: 7, now: 1_100) == nil, "past its lifetime")
    }
}

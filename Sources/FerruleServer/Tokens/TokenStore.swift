internal import FerruleStore
public import Foundation
internal import GRDB

/// API tokens and the audit log of `ferrule serve`, in one SQLite database (`server.sqlite` in
/// the state directory, WAL mode, owner-only permissions) beside the campaign store.
///
/// `ferrule token create|list|revoke` and a running server use the same file at once: a revoke
/// takes effect at the server's next request with that token. Checks keep the rows of recently
/// presented tokens (``TokenRowCache``: at most ``cacheCapacity`` tokens, each for at most
/// ``cacheLifetime`` milliseconds) and use one only while nothing was committed to the file since
/// it was read (SQLite's `data_version`, seen by every process); the secret is still hashed and
/// compared on every check.
///
/// ```swift
/// let store = try TokenStore(directory: "/var/lib/ferrule")
/// let (token, secret) = try await store.create(name: "dotmac", tenant: "acme",
///                                              permissions: PermissionSet(grants: ["isp.cpe.read"]))
/// print(secret.text)   // shown once
/// ```
public final class TokenStore: Sendable {
    /// The file name inside the state directory.
    public static let fileName = "server.sqlite"

    private let pool: DatabasePool
    /// The database file.
    public let path: String
    /// Tokens whose rows checks keep.
    public static let cacheCapacity = 1_024
    /// Milliseconds a kept row may be used at most, even when nothing seems to have changed.
    public static let cacheLifetime = 5_000.0
    private let cache: TokenRowCache
    /// What tells kept rows are still current.
    private let changes: ChangeSource

    private enum ChangeSource: Sendable {
        /// The file's `data_version` (the server).
        case counter(DatabaseChangeCounter)
        /// The counter could not be opened: every check reads the file.
        case unavailable
        /// Only the lifetime bounds kept rows (tests of that bound).
        case lifetimeOnly
    }

    /// Opens (creating when missing) `server.sqlite` in `directory`.
    /// - Throws: ``TokenStoreError`` when the directory cannot be created or the file is not a
    ///   database, or was written by a newer ferrule.
    public convenience init(directory: String) throws {
        try self.init(path: (directory as NSString).appendingPathComponent(Self.fileName))
    }

    /// Opens (creating when missing) the database at `path`.
    public convenience init(path: String) throws {
        try self.init(path: path, cacheLifetime: Self.cacheLifetime, watchesChanges: true)
    }

    /// Opens the database at `path`; `watchesChanges: false` (tests) keeps rows for `cacheLifetime`
    /// whatever is committed meanwhile.
    init(path: String, cacheLifetime: Double, watchesChanges: Bool) throws {
        self.path = path
        cache = TokenRowCache(lifetime: cacheLifetime, capacity: Self.cacheCapacity)
        do {
            // Token hashes and the audit log are nobody else's business: StateDatabase makes the
            // files owner-only.
            pool = try StateDatabase.open(path: path, label: "ferrule.server", busyTimeout: 10) { pool in
                let migrator = Self.migrator
                let unknown = try pool.read { db in
                    try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
                }
                guard unknown.isEmpty else {
                    throw TokenStoreError(
                        path: path,
                        operation: "open",
                        detail: "written by a newer ferrule (unknown migrations: \(unknown.joined(separator: ", ")))",
                        hint: "use that version"
                    )
                }
                try migrator.migrate(pool)
            }
        } catch let error as StateDirectoryError {
            throw TokenStoreError(
                path: path,
                operation: "open",
                detail: "cannot create the directory (\(error.detail))",
                hint: "check the permissions of the parent directory"
            )
        } catch let error as TokenStoreError {
            throw error
        } catch {
            throw Self.wrap(error, path: path, operation: "open")
        }
        if !watchesChanges {
            changes = .lifetimeOnly
        } else if let counter = try? DatabaseChangeCounter(path: path) {
            changes = .counter(counter)
        } else {
            changes = .unavailable
        }
    }

    // MARK: - Tokens

    /// Creates a token and returns it with its secret, which exists nowhere else afterwards.
    ///
    /// - Parameters:
    ///   - expiresAt: When it stops working (milliseconds since the epoch); nil: never.
    ///   - now: The creation time (milliseconds since the epoch).
    public func create(
        name: String,
        tenant: String,
        permissions: PermissionSet,
        expiresAt: Double?,
        now: Double = Date().timeIntervalSince1970 * 1000
    ) async throws -> (APIToken, TokenSecret) {
        let secret = TokenSecret.generate()
        let salt = TokenSecret.newSalt()
        let token = APIToken(
            id: secret.id,
            name: name,
            tenant: tenant,
            permissions: permissions,
            createdAt: now,
            expiresAt: expiresAt
        )
        try await write("create token \(secret.id)") { db in
            try db.execute(
                sql: """
                    INSERT INTO tokens (id, name, tenant, grants, denies, salt, hash, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    token.id, name, tenant, Self.joined(permissions.grants), Self.joined(permissions.denies), salt,
                    secret.hash(salt: salt), now, expiresAt,
                ]
            )
        }
        return (token, secret)
    }

    /// Every token, oldest first (never a secret or a hash).
    public func tokens() async throws -> [APIToken] {
        try await read("list tokens") { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.tokenColumns) FROM tokens ORDER BY created_at, id").map(Self.token)
        }
    }

    /// The token with `id`, or nil.
    public func token(id: String) async throws -> APIToken? {
        try await read("read token \(id)") { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.tokenColumns) FROM tokens WHERE id = ?", arguments: [id])
                .map(Self.token)
        }
    }

    /// Revokes the token with `id` (or the unique token whose id starts with it).
    /// - Returns: The revoked token; nil when no token matches.
    /// - Throws: ``TokenStoreError`` when the prefix matches several tokens.
    /// The fewest hex digits a revoke by prefix takes: a shorter one that happens to match one token
    /// today (`revoke a`) is more likely a slip than a choice.
    public static let minimumRevokePrefix = 6

    public func revoke(id: String, now: Double = Date().timeIntervalSince1970 * 1000) async throws -> APIToken? {
        let path = self.path
        let revoked = try await write("revoke token \(id)") { db -> APIToken? in
            let pattern = id.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
            let matches = try Row.fetchAll(
                db,
                sql: "SELECT \(Self.tokenColumns) FROM tokens WHERE id LIKE ? LIMIT 5",
                arguments: [pattern]
            ).map(Self.token)
            guard let first = matches.first else { return nil }
            guard matches.count == 1 || matches.contains(where: { $0.id == id }) else {
                throw TokenStoreError(
                    path: path,
                    operation: "revoke token \(id)",
                    detail: "the prefix matches several tokens (\(matches.map(\.id).joined(separator: ", ")))",
                    hint: "type more of the id",
                    isStorageFailure: false
                )
            }
            guard matches.count > 1 || first.id == id || id.count >= Self.minimumRevokePrefix else {
                throw TokenStoreError(
                    path: path,
                    operation: "revoke token \(id)",
                    detail: "a prefix of \(id.count) hex digit(s) is too short to name a token for sure",
                    hint: "give at least \(Self.minimumRevokePrefix) digits of the id (`ferrule token list`)",
                    isStorageFailure: false
                )
            }
            var token = matches.first(where: { $0.id == id }) ?? first
            try db.execute(
                sql: "UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?",
                arguments: [now, token.id]
            )
            token.revokedAt = token.revokedAt ?? now
            return token
        }
        // The commit alone makes kept rows stale; forgetting this one does not wait for that.
        if let revoked { cache.remove(revoked.id) }
        return revoked
    }

    /// Checks a presented token: its id is looked up (a kept row while nothing was committed
    /// since it was read, else the file), its secret hashed with the stored salt and compared in
    /// constant time; then revocation and expiry at `now`.
    public func check(_ presented: String, now: Double = Date().timeIntervalSince1970 * 1000) async throws -> TokenCheck
    {
        guard let secret = TokenSecret(parsing: presented) else { return .unknown }
        guard let row = try await row(secret.id, now: now),
            secret.matches(salt: row.salt, storedHash: row.hash)
        else { return .unknown }
        if row.token.revokedAt != nil { return .revoked(row.token) }
        if row.token.isExpired(at: now) { return .expired(row.token) }
        return .valid(row.token)
    }

    /// The row of token `id`: the kept one when still current, else read (and kept).
    private func row(_ id: String, now: Double) async throws -> TokenRowCache.Entry? {
        // The version is read before the row, so a commit after it changes the version the next
        // check sees; with no counter, every check reads the file.
        let version: Int64
        switch self.changes {
        case .counter(let counter):
            guard let current = try? counter.version() else { return try await fetchRow(id, version: 0, now: now) }
            version = current
        case .unavailable: return try await fetchRow(id, version: 0, now: now)
        case .lifetimeOnly: version = 0
        }
        if let kept = cache.entry(id, version: version, now: now) { return kept }
        let entry = try await fetchRow(id, version: version, now: now)
        if let entry { cache.store(entry) }
        return entry
    }

    private func fetchRow(_ id: String, version: Int64, now: Double) async throws -> TokenRowCache.Entry? {
        try await read("look up token \(id)") { db -> TokenRowCache.Entry? in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT \(Self.tokenColumns), salt, hash FROM tokens WHERE id = ?"),
                    arguments: [id]
                )
            else { return nil }
            return TokenRowCache.Entry(
                token: try Self.token(row),
                salt: try row.decode(String.self, atIndex: 9),
                hash: try row.decode(String.self, atIndex: 10),
                version: version,
                readAt: now
            )
        }
    }

    /// Records that the token was used at `now`.
    public func touch(id: String, now: Double) async throws {
        try await write("record the use of token \(id)") { db in
            try db.execute(sql: "UPDATE tokens SET last_used_at = ? WHERE id = ?", arguments: [now, id])
        }
    }

    // MARK: - Audit log

    /// Appends records to the audit log, in one transaction.
    public func audit(_ records: [AuditRecord]) async throws {
        guard !records.isEmpty else { return }
        try await write("append \(records.count) audit record(s)") { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO audit (at, request_id, tenant, subject, method, path, status, duration_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """
            )
            for record in records {
                try statement.execute(arguments: [
                    record.at, record.requestID, record.tenant, record.subject, record.method, record.path,
                    record.status, record.durationMilliseconds,
                ])
            }
        }
    }

    /// Caps the database at `pages` pages (`PRAGMA max_page_count`), for tests of a full disk: a
    /// write that needs more fails with SQLite's `SQLITE_FULL`, exactly as on a full file system.
    func limitSizeForTesting(pages: Int) async throws { try await pool.limitSize(pages: pages) }

    /// The newest `limit` audit records, newest first.
    public func auditRecords(limit: Int = 100) async throws -> [AuditRecord] {
        try await read("read the audit log") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT at, request_id, tenant, subject, method, path, status, duration_ms
                    FROM audit ORDER BY id DESC LIMIT ?
                    """,
                arguments: [max(0, limit)]
            ).map { row in
                AuditRecord(
                    at: try row.decode(Double.self, atIndex: 0),
                    requestID: try row.decode(String.self, atIndex: 1),
                    tenant: try row.decode(String?.self, atIndex: 2),
                    subject: try row.decode(String?.self, atIndex: 3),
                    method: try row.decode(String.self, atIndex: 4),
                    path: try row.decode(String.self, atIndex: 5),
                    status: try row.decode(Int.self, atIndex: 6),
                    durationMilliseconds: try row.decode(Double.self, atIndex: 7)
                )
            }
        }
    }

    /// Deletes audit records older than `before` (milliseconds since the epoch).
    /// - Returns: How many were deleted.
    @discardableResult
    public func pruneAudit(before: Double) async throws -> Int {
        try await write("prune the audit log") { db in
            try db.execute(sql: "DELETE FROM audit WHERE at < ?", arguments: [before])
            return db.changesCount
        }
    }

    /// Checks that the file can be written (a no-op transaction that takes the write lock).
    public func checkWritable() async throws {
        try await write("check the file is writable") { db in
            try db.execute(sql: "INSERT INTO probe (id, at) VALUES (1, 0) ON CONFLICT(id) DO UPDATE SET at = at + 1")
        }
    }

    // MARK: - Plumbing

    private static let tokenColumns =
        "id, name, tenant, grants, denies, created_at, expires_at, revoked_at, last_used_at"

    private static func token(_ row: Row) throws -> APIToken {
        APIToken(
            id: try row.decode(String.self, atIndex: 0),
            name: try row.decode(String.self, atIndex: 1),
            tenant: try row.decode(String.self, atIndex: 2),
            permissions: PermissionSet(
                grants: split(try row.decode(String.self, atIndex: 3)),
                denies: split(try row.decode(String.self, atIndex: 4))
            ),
            createdAt: try row.decode(Double.self, atIndex: 5),
            expiresAt: try row.decode(Double?.self, atIndex: 6),
            revokedAt: try row.decode(Double?.self, atIndex: 7),
            lastUsedAt: try row.decode(Double?.self, atIndex: 8)
        )
    }

    /// Patterns are stored space-separated (a pattern never holds a space: ``PermissionPattern``).
    private static func joined(_ patterns: [String]) -> String { patterns.joined(separator: " ") }

    private static func split(_ text: String) -> [String] { text.split(separator: " ").map(String.init) }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-tokens-audit") { db in
            try db.execute(
                sql: """
                    CREATE TABLE tokens (
                        id TEXT NOT NULL PRIMARY KEY,
                        name TEXT NOT NULL,
                        tenant TEXT NOT NULL,
                        grants TEXT NOT NULL,
                        denies TEXT NOT NULL,
                        salt TEXT NOT NULL,
                        hash TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        expires_at REAL,
                        revoked_at REAL,
                        last_used_at REAL
                    ) STRICT;
                    CREATE TABLE audit (
                        id INTEGER PRIMARY KEY,
                        at REAL NOT NULL,
                        request_id TEXT NOT NULL,
                        tenant TEXT,
                        subject TEXT,
                        method TEXT NOT NULL,
                        path TEXT NOT NULL,
                        status INTEGER NOT NULL,
                        duration_ms REAL NOT NULL
                    ) STRICT;
                    CREATE INDEX audit_by_time ON audit(at);
                    CREATE TABLE probe (id INTEGER PRIMARY KEY, at INTEGER NOT NULL) STRICT;
                    """
            )
        }
        // The tenants the last server started on the state directory serves (`token create`'s check).
        migrator.registerMigration("v2-served-tenants") { db in
            try db.execute(
                sql: """
                    CREATE TABLE served_tenants (
                        name TEXT NOT NULL PRIMARY KEY,
                        recorded_at REAL NOT NULL
                    ) STRICT;
                    """
            )
        }
        return migrator
    }

    func read<T: Sendable>(_ operation: String, _ body: @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw Self.wrap(error, path: path, operation: operation)
        }
    }

    func write<T: Sendable>(_ operation: String, _ body: @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw Self.wrap(error, path: path, operation: operation)
        }
    }

    private static func wrap(_ error: any Error, path: String, operation: String) -> any Error {
        switch error {
        case let error as TokenStoreError: return error
        case is CancellationError: return error
        case let error as NotAStateDatabaseError:
            return TokenStoreError(path: path, operation: operation, detail: error.reason(store: "server state store"))
        case let error as DatabaseError:
            let hint: String
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: hint = "another process kept it locked; try again"
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                hint = "move it aside to start with no tokens, or restore it from a backup"
            case .SQLITE_FULL: hint = "the disk is full: free space on its file system"
            case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN:
                hint = "check the permissions of the file and its directory"
            default: hint = ""
            }
            return TokenStoreError(
                path: path,
                operation: operation,
                detail: error.message ?? "\(error.resultCode)",
                hint: hint
            )
        default:
            return TokenStoreError(path: path, operation: operation, detail: "\(error)")
        }
    }
}

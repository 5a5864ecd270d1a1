public import GRDB

/// The SQL of a table of ``ProcessLease``s — at most one row per key, with the columns `token`,
/// `host`, `pid`, `started_at` and `heartbeat_at` beside the key column — used inside the caller's
/// transactions, so that taking a lease and checking it before a write are atomic with what the
/// store does around them.
public struct LeaseTable: Sendable {
    /// The table (`runner_leases`).
    public let table: String
    /// The key's column (`campaign_id`).
    public let keyColumn: String

    /// A table whose names are SQL identifiers written by Ferrule, never user input.
    public init(table: String, keyColumn: String) {
        self.table = table
        self.keyColumn = keyColumn
    }

    /// The current lease of `key`, live or stale; nil when nobody holds it.
    public func fetch(_ key: String, _ db: Database) throws -> ProcessLease? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: "SELECT token, host, pid, started_at, heartbeat_at FROM \(table) WHERE \(keyColumn) = ?",
                arguments: [key]
            )
        else { return nil }
        return ProcessLease(
            key: key,
            token: try row.decode(String.self, atIndex: 0),
            host: try row.decode(String.self, atIndex: 1),
            pid: try row.decode(Int.self, atIndex: 2),
            startedAt: try row.decode(Double.self, atIndex: 3),
            heartbeatAt: try row.decode(Double.self, atIndex: 4)
        )
    }

    /// Writes `lease` over the current row of its key when there is none, when it is stale (no
    /// heartbeat for `timeout` milliseconds at `lease.heartbeatAt`), when it is `lease`'s own, or —
    /// with `takingOverDeadProcesses` — when its process on this host is gone.
    /// - Returns: `held`: the other holder's live lease (nothing changed); nil when `lease` is now
    ///   held. `replaced`: the stale or dead lease taken over, if any.
    public func acquire(
        _ lease: ProcessLease,
        timeout: Double,
        takingOverDeadProcesses: Bool,
        _ db: Database
    ) throws -> (held: ProcessLease?, replaced: ProcessLease?) {
        let current = try fetch(lease.key, db)
        if let current, current.token != lease.token, !current.isStale(now: lease.heartbeatAt, timeout: timeout),
            !(takingOverDeadProcesses && current.isDeadProcessOnThisHost)
        {
            return (current, nil)
        }
        try upsert(lease, db)
        return (nil, current.flatMap { $0.token == lease.token ? nil : $0 })
    }

    /// Writes `lease` as the key's current lease, whatever was there.
    public func upsert(_ lease: ProcessLease, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO \(table) (\(keyColumn), token, host, pid, started_at, heartbeat_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [lease.key, lease.token, lease.host, lease.pid, lease.startedAt, lease.heartbeatAt]
        )
    }

    /// Renews the heartbeat of `lease` at `now`.
    /// - Returns: false when the lease is no longer this holder's (another process took it over).
    public func renew(_ lease: ProcessLease, now: Double, _ db: Database) throws -> Bool {
        try db.execute(
            sql: "UPDATE \(table) SET heartbeat_at = ? WHERE \(keyColumn) = ? AND token = ?",
            arguments: [now, lease.key, lease.token]
        )
        return db.changesCount == 1
    }

    /// Deletes `lease` (nothing happens when it is no longer this holder's).
    public func release(_ lease: ProcessLease, _ db: Database) throws {
        try db.execute(
            sql: "DELETE FROM \(table) WHERE \(keyColumn) = ? AND token = ?",
            arguments: [lease.key, lease.token]
        )
    }

    /// Whether `lease` is still its key's current lease: a holder that lost it writes nothing.
    public func isHeld(_ lease: ProcessLease, _ db: Database) throws -> Bool {
        let token = try String.fetchOne(
            db,
            sql: "SELECT token FROM \(table) WHERE \(keyColumn) = ?",
            arguments: [lease.key]
        )
        return token == lease.token
    }
}

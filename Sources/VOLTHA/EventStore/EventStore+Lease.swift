internal import GRDB

extension EventStore {
    /// Takes the writer lease `lease.name` unless another live process holds it.
    ///
    /// One transaction reads the current lease and writes `lease` over it when there is none, when
    /// it is stale (no heartbeat for `timeout` milliseconds at `lease.heartbeatAt`), when its
    /// process on this host is gone, or when it is `lease`'s own.
    /// - Returns: `held`: the other holder's live lease (nothing changed); nil when `lease` is now
    ///   held. `replaced`: the dead or stale lease taken over, if any.
    public func acquire(_ lease: EventStoreLease, timeout: Double) async throws -> (
        held: EventStoreLease?, replaced: EventStoreLease?
    ) {
        try await write("take the \(lease.name) lease") { db in
            let current = try Self.fetchLease(lease.name, db)
            if let current, current.token != lease.token,
                !current.isStale(now: lease.heartbeatAt, timeout: timeout), !current.isDeadProcessOnThisHost
            {
                return (current, nil)
            }
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO writer_lease (name, token, host, pid, started_at, heartbeat_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [lease.name, lease.token, lease.host, lease.pid, lease.startedAt, lease.heartbeatAt]
            )
            return (nil, current.flatMap { $0.token == lease.token ? nil : $0 })
        }
    }

    /// Renews the heartbeat of `lease` at `now` (milliseconds since the epoch).
    /// - Returns: false when the lease is no longer this holder's (another process took it over).
    public func renew(_ lease: EventStoreLease, now: Double) async throws -> Bool {
        try await write("renew the \(lease.name) lease") { db in
            try db.execute(
                sql: "UPDATE writer_lease SET heartbeat_at = ? WHERE name = ? AND token = ?",
                arguments: [now, lease.name, lease.token]
            )
            return db.changesCount == 1
        }
    }

    /// Gives the lease back (nothing happens when it is no longer this holder's).
    public func release(_ lease: EventStoreLease) async throws {
        try await write("release the \(lease.name) lease") { db in
            try db.execute(
                sql: "DELETE FROM writer_lease WHERE name = ? AND token = ?",
                arguments: [lease.name, lease.token]
            )
        }
    }

    /// The current holder of the lease `name`, live or stale; nil when nobody holds it.
    public func lease(_ name: String) async throws -> EventStoreLease? {
        try await read("read the \(name) lease") { db in try Self.fetchLease(name, db) }
    }

    private static func fetchLease(_ name: String, _ db: Database) throws -> EventStoreLease? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: "SELECT token, host, pid, started_at, heartbeat_at FROM writer_lease WHERE name = ?",
                arguments: [name]
            )
        else { return nil }
        return EventStoreLease(
            name: name,
            token: try row.decode(String.self, atIndex: 0),
            host: try row.decode(String.self, atIndex: 1),
            pid: try row.decode(Int.self, atIndex: 2),
            startedAt: try row.decode(Double.self, atIndex: 3),
            heartbeatAt: try row.decode(Double.self, atIndex: 4)
        )
    }
}

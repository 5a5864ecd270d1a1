public import FerruleStore

extension EventStore {
    /// The `writer_lease` table: at most one row per lease name.
    static let leases = LeaseTable(table: "writer_lease", keyColumn: "name")

    /// Takes the writer lease `lease.key` unless another live process holds it.
    ///
    /// One transaction reads the current lease and writes `lease` over it when there is none, when
    /// it is stale (no heartbeat for `timeout` milliseconds at `lease.heartbeatAt`), when its
    /// process on this host is gone, or when it is `lease`'s own.
    /// - Returns: `held`: the other holder's live lease (nothing changed); nil when `lease` is now
    ///   held. `replaced`: the dead or stale lease taken over, if any.
    public func acquire(_ lease: EventStoreLease, timeout: Double) async throws -> (
        held: EventStoreLease?, replaced: EventStoreLease?
    ) {
        try await write("take the \(lease.key) lease") { db in
            try Self.leases.acquire(lease, timeout: timeout, takingOverDeadProcesses: true, db)
        }
    }

    /// Renews the heartbeat of `lease` at `now` (milliseconds since the epoch).
    /// - Returns: false when the lease is no longer this holder's (another process took it over).
    public func renew(_ lease: EventStoreLease, now: Double) async throws -> Bool {
        try await write("renew the \(lease.key) lease") { db in try Self.leases.renew(lease, now: now, db) }
    }

    /// Gives the lease back (nothing happens when it is no longer this holder's).
    public func release(_ lease: EventStoreLease) async throws {
        try await write("release the \(lease.key) lease") { db in try Self.leases.release(lease, db) }
    }

    /// The current holder of the lease `name`, live or stale; nil when nobody holds it.
    public func lease(_ name: String) async throws -> EventStoreLease? {
        try await read("read the \(name) lease") { db in try Self.leases.fetch(name, db) }
    }
}

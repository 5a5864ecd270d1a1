public import FerruleStore
internal import GRDB

extension CampaignStore {
    /// The `runner_leases` table: at most one row per campaign.
    static let leases = LeaseTable(table: "runner_leases", keyColumn: "campaign_id")

    /// Takes the campaign's runner lease unless another runner holds a live one.
    ///
    /// One transaction reads the current lease and writes `lease` over it when there is none, when
    /// it is stale (no heartbeat for `timeout` milliseconds at `lease.heartbeatAt`), or when it is
    /// `lease`'s own — or, with `takingOverDeadProcesses`, when its holder's process on this host
    /// (same PID namespace and boot) is gone: decided in the same transaction, so a live runner
    /// that took the lease meanwhile is never overwritten.
    /// - Returns: nil when `lease` is now held; else the live lease of the other runner.
    public func acquire(_ lease: RunnerLease, timeout: Double, takingOverDeadProcesses: Bool = false) async throws -> (
        held: RunnerLease?, replaced: RunnerLease?
    ) {
        try await write("take the runner lease of \(lease.key)") { db in
            try Self.leases.acquire(lease, timeout: timeout, takingOverDeadProcesses: takingOverDeadProcesses, db)
        }
    }

    /// Renews the heartbeat of `lease`.
    /// - Returns: false when the lease is no longer this runner's (another runner took it over).
    public func renew(_ lease: RunnerLease, now: Double) async throws -> Bool {
        try await write("renew the runner lease of \(lease.key)") { db in
            try Self.leases.renew(lease, now: now, db)
        }
    }

    /// Gives the lease back (nothing happens when it is no longer this runner's).
    public func release(_ lease: RunnerLease) async throws {
        try await write("release the runner lease of \(lease.key)") { db in try Self.leases.release(lease, db) }
    }

    /// The campaign's current lease, live or stale; nil when no runner holds it.
    public func lease(_ campaignID: String) async throws -> RunnerLease? {
        try await read("read the runner lease of \(campaignID)") { db in try Self.leases.fetch(campaignID, db) }
    }

    /// Throws when `lease` is not the campaign's current lease: a runner that lost it writes nothing.
    static func requireLease(_ lease: RunnerLease, _ db: Database, path: String, operation: String) throws {
        guard try leases.isHeld(lease, db) else {
            throw CampaignStoreError.leaseLost(lease.key, path: path, operation: operation)
        }
    }
}

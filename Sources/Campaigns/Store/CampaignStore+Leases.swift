internal import GRDB

extension CampaignStore {
    /// Takes the campaign's runner lease unless another runner holds a live one.
    ///
    /// One transaction reads the current lease and writes `lease` over it when there is none, when
    /// it is stale (no heartbeat for `timeout` milliseconds at `lease.heartbeatAt`), or when it is
    /// `lease`'s own.
    /// - Returns: nil when `lease` is now held; else the live lease of the other runner.
    public func acquire(_ lease: RunnerLease, timeout: Double) async throws -> (
        held: RunnerLease?, replaced: RunnerLease?
    ) {
        try await write("take the runner lease of \(lease.campaignID)") { db in
            let current = try RunnerLeaseRow.fetch(lease.campaignID, db)
            if let current, current.token != lease.token, !current.isStale(now: lease.heartbeatAt, timeout: timeout) {
                return (current, nil)
            }
            try RunnerLeaseRow.upsert(lease, db)
            return (nil, current.flatMap { $0.token == lease.token ? nil : $0 })
        }
    }

    /// Renews the heartbeat of `lease`.
    /// - Returns: false when the lease is no longer this runner's (another runner took it over).
    public func renew(_ lease: RunnerLease, now: Double) async throws -> Bool {
        try await write("renew the runner lease of \(lease.campaignID)") { db in
            try db.execute(
                sql: "UPDATE runner_leases SET heartbeat_at = ? WHERE campaign_id = ? AND token = ?",
                arguments: [now, lease.campaignID, lease.token]
            )
            return db.changesCount == 1
        }
    }

    /// Gives the lease back (nothing happens when it is no longer this runner's).
    public func release(_ lease: RunnerLease) async throws {
        try await write("release the runner lease of \(lease.campaignID)") { db in
            try db.execute(
                sql: "DELETE FROM runner_leases WHERE campaign_id = ? AND token = ?",
                arguments: [lease.campaignID, lease.token]
            )
        }
    }

    /// The campaign's current lease, live or stale; nil when no runner holds it.
    public func lease(_ campaignID: String) async throws -> RunnerLease? {
        try await read("read the runner lease of \(campaignID)") { db in try RunnerLeaseRow.fetch(campaignID, db) }
    }
}

/// The `runner_leases` table: at most one row per campaign.
enum RunnerLeaseRow {
    static func fetch(_ campaignID: String, _ db: Database) throws -> RunnerLease? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: "SELECT token, host, pid, started_at, heartbeat_at FROM runner_leases WHERE campaign_id = ?",
                arguments: [campaignID]
            )
        else { return nil }
        return RunnerLease(
            campaignID: campaignID,
            token: try row.decode(String.self, atIndex: 0),
            host: try row.decode(String.self, atIndex: 1),
            pid: try row.decode(Int.self, atIndex: 2),
            startedAt: try row.decode(Double.self, atIndex: 3),
            heartbeatAt: try row.decode(Double.self, atIndex: 4)
        )
    }

    static func upsert(_ lease: RunnerLease, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO runner_leases (campaign_id, token, host, pid, started_at, heartbeat_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [lease.campaignID, lease.token, lease.host, lease.pid, lease.startedAt, lease.heartbeatAt]
        )
    }

    /// Throws when `lease` is not the campaign's current lease: a runner that lost it writes nothing.
    static func require(_ lease: RunnerLease, _ db: Database, path: String, operation: String) throws {
        let token = try String.fetchOne(
            db,
            sql: "SELECT token FROM runner_leases WHERE campaign_id = ?",
            arguments: [lease.campaignID]
        )
        guard token == lease.token else {
            throw CampaignStoreError.leaseLost(lease.campaignID, path: path, operation: operation)
        }
    }
}

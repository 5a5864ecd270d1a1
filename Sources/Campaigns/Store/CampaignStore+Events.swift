internal import GRDB

extension CampaignStore {
    /// Appends events to their campaigns' logs, in one transaction.
    ///
    /// - Throws: ``CampaignStoreError``, e.g. for an event of an unknown campaign; none is written then.
    public func append(_ events: [CampaignEvent]) async throws {
        guard !events.isEmpty else { return }
        try await commit(events: events)
    }

    /// A campaign's events, oldest first: all of them, or the newest `limit`.
    public func events(_ campaignID: String, limit: Int? = nil) async throws -> [CampaignEvent] {
        let newest = "SELECT id, \(EventRow.columns) FROM events WHERE campaign_id = ? ORDER BY id DESC LIMIT ?"
        let sql: String
        let arguments: StatementArguments
        if let limit {
            sql = "SELECT \(EventRow.columns) FROM (\(newest)) ORDER BY id"
            arguments = [campaignID, max(0, limit)]
        } else {
            sql = "SELECT \(EventRow.columns) FROM events WHERE campaign_id = ? ORDER BY id"
            arguments = [campaignID]
        }
        return try await read("read events of \(campaignID)") { db in
            try EventRow.fetchAll(db, sql: sql, arguments: arguments).map(\.record)
        }
    }

    /// A page of a campaign's events, oldest first: `limit` of them after passing over `offset`.
    public func events(_ campaignID: String, offset: Int, limit: Int) async throws -> [CampaignEvent] {
        let sql = "SELECT \(EventRow.columns) FROM events WHERE campaign_id = ? ORDER BY id LIMIT ? OFFSET ?"
        let arguments: StatementArguments = [campaignID, max(0, limit), max(0, offset)]
        return try await read("read events of \(campaignID)") { db in
            try EventRow.fetchAll(db, sql: sql, arguments: arguments).map(\.record)
        }
    }

    /// How many events a campaign's log holds.
    public func eventCount(_ campaignID: String) async throws -> Int {
        try await read("count events of \(campaignID)") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events WHERE campaign_id = ?", arguments: [campaignID]) ?? 0
        }
    }

    /// A campaign's own events (no device: created, started, paused, cancelled …), oldest first:
    /// the newest `limit`.
    public func campaignLevelEvents(_ campaignID: String, limit: Int) async throws -> [CampaignEvent] {
        let newest =
            "SELECT id, \(EventRow.columns) FROM events WHERE campaign_id = ? AND device_id IS NULL ORDER BY id DESC LIMIT ?"
        let sql = "SELECT \(EventRow.columns) FROM (\(newest)) ORDER BY id"
        let arguments: StatementArguments = [campaignID, max(0, limit)]
        return try await read("read events of \(campaignID)") { db in
            try EventRow.fetchAll(db, sql: sql, arguments: arguments).map(\.record)
        }
    }

    /// Whether a campaign's log holds an event of `kind` (`started`: an operator or a runner
    /// started it).
    public func hasEvent(_ campaignID: String, kind: String) async throws -> Bool {
        try await read("read events of \(campaignID)") { db in
            try Bool.fetchOne(
                db,
                sql: "SELECT EXISTS(SELECT 1 FROM events WHERE campaign_id = ? AND kind = ?)",
                arguments: [campaignID, kind]
            ) ?? false
        }
    }
}

internal import GRDB

extension CampaignStore {
    /// How many device ids one overlap query binds (SQLite allows 32,766 parameters).
    static let overlapChunk = 500

    /// The open campaign (created, running, paused) of this store, on the GenieACS at `acsURL`,
    /// that targets the most of `deviceIDs` (its skipped targets are never pushed), or nil: the
    /// check a campaign created in *another* store makes against this one (``CampaignNeighbour``).
    /// One index probe per device (`targets_by_device`), `deviceIDs` read in chunks.
    public func openOverlap(deviceIDs: [String], acsURL: String) async throws -> CampaignOverlapError? {
        let acs = CampaignNeighbour.acsIdentity(acsURL)
        return try await read("check open campaigns for shared devices") { db in
            var open: [String: String] = [:]
            for row in try Row.fetchAll(
                db,
                sql: "SELECT id, status, acs_url FROM campaigns WHERE status IN ('created', 'running', 'paused')"
            ) where CampaignNeighbour.acsIdentity(row[2]) == acs {
                open[row[0]] = row[1]
            }
            guard !open.isEmpty else { return nil }
            var shared: [String: (count: Int, example: String)] = [:]
            var start = 0
            while start < deviceIDs.count {
                let chunk = deviceIDs[start..<min(start + Self.overlapChunk, deviceIDs.count)]
                start += chunk.count
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                for row in try Row.fetchAll(
                    db,
                    sql: """
                        SELECT campaign_id, COUNT(*), MIN(device_id) FROM targets INDEXED BY targets_by_device
                        WHERE device_id IN (\(marks)) AND state <> 'skipped'
                        GROUP BY campaign_id
                        """,
                    arguments: StatementArguments(Array(chunk))
                ) {
                    let id: String = row[0]
                    guard open[id] != nil else { continue }
                    let count: Int = row[1]
                    let example: String = row[2]
                    let earlier = shared[id]
                    shared[id] = (
                        (earlier?.count ?? 0) + count, min(earlier?.example ?? example, example)
                    )
                }
            }
            guard
                let (id, best) = shared.max(by: { ($0.value.count, $1.key) < ($1.value.count, $0.key) }),
                let status = open[id]
            else { return nil }
            return CampaignOverlapError(campaignID: id, status: status, devices: best.count, example: best.example)
        }
    }

    /// Deletes a campaign nothing has run yet (status `created`, no target pushed) with its
    /// targets and events: a create that turned out to overlap another store's campaign
    /// (``CampaignCreator``) leaves nothing behind. False when it has started since.
    public func discardUnstarted(_ id: String) async throws -> Bool {
        try await write("discard campaign \(id)") { db in
            let pushed = try Bool.fetchOne(
                db,
                sql: "SELECT EXISTS (SELECT 1 FROM targets WHERE campaign_id = ? AND first_pushed_at IS NOT NULL)",
                arguments: [id]
            )
            guard pushed != true else { return false }
            try db.execute(sql: "DELETE FROM campaigns WHERE id = ? AND status = 'created'", arguments: [id])
            return db.changesCount > 0
        }
    }
}

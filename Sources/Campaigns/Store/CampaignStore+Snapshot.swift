internal import GRDB

extension CampaignStore {
    /// The campaign `id` with its counts per state and its first `targetLimit` targets in ordinal
    /// order, all from one snapshot: the same values as ``campaign(_:)``, ``counts(_:)`` and
    /// ``targets(_:states:ordinalFrom:ordinalBelow:limit:firstPushedBefore:)`` with `limit`, in
    /// one read (one hop to a reader, prepared statements reused) instead of three.
    ///
    /// - Returns: nil when there is no such campaign.
    public func snapshot(_ id: String, targetLimit: Int) async throws -> CampaignSnapshot<TargetRecord>? {
        try await read("read snapshot of campaign \(id)") { db in
            try Self.snapshot(id, targetLimit: targetLimit, columns: TargetRow.columns, in: db) {
                try TargetRow(row: $0).record
            }
        }
    }

    /// The same snapshot with only the columns a progress answer shows of each target
    /// (``TargetResult``): 6 of the 16 columns decoded per target.
    ///
    /// - Returns: nil when there is no such campaign.
    public func resultsSnapshot(_ id: String, targetLimit: Int) async throws -> CampaignSnapshot<TargetResult>? {
        try await read("read snapshot of campaign \(id)") { db in
            try Self.snapshot(id, targetLimit: targetLimit, columns: TargetResultRow.columns, in: db) {
                try TargetResultRow(row: $0).result
            }
        }
    }

    /// The campaign, its counts and the `columns` of its first `targetLimit` targets, each made
    /// by `target`, in `db` (one transaction).
    private static func snapshot<Target: Sendable>(
        _ id: String,
        targetLimit: Int,
        columns: String,
        in db: Database,
        target: (Row) throws -> Target
    ) throws -> CampaignSnapshot<Target>? {
        guard
            let campaign = try CampaignRow.fetchOne(
                db.cachedStatement(sql: "SELECT \(CampaignRow.columns) FROM campaigns WHERE id = ?"),
                arguments: [id]
            )?.record
        else { return nil }
        var counts = Dictionary(uniqueKeysWithValues: TargetRecord.State.allCases.map { ($0, 0) })
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT state, n FROM target_counts WHERE campaign_id = ? AND n != 0"),
            arguments: [id]
        )
        while let row = try rows.next() {
            let text = try row.decode(String.self, atIndex: 0)
            let count = try row.decode(Int.self, atIndex: 1)
            guard let state = TargetRecord.State(rawValue: text) else {
                throw StoreDataError(message: "\(count) targets of \(id) have state '\(text)'")
            }
            counts[state] = count
        }
        var targets: [Target] = []
        if targetLimit > 0 {
            let cursor = try Row.fetchCursor(
                db.cachedStatement(
                    sql: "SELECT \(columns) FROM targets WHERE campaign_id = ? ORDER BY ordinal LIMIT ?"
                ),
                arguments: [id, targetLimit]
            )
            while let row = try cursor.next() { targets.append(try target(row)) }
        }
        return CampaignSnapshot(campaign: campaign, counts: counts, targets: targets)
    }
}

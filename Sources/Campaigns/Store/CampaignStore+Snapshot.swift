internal import GRDB

extension CampaignStore {
    /// The campaign `id` with its counts per state and its first `targetLimit` targets in ordinal
    /// order, all from one snapshot: the same values as ``campaign(_:)``, ``counts(_:)`` and
    /// ``targets(_:states:ordinalFrom:ordinalBelow:limit:firstPushedBefore:)`` with `limit`, in
    /// one read (one hop to a reader, prepared statements reused) instead of three.
    ///
    /// - Returns: nil when there is no such campaign.
    public func snapshot(_ id: String, targetLimit: Int) async throws -> CampaignSnapshot? {
        try await read("read snapshot of campaign \(id)") { db in
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
            let targets =
                targetLimit <= 0
                ? []
                : try TargetRow.fetchAll(
                    db.cachedStatement(
                        sql: "SELECT \(TargetRow.columns) FROM targets WHERE campaign_id = ? ORDER BY ordinal LIMIT ?"
                    ),
                    arguments: [id, targetLimit]
                ).map(\.record)
            return CampaignSnapshot(campaign: campaign, counts: counts, targets: targets)
        }
    }
}

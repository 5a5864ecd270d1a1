internal import GRDB

extension CampaignStore {
    /// The first step of a cancel, in one transaction: `campaign` (cancelled) is written unless its
    /// stored status is not in `ifStatus`, with `event`; every `pending`, `pushing` and `verifying`
    /// target is replaced by `settle` of it; then, when `settle` left devices in flight (a task POST may be on
    /// its way), the campaign's reason becomes `inFlightReason(count)`.
    ///
    /// One transaction, so no runner writes between the status and the targets: a runner writes
    /// `pushing` only while the campaign is running (in the same transaction as the status check),
    /// so the targets read here are every device whose task POST may still land.
    /// - Returns: the `pushed` targets (their queued tasks are the cancel's to delete), the targets
    ///   `settle` wrote, and how many of them it left in flight (`inFlight` decides which).
    func startCancel(
        _ campaign: CampaignRecord,
        ifStatus: Set<CampaignRecord.Status>,
        event: CampaignEvent,
        settle: @escaping @Sendable (TargetRecord) -> TargetRecord,
        inFlight: @escaping @Sendable (TargetRecord) -> Bool,
        inFlightReason: @escaping @Sendable (Int) -> String
    ) async throws -> (pushed: [TargetRecord], settled: [TargetRecord], inFlight: Int) {
        let operation = "cancel campaign \(campaign.id)"
        let path = self.path
        return try await write(operation) { db in
            try CampaignRow.update(campaign, ifStatus: ifStatus, in: db, path: path, operation: operation)
            try EventRow.insert([event], into: db)
            let open = try TargetRow.fetchAll(
                db,
                sql:
                    "SELECT \(TargetRow.columns) FROM targets WHERE campaign_id = ? AND state IN ('pending', 'pushing', 'verifying')"
                    + " ORDER BY ordinal",
                arguments: [campaign.id]
            ).map { settle($0.record) }
            try TargetRow.save(
                open,
                update: db.cachedStatement(sql: TargetRow.updateSQL),
                upsert: db.cachedStatement(sql: TargetRow.upsertSQL),
                in: db
            )
            let flying = open.filter(inFlight).count
            if flying > 0 {
                var reasoned = campaign
                reasoned.statusReason = inFlightReason(flying)
                try CampaignRow.update(reasoned, ifStatus: [.cancelled], in: db, path: path, operation: operation)
            }
            let pushed = try TargetRow.fetchAll(
                db,
                sql:
                    "SELECT \(TargetRow.columns) FROM targets WHERE campaign_id = ? AND state = 'pushed' ORDER BY ordinal",
                arguments: [campaign.id]
            ).map(\.record)
            return (pushed, open, flying)
        }
    }

    /// Records what deleting a cancelled campaign's tasks did, in one transaction: each
    /// `(before, after)` pair writes `after` only while the stored target still equals `before`
    /// (another process — the runner settling the devices it was pushing, a retry — may have
    /// recorded it meanwhile); then `events`; then the campaign's reason becomes `reason(left)`,
    /// `left` being the targets still marked `pendingCode` or owing a task and fault
    /// (``TargetRecord/staleTaskID``), unless the campaign is no longer
    /// cancelled. With `lease`, nothing is written unless it is still the campaign's.
    /// - Returns: the pairs written.
    func commitCancelOutcome(
        _ campaignID: String,
        _ changes: [(before: TargetRecord, after: TargetRecord)],
        events: [CampaignEvent],
        pendingCode: String,
        reason: @escaping @Sendable (_ left: Int, _ stored: String?) -> String,
        lease: RunnerLease? = nil
    ) async throws -> [(before: TargetRecord, after: TargetRecord)] {
        let operation = "record the deleted tasks of \(campaignID)"
        let path = self.path
        return try await write(operation) { db in
            if let lease { try Self.requireLease(lease, db, path: path, operation: operation) }
            var written: [(before: TargetRecord, after: TargetRecord)] = []
            for change in changes {
                let stored = try TargetRow.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT \(TargetRow.columns) FROM targets WHERE campaign_id = ? AND device_id = ?"
                    ),
                    arguments: [campaignID, change.before.deviceID]
                )?.record
                guard stored == change.before else { continue }
                written.append(change)
            }
            try TargetRow.save(
                written.map(\.after),
                update: db.cachedStatement(sql: TargetRow.updateSQL),
                upsert: db.cachedStatement(sql: TargetRow.upsertSQL),
                in: db
            )
            try EventRow.insert(events, into: db)
            let left =
                try Int.fetchOne(
                    db,
                    sql: "SELECT COUNT(*) FROM targets WHERE campaign_id = ?"
                        + " AND ((state = 'skipped' AND error_code = ?) OR stale_task_id IS NOT NULL)",
                    arguments: [campaignID, pendingCode]
                ) ?? 0
            if var campaign = try CampaignRow.fetchOne(
                db,
                sql: "SELECT \(CampaignRow.columns) FROM campaigns WHERE id = ?",
                arguments: [campaignID]
            )?.record, campaign.status == .cancelled {
                let updated = reason(left, campaign.statusReason)
                if updated != campaign.statusReason {
                    campaign.statusReason = updated
                    try CampaignRow.update(campaign, ifStatus: [.cancelled], in: db, path: path, operation: operation)
                }
            }
            return written
        }
    }
}

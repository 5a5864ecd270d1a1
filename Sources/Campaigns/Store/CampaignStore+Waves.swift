internal import GRDB

/// What the runner's wave gate and failure-rate rule read: when the campaign was last resumed, how many devices had
/// been decided by then, and whether a wave has been touched.
extension CampaignStore {
    /// The time (milliseconds since the epoch) of the campaign's newest event of `kind`, nil when there is none.
    public func latestEventTime(_ campaignID: String, kind: String) async throws -> Double? {
        try await read("read events of \(campaignID)") { db in
            try Double.fetchOne(
                db.cachedStatement(sql: "SELECT MAX(at) FROM events WHERE campaign_id = ? AND kind = ?"),
                arguments: [campaignID, kind]
            )
        }
    }

    /// How many targets had succeeded and failed by `time` (their `finished_at` at or before it): the failure-rate
    /// rule's baseline after a resume. One scan of the campaign's finished targets.
    public func decided(_ campaignID: String, finishedBefore time: Double) async throws -> (succeeded: Int, failed: Int)
    {
        try await read("count the decided targets of \(campaignID)") { db in
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT COALESCE(SUM(state = 'succeeded'), 0), COALESCE(SUM(state = 'failed'), 0) FROM targets
                        WHERE campaign_id = ? AND state IN ('succeeded', 'failed') AND finished_at <= ?
                        """
                ),
                arguments: [campaignID, time]
            )
            return (row.map { $0[0] as Int } ?? 0, row.map { $0[1] as Int } ?? 0)
        }
    }

    /// Whether any target with an ordinal in `range` has been pushed (an attempt made, or a state only a push
    /// leads to): false while a wave has not started. Devices skipped at create do not count.
    public func hasPushedTargets(_ campaignID: String, ordinals range: Range<Int>) async throws -> Bool {
        try await read("look for pushed targets of \(campaignID)") { db in
            try Int.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT 1 FROM targets WHERE campaign_id = ? AND ordinal >= ? AND ordinal < ?
                        AND (attempts > 0 OR state IN ('pushing', 'pushed', 'verifying', 'succeeded', 'failed')) LIMIT 1
                        """
                ),
                arguments: [campaignID, range.lowerBound, range.upperBound]
            ) != nil
        }
    }
}

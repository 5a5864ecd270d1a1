internal import GRDB

extension CampaignStore {
    /// A campaign's targets in ordinal order, optionally only some states, below an ordinal, or the first few.
    ///
    /// - Parameters:
    ///   - campaignID: The campaign.
    ///   - states: Only targets in one of these states; nil for all (an empty set gives none).
    ///   - ordinalFrom: Only targets whose ordinal is this or higher (the next page of a report).
    ///   - ordinalBelow: Only targets whose ordinal is lower (a wave's end).
    ///   - limit: At most this many.
    ///   - offset: Leave out this many matching targets first (SQLite walks past them in the
    ///     index without decoding them: a report page deep into one state costs no memory).
    ///   - firstPushedBefore: Only targets first pushed before this time (milliseconds since the
    ///     epoch): the in-flight devices past their deadline, filtered in SQLite rather than
    ///     decoding every in-flight row on each check.
    ///   - errorCode: Only targets with this error code (a cancel's deletions still to retry).
    ///   - withStaleTask: Only targets with a ``TargetRecord/staleTaskID`` (a task and fault the
    ///     runner left behind and deletes again).
    public func targets(
        _ campaignID: String,
        states: Set<TargetRecord.State>? = nil,
        ordinalFrom: Int? = nil,
        ordinalBelow: Int? = nil,
        limit: Int? = nil,
        offset: Int? = nil,
        firstPushedBefore: Double? = nil,
        errorCode: String? = nil,
        withStaleTask: Bool = false
    ) async throws -> [TargetRecord] {
        if states?.isEmpty == true || limit.map({ $0 <= 0 }) == true { return [] }
        var sql = "SELECT \(TargetRow.columns) FROM targets WHERE campaign_id = ?"
        var arguments: StatementArguments = [campaignID]
        if let states {
            sql += " AND state IN (\(Array(repeating: "?", count: states.count).joined(separator: ", ")))"
            arguments += StatementArguments(states.map(\.rawValue).sorted())
        }
        if let ordinalFrom {
            sql += " AND ordinal >= ?"
            arguments += [ordinalFrom]
        }
        if let ordinalBelow {
            sql += " AND ordinal < ?"
            arguments += [ordinalBelow]
        }
        if let firstPushedBefore {
            sql += " AND first_pushed_at < ?"
            arguments += [firstPushedBefore]
        }
        if let errorCode {
            sql += " AND error_code = ?"
            arguments += [errorCode]
        }
        // `targets_with_stale_task` holds only these rows.
        if withStaleTask { sql += " AND stale_task_id IS NOT NULL" }
        sql += " ORDER BY ordinal"
        if let limit {
            sql += " LIMIT ?"
            arguments += [limit]
        }
        if let offset, offset > 0 {
            if limit == nil { sql += " LIMIT -1" }
            sql += " OFFSET ?"
            arguments += [offset]
        }
        let query = sql
        let bound = arguments
        return try await read("read targets of \(campaignID)") { db in
            try TargetRow.fetchAll(db, sql: query, arguments: bound).map(\.record)
        }
    }

    /// Whether `campaignID` has a target in one of `states` with an ordinal below `ordinalBelow`.
    ///
    /// One lookup per state in `targets_by_state` (campaign, state, ordinal): logarithmic however
    /// many targets a million-device campaign has finished, where one `state IN (…) ORDER BY ordinal`
    /// query walks every finished row before the first unfinished one.
    public func hasTargets(_ campaignID: String, states: Set<TargetRecord.State>, ordinalBelow: Int) async throws
        -> Bool
    {
        let ordered = states.map(\.rawValue).sorted()
        return try await read("look for unfinished targets of \(campaignID)") { db in
            let statement = try db.cachedStatement(
                sql: "SELECT 1 FROM targets WHERE campaign_id = ? AND state = ? AND ordinal < ? LIMIT 1"
            )
            for state in ordered where try Int.fetchOne(statement, arguments: [campaignID, state, ordinalBelow]) != nil
            {
                return true
            }
            return false
        }
    }

    /// The target of `deviceID` in `campaignID`, nil when the device is not one of its targets.
    public func target(_ campaignID: String, _ deviceID: String) async throws -> TargetRecord? {
        try await read("read target \(deviceID) of \(campaignID)") { db in
            try TargetRow.fetchOne(
                db.cachedStatement(
                    sql: "SELECT \(TargetRow.columns) FROM targets WHERE campaign_id = ? AND device_id = ?"
                ),
                arguments: [campaignID, deviceID]
            )?.record
        }
    }

    /// Inserts or replaces targets (keyed by campaign and device) in one transaction.
    ///
    /// When one target is refused (an unknown campaign, an ordinal another device holds) none is
    /// written: the engine saves a state before acting on it, and a batch is never half-stored.
    ///
    /// - Throws: ``CampaignStoreError`` naming the refused target.
    public func save(_ targets: [TargetRecord]) async throws {
        guard !targets.isEmpty else { return }
        try await commit(targets: targets)
    }

    /// When the latest task push of `campaignID` was sent (ms since 1970), nil before the first:
    /// what a runner that starts again (after a restart, or taking over from another server) spaces
    /// its first push from, so `rate_per_minute` holds across runs. One pass over the campaign's
    /// rows, once per run.
    public func latestPush(_ campaignID: String) async throws -> Double? {
        try await read("read the latest push of \(campaignID)") { db in
            try Double.fetchOne(
                db.cachedStatement(sql: "SELECT MAX(pushed_at) FROM targets WHERE campaign_id = ?"),
                arguments: [campaignID]
            )
        }
    }

    /// The number of targets of `campaignID` in each state; every state is present, 0 when none.
    public func counts(_ campaignID: String) async throws -> [TargetRecord.State: Int] {
        let rows = try await read("count targets of \(campaignID)") { db in
            try Row.fetchAll(
                // Kept by the v3 triggers in every target write's transaction.
                db.cachedStatement(sql: "SELECT state, n FROM target_counts WHERE campaign_id = ? AND n != 0"),
                arguments: [campaignID]
            ).map { row in (try row.decode(String.self, atIndex: 0), try row.decode(Int.self, atIndex: 1)) }
        }
        var counts = Dictionary(uniqueKeysWithValues: TargetRecord.State.allCases.map { ($0, 0) })
        for (text, count) in rows {
            guard let state = TargetRecord.State(rawValue: text) else {
                throw CampaignStoreError.wrap(
                    StoreDataError(message: "\(count) targets of \(campaignID) have state '\(text)'"),
                    path: path,
                    operation: "count targets of \(campaignID)",
                    access: .read
                )
            }
            counts[state] = count
        }
        return counts
    }

    /// The pending targets that may be pushed now, in ordinal order.
    ///
    /// - Parameters:
    ///   - campaignID: The campaign.
    ///   - now: Milliseconds since the epoch; a target whose `notBefore` is later waits.
    ///   - ordinalBelow: The end of the waves opened so far.
    ///   - limit: At most this many (the free slots).
    /// - Returns: Targets with state `pending`, `notBefore` nil or not after `now`, and
    ///   `ordinal < ordinalBelow`, lowest ordinal first.
    public func dueTargets(
        _ campaignID: String,
        now: Double,
        ordinalBelow: Int,
        limit: Int
    ) async throws -> [TargetRecord] {
        guard limit > 0 else { return [] }
        return try await read("read due targets of \(campaignID)") { db in
            try TargetRow.fetchAll(
                db.cachedStatement(sql: Self.dueTargetsSQL),
                arguments: [campaignID, TargetRecord.State.pending.rawValue, ordinalBelow, now, limit]
            ).map(\.record)
        }
    }

    /// Served by `targets_by_state` (campaign, state, ordinal): no sort, however many targets. A
    /// device whose earlier task is not deleted yet (`stale_task_id`) is not due: a second task
    /// would run beside the first's fault, which GenieACS retries on its own.
    static let dueTargetsSQL = """
        SELECT \(TargetRow.columns) FROM targets
        WHERE campaign_id = ? AND state = ? AND ordinal < ? AND (not_before IS NULL OR not_before <= ?)
        AND stale_task_id IS NULL
        ORDER BY ordinal LIMIT ?
        """
}

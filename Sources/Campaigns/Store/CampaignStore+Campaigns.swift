internal import GRDB

extension CampaignStore {
    /// Stores a new campaign with its frozen target list (and first events), in one transaction.
    ///
    /// Targets are inserted with one prepared statement: 100,000 take under a second (release build).
    ///
    /// - Parameters:
    ///   - campaign: The campaign; its id must be new.
    ///   - targets: Its targets, each with `campaignID == campaign.id`, distinct devices and ordinals.
    ///   - events: Events to log with it (`created`).
    /// - Throws: ``CampaignStoreError``, a constraint violation naming the target for a duplicate
    ///   device or ordinal; nothing is stored then.
    public func create(
        _ campaign: CampaignRecord,
        targets: [TargetRecord],
        events: [CampaignEvent] = []
    ) async throws {
        let operation = "create campaign \(campaign.id) with \(counted(targets.count, "target"))"
        if let stray = targets.first(where: { $0.campaignID != campaign.id }) {
            throw CampaignStoreError.invalidArgument(
                "target \(stray.deviceID) belongs to campaign \(stray.campaignID)",
                path: path,
                operation: operation
            )
        }
        try await write(operation) { db in
            do {
                try db.execute(sql: CampaignRow.insertSQL, arguments: CampaignRow.insertArguments(campaign))
            } catch {
                throw RecordContextError(context: "campaign \(campaign.id)", underlying: error)
            }
            try TargetRow.execute(db.cachedStatement(sql: TargetRow.insertSQL), for: targets)
            try EventRow.insert(events, into: db)
        }
    }

    /// Inserts a new campaign and `targetCount` targets made one at a time by `target` (ordinals
    /// 0 up), in one transaction: a million-device campaign never holds its rows all at once.
    ///
    /// - Throws: ``CampaignStoreError`` naming the refused row; nothing is stored then.
    public func create(
        _ campaign: CampaignRecord,
        targetCount: Int,
        target: @escaping @Sendable (Int) -> TargetRecord
    ) async throws {
        let operation = "create campaign \(campaign.id) with \(counted(targetCount, "target"))"
        let path = self.path
        try await write(operation) { db in
            do {
                try db.execute(sql: CampaignRow.insertSQL, arguments: CampaignRow.insertArguments(campaign))
            } catch {
                throw RecordContextError(context: "campaign \(campaign.id)", underlying: error)
            }
            let statement = try db.cachedStatement(sql: TargetRow.insertSQL)
            for ordinal in 0..<targetCount {
                let row = target(ordinal)
                guard row.campaignID == campaign.id else {
                    throw CampaignStoreError.invalidArgument(
                        "target \(row.deviceID) belongs to campaign \(row.campaignID)",
                        path: path,
                        operation: operation
                    )
                }
                try TargetRow.execute(statement, for: CollectionOfOne(row))
            }
            if let overlap = try Self.openOverlap(of: campaign.id, in: db) { throw overlap }
        }
    }

    /// The open campaign (created, running, paused) that targets the most devices `id` will push
    /// (skipped targets on either side are never pushed), or nil. One index probe per target
    /// (`targets_by_device`), grouped by campaign: no pairwise scan of campaigns.
    static func openOverlap(of id: String, in db: Database) throws -> CampaignOverlapError? {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT o.campaign_id, c.status, COUNT(*) AS shared, MIN(o.device_id)
                FROM targets n
                JOIN targets o INDEXED BY targets_by_device
                    ON o.device_id = n.device_id AND o.campaign_id <> n.campaign_id
                JOIN campaigns c ON c.id = o.campaign_id
                WHERE n.campaign_id = ? AND n.state <> 'skipped' AND o.state <> 'skipped'
                    AND c.status IN ('created', 'running', 'paused')
                GROUP BY o.campaign_id
                ORDER BY shared DESC, o.campaign_id
                LIMIT 1
                """,
            arguments: [id]
        )
        guard let row else { return nil }
        return CampaignOverlapError(
            campaignID: row[0],
            status: row[1],
            devices: row[2],
            example: row[3]
        )
    }

    /// The campaign with this id, nil when there is none.
    public func campaign(_ id: String) async throws -> CampaignRecord? {
        try await read("read campaign \(id)") { db in
            try CampaignRow.fetchOne(
                db,
                sql: "SELECT \(CampaignRow.columns) FROM campaigns WHERE id = ?",
                arguments: [id]
            )?.record
        }
    }

    /// A page of the campaigns, newest (`createdAt`) first as ``campaigns()`` orders them (at most
    /// `limit`, after passing over `offset`), and how many the store holds, read together.
    public func campaigns(limit: Int, offset: Int) async throws -> (campaigns: [CampaignRecord], total: Int) {
        try await read("list campaigns") { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM campaigns") ?? 0
            guard limit > 0 else { return ([], total) }
            let page = try CampaignRow.fetchAll(
                db,
                sql:
                    "SELECT \(CampaignRow.columns) FROM campaigns ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?",
                arguments: [limit, max(0, offset)]
            ).map(\.record)
            return (page, total)
        }
    }

    /// Every campaign, newest (`createdAt`) first.
    public func campaigns() async throws -> [CampaignRecord] {
        try await read("list campaigns") { db in
            try CampaignRow.fetchAll(
                db,
                sql: "SELECT \(CampaignRow.columns) FROM campaigns ORDER BY created_at DESC, rowid DESC"
            ).map(\.record)
        }
    }

    /// Replaces the stored campaign with the same id (status, times, reason …).
    ///
    /// - Parameters:
    ///   - campaign: The new values.
    ///   - ifStatus: Write only when the stored status is one of these — another process (an
    ///     operator's `cancel` while a runner pauses) may have changed it since it was read.
    /// - Throws: ``CampaignStoreError``: ``CampaignStoreError/isNotFound`` when there is no such
    ///   campaign, ``CampaignStoreError/isStatusConflict`` when its status is not in `ifStatus`.
    public func update(_ campaign: CampaignRecord, ifStatus: Set<CampaignRecord.Status>? = nil) async throws {
        try await commit(campaign: campaign, ifStatus: ifStatus)
    }

    /// Writes a campaign update, target states and events in one transaction: all or nothing.
    ///
    /// The engine records what it is about to do this way — a target's `pushing` with its
    /// `pushed` event, a pause with the campaign's status and reason.
    ///
    /// - Parameters:
    ///   - campaign: Replaces the stored campaign with its id, when given.
    ///   - ifStatus: Write nothing unless the stored campaign's status is one of these.
    ///   - targets: Inserted or replaced, as ``save(_:)`` does.
    ///   - events: Appended after them.
    ///   - lease: Write nothing unless this runner lease is still the campaign's (a runner that
    ///     was taken over must not write over its successor).
    /// - Throws: ``CampaignStoreError`` (see ``update(_:ifStatus:)``, and
    ///   ``CampaignStoreError/isLeaseLost``); nothing is written then.
    public func commit(
        campaign: CampaignRecord? = nil,
        ifStatus: Set<CampaignRecord.Status>? = nil,
        targets: [TargetRecord] = [],
        events: [CampaignEvent] = [],
        lease: RunnerLease? = nil
    ) async throws {
        var parts: [String] = []
        if let campaign { parts.append("campaign \(campaign.id)") }
        if !targets.isEmpty { parts.append(counted(targets.count, "target")) }
        if !events.isEmpty { parts.append(counted(events.count, "event")) }
        let operation = "save " + (parts.isEmpty ? "nothing" : parts.joined(separator: ", "))
        let path = self.path
        try await write(operation) { db in
            if let lease { try Self.requireLease(lease, db, path: path, operation: operation) }
            if let campaign {
                try CampaignRow.update(campaign, ifStatus: ifStatus, in: db, path: path, operation: operation)
            }
            if !targets.isEmpty {
                try TargetRow.save(
                    targets,
                    update: db.cachedStatement(sql: TargetRow.updateSQL),
                    upsert: db.cachedStatement(sql: TargetRow.upsertSQL),
                    in: db
                )
            }
            try EventRow.insert(events, into: db)
        }
    }

    /// The id of the one campaign whose id starts with `prefix`, like git's short hashes.
    ///
    /// An exact id wins over longer ids it prefixes.
    ///
    /// - Returns: The id, or nil when no campaign matches (or `prefix` is empty).
    /// - Throws: ``CampaignStoreError`` (``CampaignStoreError/isAmbiguousID``) when several match.
    public func resolveID(_ prefix: String) async throws -> String? {
        guard !prefix.isEmpty else { return nil }
        let operation = "find campaign \(prefix)"
        let matches = try await read(operation) { db in
            if try String.fetchOne(db, sql: "SELECT id FROM campaigns WHERE id = ?", arguments: [prefix]) != nil {
                return [prefix]
            }
            return try String.fetchAll(
                db,
                sql: "SELECT id FROM campaigns WHERE substr(id, 1, ?) = ? ORDER BY id LIMIT 20",
                arguments: [prefix.unicodeScalars.count, prefix]
            )
        }
        guard matches.count <= 1 else {
            throw CampaignStoreError.ambiguousID(matches, path: path, operation: operation)
        }
        return matches.first
    }
}

/// `1 target`, `2 targets`, for operation names.
private func counted(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}

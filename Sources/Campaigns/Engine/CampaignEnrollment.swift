public import FerruleCore
import FerruleJSON
internal import GRDB
public import GenieACS

/// Adds one device to a campaign after it was created, or holds one device's pending target: what
/// PON triggers do when an ONU comes up (`enroll`) or is flapping (`hold`). See docs/triggers.md.
///
/// An enrolled device is planned exactly like the devices frozen at create (the campaign file as
/// stored, its filter checked against the device's document) and appended after the last target, so
/// it belongs to the last wave. A runner started before the enrollment counts its targets once, at
/// start: it pushes the new device after its next start or resume.
public struct CampaignEnrollment: Sendable {
    public let store: CampaignStore
    public let acs: any GenieACSNBI
    /// The variables the campaign file was created with (`--vars`).
    public let variables: VariableSet
    /// The secrets known here: previous values equal to one are stored as placeholders
    /// (``CampaignCreator`` does the same at create).
    public var secrets = SecretStore()

    public init(store: CampaignStore, acs: any GenieACSNBI, variables: VariableSet = VariableSet()) {
        self.store = store
        self.acs = acs
        self.variables = variables
    }

    /// What an enroll or hold did.
    public enum Outcome: Sendable, Hashable, CustomStringConvertible {
        /// Appended as a new target at `ordinal`.
        case enrolled(campaignID: String, ordinal: Int)
        /// Already a target (enroll does nothing).
        case alreadyTarget(campaignID: String, state: TargetRecord.State)
        /// The device cannot take the campaign (not in GenieACS, outside the filter, already done …).
        case notApplicable(campaignID: String, reason: String)
        /// The pending target waits until `until` (milliseconds since the epoch).
        case held(campaignID: String, until: Double)
        /// Nothing to hold: not a target, or no longer pending.
        case notHeld(campaignID: String, reason: String)

        public var description: String {
            switch self {
            case .enrolled(let id, let ordinal): "enrolled in \(id) as target \(ordinal + 1)"
            case .alreadyTarget(let id, let state): "already a target of \(id) (\(state.rawValue))"
            case .notApplicable(let id, let reason): "not enrolled in \(id): \(reason)"
            case .held(let id, let until): "held in \(id) until \(CampaignRunner.iso(until))"
            case .notHeld(let id, let reason): "not held in \(id): \(reason)"
            }
        }
    }

    /// The campaign `reference` names: an id, an id prefix, or the name of exactly one campaign that
    /// is not completed or cancelled.
    ///
    /// - Throws: ``CampaignError`` when none or several match.
    public func campaign(_ reference: String) async throws -> CampaignRecord {
        if let id = try await store.resolveID(reference), let found = try await store.campaign(id) { return found }
        let named = try await store.campaigns().filter {
            $0.name == reference && $0.status != .completed && $0.status != .cancelled
        }
        guard named.count == 1, let only = named.first else {
            throw named.isEmpty
                ? CampaignError.notFound(reference)
                : CampaignError(
                    "\(named.count) open campaigns are named \"\(reference)\" (\(named.map(\.id).joined(separator: ", "))); name one by id"
                )
        }
        return only
    }

    /// Adds `deviceID` to the campaign as a new pending target (or says why not).
    ///
    /// - Throws: ``CampaignError`` for an unknown, finished or unreadable campaign; the store's or the
    ///   NBI's errors.
    public func enroll(_ deviceID: String, in reference: String, now: Double) async throws -> Outcome {
        let campaign = try await campaign(reference)
        guard [.created, .running, .paused].contains(campaign.status) else {
            throw CampaignError(
                "campaign \(campaign.id) is \(campaign.status.rawValue); a device can join only an open campaign"
            )
        }
        if let existing = try await store.target(campaign.id, deviceID) {
            return .alreadyTarget(campaignID: campaign.id, state: existing.state)
        }
        var diagnostics = DiagnosticCollector()
        // The variables stored at create, the enrollment's own over them.
        var merged = campaign.variableSet
        for (name, value) in variables.values { merged.set(name, value) }
        guard
            let spec = CampaignFile.parse(
                campaign.specText,
                file: campaign.specFile,
                variables: merged,
                diagnostics: &diagnostics
            )
        else {
            throw CampaignError(
                "campaign \(campaign.id)'s file, as stored at create, no longer reads: "
                    + (diagnostics.sorted.first.map { "\($0)" } ?? "unknown problem")
            )
        }
        let page = try await acs.query(
            .devices,
            CollectionQuery(query: .object([("_id", .string(deviceID))]), limit: 1)
        )
        guard let json = page.items.first, let device = DeviceDocument(json) else {
            return .notApplicable(campaignID: campaign.id, reason: "GenieACS has no device \(deviceID)")
        }
        guard spec.filter.matches(json) else {
            return .notApplicable(campaignID: campaign.id, reason: "\(deviceID) does not match the campaign's filter")
        }
        let target = try CampaignResolver.target(spec, device, now: now)
        if let reason = target.skipReason {
            return .notApplicable(campaignID: campaign.id, reason: reason)
        }
        let changes = CampaignCreator.sealingSecrets(target.changes, with: secrets)
        let record = TargetRecord(
            campaignID: campaign.id,
            deviceID: deviceID,
            ordinal: 0,
            changesJSON: changes.isEmpty ? nil : ConfigurationPlan.json(changes),
            previousJSON: changes.isEmpty ? nil : ConfigurationPlan.json(CampaignCreator.snapshot(changes)),
            versionBefore: target.versionBefore,
            updatedAt: now
        )
        switch try await store.append(record, detail: "enrolled by a PON trigger", now: now) {
        case .appended(let ordinal):
            return .enrolled(campaignID: campaign.id, ordinal: ordinal)
        case .alreadyTarget:
            let state = try await store.target(campaign.id, deviceID)?.state ?? .pending
            return .alreadyTarget(campaignID: campaign.id, state: state)
        case .inOpenCampaign(let other):
            return .notApplicable(
                campaignID: campaign.id,
                reason:
                    "\(deviceID) is a target of open campaign \(other); a device is in one open campaign at a time, "
                    + "as at create"
            )
        }
    }

    /// Keeps `deviceID`'s pending target from being pushed before `until` (milliseconds since the epoch).
    ///
    /// - Throws: ``CampaignError`` for an unknown campaign; the store's errors.
    public func hold(_ deviceID: String, in reference: String, until: Double, reason: String, now: Double)
        async throws -> Outcome
    {
        let campaign = try await campaign(reference)
        return try await store.hold(campaign.id, deviceID, until: until, reason: reason, now: now)
    }
}

/// What appending an enrolled target did.
private enum Appended {
    case appended(ordinal: Int)
    case alreadyTarget
    /// The device is a target (not skipped) of this other open campaign: nothing was written.
    case inOpenCampaign(String)
}

extension CampaignStore {
    /// Inserts `target` after the campaign's last ordinal, in one transaction, unless the device is
    /// already a target of it or of another open campaign (the rule `create` keeps: two open campaigns
    /// would push one device twice). One probe of `targets_by_device`.
    fileprivate func append(_ target: TargetRecord, detail: String, now: Double) async throws -> Appended {
        try await write("enroll \(target.deviceID) in \(target.campaignID)") { db in
            let exists = try Int.fetchOne(
                db,
                sql: "SELECT 1 FROM targets WHERE campaign_id = ? AND device_id = ?",
                arguments: [target.campaignID, target.deviceID]
            )
            guard exists == nil else { return .alreadyTarget }
            let other = try String.fetchOne(
                db,
                sql: """
                    SELECT t.campaign_id FROM targets t INDEXED BY targets_by_device
                    JOIN campaigns c ON c.id = t.campaign_id
                    WHERE t.device_id = ? AND t.campaign_id <> ? AND t.state <> 'skipped'
                        AND c.status IN ('created', 'running', 'paused')
                    ORDER BY t.campaign_id LIMIT 1
                    """,
                arguments: [target.deviceID, target.campaignID]
            )
            if let other { return .inOpenCampaign(other) }
            let last = try Int.fetchOne(
                db,
                sql: "SELECT MAX(ordinal) FROM targets WHERE campaign_id = ?",
                arguments: [target.campaignID]
            )
            var row = target
            row.ordinal = (last ?? -1) + 1
            try db.execute(sql: TargetRow.insertSQL, arguments: TargetRow.arguments(row))
            try EventRow.insert(
                [
                    CampaignEvent(
                        campaignID: row.campaignID,
                        deviceID: row.deviceID,
                        at: now,
                        kind: "enrolled",
                        detail: detail
                    )
                ],
                into: db
            )
            return .appended(ordinal: row.ordinal)
        }
    }

    /// Sets a pending target's `notBefore` to at least `until`, in one transaction.
    fileprivate func hold(_ campaignID: String, _ deviceID: String, until: Double, reason: String, now: Double)
        async throws -> CampaignEnrollment.Outcome
    {
        try await write("hold \(deviceID) in \(campaignID)") { db in
            guard
                var target = try TargetRow.fetchOne(
                    db,
                    sql: "SELECT \(TargetRow.columns) FROM targets WHERE campaign_id = ? AND device_id = ?",
                    arguments: [campaignID, deviceID]
                )?.record
            else {
                return .notHeld(campaignID: campaignID, reason: "\(deviceID) is not one of its targets")
            }
            guard target.state == .pending else {
                return .notHeld(campaignID: campaignID, reason: "\(deviceID) is \(target.state.rawValue), not pending")
            }
            let held = max(target.notBefore ?? 0, until)
            target.notBefore = held
            target.updatedAt = now
            try db.execute(sql: TargetRow.upsertSQL, arguments: TargetRow.arguments(target))
            try EventRow.insert(
                [
                    CampaignEvent(
                        campaignID: campaignID,
                        deviceID: deviceID,
                        at: now,
                        kind: "held",
                        detail: "until \(CampaignRunner.iso(held)): \(reason)"
                    )
                ],
                into: db
            )
            return .held(campaignID: campaignID, until: held)
        }
    }
}

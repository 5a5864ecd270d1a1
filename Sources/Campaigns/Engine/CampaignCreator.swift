public import DataModel
public import FerruleCore
import Foundation
public import GenieACS

/// A campaign `campaign create` stored, with the warnings it earned.
public struct CampaignCreation: Sendable {
    public var record: CampaignRecord
    /// Created all the same; the CLI prints them on standard error, the API returns them.
    public var warnings: [CampaignWarning]

    public init(record: CampaignRecord, warnings: [CampaignWarning] = []) {
        self.record = record
        self.warnings = warnings
    }
}

/// `campaign create`: resolves the targets once, freezes and records them.
public struct CampaignCreator: Sendable {
    public let store: CampaignStore
    public let acs: any GenieACSNBI
    /// The time targets are planned at (device deadlines, `now` in filters) and the campaign is created at.
    public let clock: any CampaignClock
    /// PON placements for `canary_spread` (nil: the canary is the first N pending devices by `_id`).
    public var ponTopology: (any PONTopology)?
    /// The secrets known at create: a device's previous value equal to one of them is stored as
    /// its `${secret:NAME}` placeholder, never as the value (``sealingSecrets(_:with:)``).
    public var secrets = SecretStore()
    /// Stores beside ``store`` whose open campaigns on the same GenieACS also count: a device
    /// one of them targets is refused as one in ``store`` is (``CampaignNeighbour``).
    public var neighbours: [CampaignNeighbour] = []
    /// Whether warnings may name the GenieACS by its address (``CampaignWarning/missingFirmwareFile(file:acs:at:)``):
    /// `ferrule campaign create`, whose operator gave it; not an API answer, which names no upstream address.
    public var namesACSAddress = false
    /// The data models a configuration campaign's values are held against, device by device, before
    /// anything is stored (``ConfigurationValueCheck``); nil: not checked.
    public var models: ModelSet?

    public init(store: CampaignStore, acs: any GenieACSNBI, clock: any CampaignClock = SystemClock()) {
        self.store = store
        self.acs = acs
        self.clock = clock
    }

    /// Creates the campaign from its file text; nothing is pushed.
    ///
    /// - Throws: ``CampaignError`` when `expected_count` does not hold, ``ConfigurationValueError`` when a
    ///   device would get a value ``models`` refuse (nothing is stored).
    /// - Parameter variables: The `${name}` values the text was read with; stored with it.
    /// - Returns: The stored campaign and what it earned warnings for (a canary holding every
    ///   target, waves that get no device): created all the same, for the caller to show.
    public func create(
        _ spec: CampaignSpec,
        specText: String,
        variables: VariableSet = VariableSet()
    ) async throws -> CampaignCreation {
        let now = clock.now()
        let resolved = try await CampaignResolver.resolve(spec, acs: acs, now: now)
        // Checked before the canary is ordered: the ordering keys targets by device id.
        var seen = Set<String>(minimumCapacity: resolved.count)
        for target in resolved where !seen.insert(target.deviceID).inserted {
            throw CampaignError(
                "GenieACS listed device \(DisplayText.value(target.deviceID)) twice while the targets were resolved "
                    + "(its NBI, or a proxy in front of it, answered a duplicated _id); nothing was created: check the NBI"
            )
        }
        if let models {
            let refused = ConfigurationValueCheck.check(resolved, spec: spec, models: models)
            if refused.devices > 0 {
                throw ConfigurationValueError(diagnostics: refused.diagnostics, devices: refused.devices)
            }
        }
        let targets = try await orderingCanary(resolved, rollout: spec.rollout)
        if let expected = spec.expectedCount, !expected.accepts(targets.count) {
            throw CampaignError.expectedCount(expected, actual: targets.count, file: spec.file)
        }
        // A file GenieACS lacks may be uploaded before the campaign starts: a warning, not a refusal
        // (the runner refuses to start without it).
        var missingFile: CampaignWarning?
        if case .firmware(let firmware) = spec.change {
            if let model = try await FirmwareModelCheck.model(of: firmware.file, acs: acs) {
                try FirmwareModelCheck.check(
                    targets,
                    file: firmware.file,
                    oui: model.oui,
                    productClass: model.productClass
                )
            } else {
                missingFile = .missingFirmwareFile(
                    file: firmware.file,
                    acs: namesACSAddress ? acs.baseURL : nil,
                    at: firmware.fileLocation ?? SourceLocation(file: spec.file)
                )
            }
        }
        let id = Self.newID(now: now)
        let kind: String
        switch spec.change {
        case .firmware: kind = "firmware"
        case .configuration: kind = "configuration"
        }
        let record = CampaignRecord(
            id: id,
            name: spec.name,
            kind: kind,
            specText: specText,
            specFile: spec.file,
            acsURL: acs.baseURL,
            createdAt: now,
            variables: variables.values
        )
        // Rows are made one at a time inside the insert: a million targets are never held twice.
        try await store.create(record, targetCount: targets.count) { ordinal in
            Self.row(targets[ordinal], campaignID: id, ordinal: ordinal, now: now, secrets: secrets)
        }
        try await refuseNeighbourOverlap(id, targets: targets)
        let alreadyDone = targets.lazy.filter { $0.skipReason != nil && $0.isApplicable }.count
        let notApplicable = targets.lazy.filter { $0.skipReason != nil && !$0.isApplicable }.count
        try await store.append([
            CampaignEvent(
                campaignID: id,
                at: now,
                kind: "created",
                detail:
                    "\(targets.count) device(s) frozen (\(alreadyDone) already done, \(notApplicable) not applicable)"
            )
        ])
        var warnings = CampaignWarning.warnings(for: spec.rollout, targets: targets.count, file: spec.file)
        if let missingFile { warnings.insert(missingFile, at: 0) }
        if case .firmware(let firmware) = spec.change,
            let downgrade = CampaignWarning.downgrades(firmware, targets: targets, file: spec.file)
        {
            warnings.append(downgrade)
        }
        return CampaignCreation(record: record, warnings: warnings)
    }

    /// Checked after the campaign is stored (two creates in two stores at once both see the other
    /// and both refuse, rather than neither): the new campaign is deleted again when a neighbour's
    /// open campaign targets any device it would push.
    private func refuseNeighbourOverlap(_ id: String, targets: [CampaignResolver.Target]) async throws {
        guard !neighbours.isEmpty else { return }
        let pushed = targets.compactMap { $0.skipReason == nil ? $0.deviceID : nil }
        guard !pushed.isEmpty else { return }
        for neighbour in neighbours {
            guard var overlap = try await neighbour.store.openOverlap(deviceIDs: pushed, acsURL: acs.baseURL) else {
                continue
            }
            overlap.neighbour = CampaignOverlapError.Place(owner: neighbour.owner, path: neighbour.store.path)
            guard try await store.discardUnstarted(id) else {
                throw CampaignError(
                    "campaign \(id) was created, and started before its check against the other stores finished: "
                        + "\(overlap.description.prefix { $0 != ";" }); cancel one of the two (`ferrule campaign cancel`)"
                )
            }
            throw overlap
        }
    }

    /// The stored row of a resolved target.
    static func row(
        _ target: CampaignResolver.Target,
        campaignID: String,
        ordinal: Int,
        now: Double,
        secrets: SecretStore
    ) -> TargetRecord {
        let changes = sealingSecrets(target.changes, with: secrets)
        return TargetRecord(
            campaignID: campaignID,
            deviceID: target.deviceID,
            ordinal: ordinal,
            state: target.skipReason == nil ? .pending : .skipped,
            finishedAt: target.skipReason == nil ? nil : now,
            errorCode: target.skipReason == nil ? nil : (target.isApplicable ? "already-done" : "not-applicable"),
            errorMessage: target.skipReason,
            changesJSON: changes.isEmpty ? nil : ConfigurationPlan.json(changes),
            previousJSON: changes.isEmpty ? nil : ConfigurationPlan.json(Self.snapshot(changes)),
            versionBefore: target.versionBefore,
            updatedAt: now
        )
    }

    /// `changes` with every previous value that equals a known secret's value replaced by that
    /// secret's `${secret:NAME}` placeholder: a device reads back the passphrase an earlier
    /// campaign pushed, and the store (changes and rollback snapshot) must not hold it. A rollback
    /// then pushes the secret's value at its run.
    static func sealingSecrets(_ changes: [ParameterChange], with secrets: SecretStore) -> [ParameterChange] {
        changes.map { change in
            guard let previous = change.previous, let name = secrets.name(holding: previous) else { return change }
            var sealed = change
            sealed.previous = "${secret:\(name)}"
            return sealed
        }
    }

    /// The values before the change, the rollback's input (parameters the device did not report
    /// cannot be restored and are left out).
    static func snapshot(_ changes: [ParameterChange]) -> [ParameterChange] {
        changes.compactMap { change in
            // An empty secret is what CPEs report instead of the real passphrase: restoring it
            // would blank the secret, so it is not part of the snapshot.
            guard let previous = change.previous, !(previous.isEmpty && change.isSecret) else { return nil }
            return ParameterChange(path: change.path, value: previous, type: change.type, deviceType: change.deviceType)
        }
    }

    /// `c-<yyyyMMdd>-<8 hex>`.
    static func newID(now: Double) -> String {
        let date = Date(timeIntervalSince1970: now / 1000)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        let day = String(format: "%04d%02d%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
        let random = (0..<8).map { _ in String(Int.random(in: 0..<16), radix: 16) }.joined()
        return "c-\(day)-\(random)"
    }
}

public import GenieACS

/// Pause, resume, cancel and roll back: the operator's levers on a campaign.
///
/// They change the stored state; a runner in another process sees it at its next cycle (it
/// re-reads the campaign's status before every push). Every time they record (events, when a
/// campaign finished or a rollback was created) is read from ``clock``.
public struct CampaignControl: Sendable {
    public let store: CampaignStore
    /// The time the levers record.
    public let clock: any CampaignClock

    public init(store: CampaignStore, clock: any CampaignClock = SystemClock()) {
        self.store = store
        self.clock = clock
    }

    /// Stops new pushes; devices in flight keep their tasks and are polled again on resume.
    public func pause(_ id: String, reason: String = "paused by an operator") async throws -> CampaignRecord {
        guard var campaign = try await store.campaign(id) else { throw CampaignError.notFound(id) }
        guard campaign.status == .running || campaign.status == .created else {
            throw CampaignError(
                "campaign \(id) is \(campaign.status.rawValue); only a created or running campaign can be paused"
            )
        }
        campaign.status = .paused
        campaign.statusReason = reason
        try await store.commit(
            campaign: campaign,
            ifStatus: [.running, .created],
            events: [CampaignEvent(campaignID: id, at: clock.now(), kind: "paused", detail: reason)]
        )
        return campaign
    }

    /// Lets a paused campaign run again (the failure-rate rule applies afresh to later devices).
    ///
    /// A campaign paused before anyone started it goes back to `created`: a scheduled one still
    /// waits for its `scheduled_at`, and one without a schedule for an explicit start
    /// (`ferrule campaign run`, `POST …/start`). Only a campaign that was started runs on.
    public func resume(_ id: String) async throws -> CampaignRecord {
        guard var campaign = try await store.campaign(id) else { throw CampaignError.notFound(id) }
        guard campaign.status == .paused else {
            throw CampaignError("campaign \(id) is \(campaign.status.rawValue), not paused")
        }
        if let rollback = try await store.campaigns().first(where: { $0.rollbackOf == id && $0.status != .cancelled }) {
            throw CampaignError(
                "campaign \(id) was rolled back by \(rollback.id) (\(rollback.status.rawValue)); resuming it would push "
                    + "its change again: cancel \(rollback.id) first, or create a new campaign"
            )
        }
        var started = campaign.startedAt != nil
        if !started { started = try await store.hasEvent(id, kind: "started") }
        campaign.status = started ? .running : .created
        campaign.statusReason = nil
        let detail = started ? "resumed by an operator" : "resumed by an operator; not started yet"
        try await store.commit(
            campaign: campaign,
            ifStatus: [.paused],
            events: [CampaignEvent(campaignID: id, at: clock.now(), kind: "resumed", detail: detail)]
        )
        return campaign
    }

    /// Stops new pushes for good and deletes the campaign's queued tasks that have not run.
    ///
    /// Devices waiting and devices whose task was still queued end `skipped` (`cancelled`);
    /// devices whose task already ran (GenieACS answers 404 to its deletion) keep their state
    /// (`pushed`): their change may be in place, and ``rollback(_:)`` includes them.
    /// - Returns: the campaign and how many queued tasks were deleted.
    public func cancel(_ id: String, acs: any GenieACSNBI, rollout: Rollout) async throws -> (CampaignRecord, Int) {
        guard var campaign = try await store.campaign(id) else { throw CampaignError.notFound(id) }
        guard campaign.status != .completed, campaign.status != .cancelled else {
            throw CampaignError("campaign \(id) is already \(campaign.status.rawValue)")
        }
        campaign.status = .cancelled
        campaign.statusReason = "cancelled by an operator"
        campaign.finishedAt = clock.now()
        try await store.update(campaign, ifStatus: [.created, .running, .paused])
        var deleted = 0
        var ran = 0
        let open = try await store.targets(id, states: [.pending, .pushing, .pushed])
        var updated: [TargetRecord] = []
        targets: for target in open {
            var t = target
            for case .deleteTask(let taskID) in t.apply(.cancelled(now: clock.now()), rollout: rollout) {
                do {
                    try await acs.deleteTask(taskID)
                    deleted += 1
                } catch let error as GenieACSError where error.isNotFound {
                    // GenieACS no longer has the task: it ran (or expired). The change may be in
                    // place, so the device keeps its state and `rollback` includes it.
                    ran += 1
                    continue targets
                }
            }
            updated.append(t)
        }
        try await store.commit(
            targets: updated,
            events: [
                CampaignEvent(
                    campaignID: id,
                    at: clock.now(),
                    kind: "cancelled",
                    detail: "\(updated.count) device(s) not pushed or still queued; \(deleted) queued task(s) deleted"
                        + (ran > 0 ? "; \(ran) device(s) whose task had already run keep their state" : "")
                )
            ]
        )
        return (campaign, deleted)
    }

    /// A new configuration campaign that sets every changed device back to its snapshot.
    ///
    /// Only devices whose change was pushed (succeeded, or failed after a push) are included, each
    /// with the values it had before. The new campaign runs like any other (`run`).
    public func rollback(_ id: String) async throws -> CampaignRecord {
        let now = clock.now()
        guard let original = try await store.campaign(id) else { throw CampaignError.notFound(id) }
        guard original.kind == "configuration" else {
            throw CampaignError(
                "campaign \(id) is a firmware campaign; roll firmware back with a firmware campaign for the previous image"
            )
        }
        // A running campaign's runner would go on changing devices the rollback does not cover.
        guard original.status == .paused || original.status == .completed || original.status == .cancelled else {
            throw CampaignError(
                "campaign \(id) is \(original.status.rawValue); its runner would go on changing devices the rollback "
                    + "does not cover: pause it (`ferrule campaign pause \(id)`) or cancel it first, then roll back"
            )
        }
        // One rollback per campaign: a second would push the same snapshots again, racing the first.
        if let earlier = try await store.campaigns().first(where: { $0.rollbackOf == id && $0.status != .cancelled }) {
            throw CampaignError(
                "campaign \(id) was already rolled back by \(earlier.id) (\(earlier.status.rawValue)); "
                    + "run that one, or cancel it before rolling back again"
            )
        }
        // In-flight states count too: a cancelled campaign leaves a device whose task had already
        // run in `pushed`, with its change possibly in place.
        let targets = try await store.targets(id, states: [.succeeded, .failed, .pushing, .pushed, .verifying])
        let restorable = targets.filter {
            $0.attempts > 0 && !ConfigurationPlan.changes(fromJSON: $0.previousJSON).isEmpty
        }
        guard !restorable.isEmpty else {
            throw CampaignError("campaign \(id) changed no device that has a snapshot to restore")
        }
        let rollbackID = CampaignCreator.newID(now: now)
        let record = CampaignRecord(
            id: rollbackID,
            name: original.name + "-rollback",
            kind: "configuration",
            specText: original.specText,
            specFile: original.specFile,
            acsURL: original.acsURL,
            rollbackOf: id,
            createdAt: now,
            variables: original.variables
        )
        let rows = restorable.enumerated().map { ordinal, target in
            let restore = ConfigurationPlan.changes(fromJSON: target.previousJSON)
            return TargetRecord(
                campaignID: rollbackID,
                deviceID: target.deviceID,
                ordinal: ordinal,
                changesJSON: ConfigurationPlan.json(restore),
                previousJSON: target.changesJSON,
                updatedAt: now
            )
        }
        try await store.create(record, targets: rows)
        try await store.append([
            CampaignEvent(
                campaignID: rollbackID,
                at: now,
                kind: "created",
                detail: "rollback of \(id): \(rows.count) device(s)"
            )
        ])
        return record
    }
}

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

    /// The error code of a cancelled device whose queued task GenieACS has not confirmed deleted
    /// yet (it answered an error other than 404: a CPE in session, GenieACS unreachable); the
    /// task id is kept and the deletion retried (``retryDeletions(_:acs:)``).
    public static let deletionPendingCode = "cancel-pending"
    /// Part of a cancelled campaign's `status_reason` while deletions are pending: the server's
    /// runner retries them at every scan when it sees it.
    public static let deletionPendingMarker = "queued task(s) not deleted yet"

    /// Stops new pushes for good and deletes the campaign's queued tasks that have not run.
    ///
    /// The cancel is committed first, with its `cancelled` event (the runner stops at its next
    /// step). Then every queued task's deletion is attempted: devices waiting and devices whose
    /// task was deleted end `skipped` (`cancelled`); devices whose task already ran (GenieACS
    /// answers 404 to its deletion) keep their state (`pushed`): their change may be in place, and
    /// ``rollback(_:)`` includes them. Devices whose task had run and whose change was not verified
    /// yet (`verifying`) end `skipped` (``TargetRecord/cancelledAfterRunCode``; the rollback includes
    /// them too). Every fault the campaign's tasks left in GenieACS (a Download whose TransferComplete
    /// faulted after its task went, and the tasks the runner left behind,
    /// ``TargetRecord/staleTaskID``) is deleted with `DELETE /faults/<device>:task_<id>`: GenieACS
    /// would retry it on its own (GenieACS 1.2.16 lib/cwmp.ts:405-430). A deletion GenieACS refuses otherwise (a CPE in session, an
    /// unreachable GenieACS) does not stop the others: that device ends `skipped` with
    /// ``deletionPendingCode`` and its task id, the campaign's `status_reason` says how many are
    /// left, and ``retryDeletions(_:acs:)`` (the server's runner at every scan, or a second
    /// cancel) tries again.
    ///
    /// A campaign already cancelled with deletions left has them retried; otherwise a second
    /// cancel is refused.
    /// - Returns: the campaign and how many queued tasks were deleted.
    public func cancel(_ id: String, acs: any GenieACSNBI, rollout: Rollout, by who: String = "an operator")
        async throws -> (CampaignRecord, Int)
    {
        guard var campaign = try await store.campaign(id) else { throw CampaignError.notFound(id) }
        if campaign.status == .cancelled, try await !pendingDeletions(id).isEmpty {
            return try await retryDeletions(id, acs: acs)
        }
        guard campaign.status != .completed, campaign.status != .cancelled else {
            throw CampaignError("campaign \(id) is already \(campaign.status.rawValue)")
        }
        let reason = "cancelled by \(who)"
        campaign.status = .cancelled
        campaign.statusReason = reason
        campaign.finishedAt = clock.now()
        try await store.commit(
            campaign: campaign,
            ifStatus: [.created, .running, .paused],
            events: [CampaignEvent(campaignID: id, at: clock.now(), kind: "cancelled", detail: reason)]
        )
        var deleted = 0
        var ran = 0
        var failures: [String] = []
        let open = try await store.targets(id, states: [.pending, .pushing, .pushed, .verifying])
        var updated: [TargetRecord] = []
        var afterRun = 0
        targets: for target in open {
            var t = target
            for case .deleteTask(let taskID) in t.apply(.cancelled(now: clock.now()), rollout: rollout) {
                do {
                    try await acs.deleteTask(taskID)
                    deleted += 1
                } catch let error as GenieACSError where error.isNotFound {
                    // GenieACS no longer has the task: it ran (or expired). The change may be in
                    // place, so the device keeps its state and `rollback` includes it. A fault of
                    // the task may remain (a Download's TransferComplete, GenieACS 1.2.16
                    // lib/cwmp.ts:333-355), which GenieACS would retry: it is deleted below.
                    ran += 1
                    var kept = target
                    kept.staleTaskID = taskID
                    updated.append(kept)
                    continue targets
                } catch {
                    t.taskID = taskID
                    Self.markPending(&t, error: error)
                    failures.append(GenieACSError.recordable(error))
                }
            }
            if target.state == .verifying { afterRun += 1 }
            updated.append(t)
        }
        // Tasks and faults the runner left behind (``TargetRecord/staleTaskID``), of these devices
        // and of devices that ended before the cancel.
        let owed = try await store.targets(id, withStaleTask: true).filter { o in
            !updated.contains { $0.deviceID == o.deviceID }
        }
        let notPushed = open.count - ran - afterRun - failures.count
        var cleaned: [TargetRecord] = []
        (cleaned, failures) = await Self.deleteStale(updated + owed, acs: acs, failures: failures)
        updated = cleaned
        let detail =
            "\(notPushed) device(s) not pushed or still queued; "
            + "\(deleted) queued task(s) deleted"
            + (ran > 0 ? "; \(ran) device(s) whose task had already run keep their state" : "")
            + (afterRun > 0 ? "; \(afterRun) device(s) whose task had run end unverified (cancelled-after-run)" : "")
            + (failures.isEmpty ? "" : "; " + Self.pendingText(failures.count, first: failures[0]))
        if !failures.isEmpty {
            campaign.statusReason = reason + "; " + Self.pendingText(failures.count, first: failures[0])
        }
        try await store.commit(
            campaign: failures.isEmpty ? nil : campaign,
            targets: updated,
            events: [CampaignEvent(campaignID: id, at: clock.now(), kind: "tasks-deleted", detail: detail)]
        )
        return (campaign, deleted)
    }

    /// The devices of `id` whose queued task is still to be deleted (cancelled ones,
    /// ``deletionPendingCode``), or whose earlier task and fault the runner left behind
    /// (``TargetRecord/staleTaskID``).
    public func pendingDeletions(_ id: String) async throws -> [TargetRecord] {
        let queued = try await store.targets(id, states: [.skipped], errorCode: Self.deletionPendingCode)
        let stale = try await store.targets(id, withStaleTask: true).filter { s in
            !queued.contains { $0.deviceID == s.deviceID }
        }
        return queued + stale
    }

    /// Deletes each target's ``TargetRecord/staleTaskID`` with `DELETE /faults/<device>:task_<id>`,
    /// which takes the task and its fault and answers 200 when neither exists (GenieACS 1.2.16
    /// lib/api-functions.ts:397-410; `DELETE /tasks/<id>` answers 404 once the task is gone and
    /// leaves its fault, lib/nbi.ts:428-450). A deleted one is cleared; one GenieACS refuses stays,
    /// its error appended to `failures`.
    static func deleteStale(_ targets: [TargetRecord], acs: any GenieACSNBI, failures: [String]) async
        -> ([TargetRecord], [String])
    {
        var failures = failures
        var out: [TargetRecord] = []
        for target in targets {
            var t = target
            if let stale = t.staleTaskID {
                do {
                    try await acs.deleteFault(t.faultID(ofTask: stale))
                    t.staleTaskID = nil
                } catch {
                    failures.append(GenieACSError.recordable(error))
                }
            }
            out.append(t)
        }
        return (out, failures)
    }

    /// Tries again to delete the queued tasks a cancel could not (``deletionPendingCode``).
    ///
    /// A deleted task's device ends `skipped` (`cancelled`); one GenieACS no longer has (it ran
    /// meanwhile) goes back to `pushed` (its change may be in place; ``rollback(_:)`` includes
    /// it); the others stay pending. The campaign's `status_reason` says how many are left.
    /// - Returns: the campaign and how many tasks were deleted now.
    public func retryDeletions(_ id: String, acs: any GenieACSNBI) async throws -> (CampaignRecord, Int) {
        guard var campaign = try await store.campaign(id) else { throw CampaignError.notFound(id) }
        let pending = try await pendingDeletions(id)
        var deleted = 0
        var ran = 0
        var failures: [String] = []
        var updated: [TargetRecord] = []
        for target in pending where target.errorCode == Self.deletionPendingCode {
            guard let taskID = target.taskID else { continue }
            var t = target
            let now = clock.now()
            do {
                try await acs.deleteTask(taskID)
                deleted += 1
                t.errorCode = "cancelled"
                t.errorMessage = "the campaign was cancelled; its queued task was deleted"
            } catch let error as GenieACSError where error.isNotFound {
                ran += 1
                t.staleTaskID = taskID  // its fault, if any, is deleted below
                t.state = .pushed
                t.finishedAt = nil
                t.errorCode = nil
                t.errorMessage = "the campaign was cancelled after this device's task ran; its change may be in place"
            } catch {
                Self.markPending(&t, error: error)
                failures.append(GenieACSError.recordable(error))
            }
            t.updatedAt = now
            updated.append(t)
        }
        let owed = pending.filter { p in p.staleTaskID != nil && !updated.contains { $0.deviceID == p.deviceID } }
        let staleCount = (updated + owed).filter { $0.staleTaskID != nil }.count
        (updated, failures) = await Self.deleteStale(updated + owed, acs: acs, failures: failures)
        let staleDeleted = staleCount - updated.filter { $0.staleTaskID != nil }.count
        let reason = campaign.statusReason ?? "cancelled"
        let base = reason.firstRange(of: "; ").map { String(reason[..<$0.lowerBound]) } ?? reason
        campaign.statusReason =
            failures.isEmpty ? base : base + "; " + Self.pendingText(failures.count, first: failures[0])
        var events: [CampaignEvent] = []
        if deleted + ran + staleDeleted > 0 {
            events.append(
                CampaignEvent(
                    campaignID: id,
                    at: clock.now(),
                    kind: "tasks-deleted",
                    detail: "retry: \(deleted) queued task(s) deleted"
                        + (staleDeleted > 0 ? "; \(staleDeleted) left-behind task(s) and fault(s) deleted" : "")
                        + (ran > 0 ? "; \(ran) device(s) whose task had already run keep their state" : "")
                        + (failures.isEmpty ? "" : "; \(failures.count) still to delete")
                )
            )
        }
        try await store.commit(campaign: campaign, ifStatus: [.cancelled], targets: updated, events: events)
        return (campaign, deleted)
    }

    private static func markPending(_ target: inout TargetRecord, error: any Error) {
        target.errorCode = deletionPendingCode
        target.errorMessage =
            "the campaign was cancelled; deleting its queued task failed ("
            + String(GenieACSError.recordable(error).prefix(300)) + "); retried"
    }

    private static func pendingText(_ count: Int, first: String) -> String {
        "\(count) \(deletionPendingMarker) (GenieACS: \(first.prefix(200))); the server's runner retries them at "
            + "every scan, and cancelling again retries them now"
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
        // A device whose task had run when the campaign was cancelled ends `skipped`
        // (``TargetRecord/cancelledAfterRunCode``): its change may be in place too.
        let targets = try await store.targets(
            id,
            states: [.succeeded, .failed, .pushing, .pushed, .verifying, .skipped]
        )
        let restorable = targets.filter {
            ($0.state != .skipped || $0.errorCode == TargetRecord.cancelledAfterRunCode)
                && $0.attempts > 0 && !ConfigurationPlan.changes(fromJSON: $0.previousJSON).isEmpty
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

import FerruleJSON
public import FerruleStore
import Foundation
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
    /// yet: it answered an error other than 404 (a CPE in session, GenieACS unreachable; the task
    /// id is kept), or the device's task POST was on its way when the cancel landed (no task id
    /// yet). Retried (``retryDeletions(_:acs:)``).
    public static let deletionPendingCode = "cancel-pending"
    /// Part of a cancelled campaign's `status_reason` while deletions are pending: the server's
    /// runner retries them at every scan when it sees it.
    public static let deletionPendingMarker = "queued task(s) not deleted yet"
    /// The message of a device whose task POST was on its way when the campaign was cancelled.
    public static let inFlightMessage =
        "the campaign was cancelled while this device's task was being sent; the task is deleted once the POST "
        + "has returned"

    /// Time without a heartbeat after which a runner's lease is taken over to settle the devices it
    /// was pushing when the campaign was cancelled (milliseconds; ``CampaignRunner/leaseTimeout``).
    public var leaseTimeout: Double = 60_000

    /// Stops new pushes for good and deletes the campaign's queued tasks that have not run.
    ///
    /// One transaction commits the cancel, with its `cancelled` event, and settles every device not
    /// yet pushed or not yet verified: devices waiting end `skipped` (`cancelled`); a device whose
    /// task POST is on its way (`pushing`) ends `skipped` with ``deletionPendingCode`` and no task
    /// id; a device whose task ran and whose change was not verified yet (`verifying`) ends `skipped`
    /// (``TargetRecord/cancelledAfterRunCode``; ``rollback(_:)`` includes it). No runner writes a
    /// `pushing` device once the campaign is not running, so these are every device whose task may
    /// still land in GenieACS: the runner that holds the campaign's lease deletes their tasks once
    /// its POSTs have returned (``settleInFlight(_:acs:ran:lease:)``); when no runner holds it (a
    /// paused campaign, a runner that died), this cancel takes the lease and does it now.
    ///
    /// Then every queued task's deletion is attempted: devices whose task was deleted end `skipped`
    /// (`cancelled`); devices whose task already ran (GenieACS answers 404 to its deletion) keep their
    /// state (`pushed`): their change may be in place, and ``rollback(_:)`` includes them. Every fault
    /// the campaign's tasks may have left in GenieACS (a Download whose TransferComplete faulted after
    /// its task went, GenieACS 1.2.16 lib/cwmp.ts:333-355, and the tasks the runner left behind,
    /// ``TargetRecord/staleTaskID``) is deleted with `DELETE /faults/<device>:task_<id>`: GenieACS
    /// would retry it on its own (lib/cwmp.ts:405-430). A deletion GenieACS refuses (a CPE in
    /// session, an unreachable GenieACS) does not stop the others: the device keeps what is owed
    /// (``deletionPendingCode`` and its task id, or its ``TargetRecord/staleTaskID``), the campaign's
    /// `status_reason` says how many are left, and ``retryDeletions(_:acs:)`` (the server's runner
    /// at every scan, or a second cancel) tries again.
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
        let now = clock.now()
        campaign.status = .cancelled
        campaign.statusReason = reason
        campaign.finishedAt = now
        let (pushed, settled, inFlight) = try await store.startCancel(
            campaign,
            ifStatus: [.created, .running, .paused],
            event: CampaignEvent(campaignID: id, at: now, kind: "cancelled", detail: reason),
            settle: { target in
                var t = target
                _ = t.apply(.cancelled(now: now), rollout: rollout)
                return t
            },
            inFlight: { $0.errorCode == Self.deletionPendingCode },
            inFlightReason: { reason + "; " + Self.pendingText($0, first: nil) }
        )
        let afterRun = settled.filter { $0.errorCode == TargetRecord.cancelledAfterRunCode }.count
        var deleted = 0
        var ran = 0
        var failures: [String] = []
        var changes: [(before: TargetRecord, after: TargetRecord)] = []
        for target in pushed {
            var t = target
            guard case .deleteTask(let taskID)? = t.apply(.cancelled(now: clock.now()), rollout: rollout).first else {
                changes.append((target, t))
                continue
            }
            do {
                try await acs.deleteTask(taskID)
                deleted += 1
            } catch let error as GenieACSError where error.isNotFound {
                // GenieACS no longer has the task: it ran (or expired). The change may be in
                // place, so the device keeps its state and `rollback` includes it. A fault of the
                // task may remain (a Download's TransferComplete, GenieACS 1.2.16
                // lib/cwmp.ts:333-355), which GenieACS would retry: it is deleted below.
                ran += 1
                var kept = target
                kept.staleTaskID = taskID
                changes.append((target, kept))
                continue
            } catch {
                t.taskID = taskID
                Self.markPending(&t, error: error)
                failures.append(GenieACSError.recordable(error))
            }
            changes.append((target, t))
        }
        // Tasks and faults left behind (``TargetRecord/staleTaskID``): of these devices, of the
        // devices whose task had run (`verifying`, settled above) and of devices that ended before.
        let owed = try await store.targets(id, withStaleTask: true)
        let waiting: Int
        (changes, failures, _, waiting) = await Self.deleteStale(
            changes,
            owed: owed,
            acs: acs,
            failures: failures,
            downloads: campaign.kind != "configuration"
        )
        let detail =
            "\(settled.count - inFlight - afterRun + deleted) device(s) not pushed or still queued; "
            + "\(deleted) queued task(s) deleted"
            + (ran > 0 ? "; \(ran) device(s) whose task had already run keep their state" : "")
            + (afterRun > 0 ? "; \(afterRun) device(s) whose task had run end unverified (cancelled-after-run)" : "")
            + (failures.isEmpty ? "" : "; " + Self.pendingText(failures.count, first: failures[0]))
            + (inFlight > 0 ? "; \(inFlight) device(s) whose task was being sent: deleted once the POST returns" : "")
            + Self.waitingText(waiting)
        let firstFailure = failures.first
        _ = try await store.commitCancelOutcome(
            id,
            changes,
            events: [CampaignEvent(campaignID: id, at: clock.now(), kind: "tasks-deleted", detail: detail)],
            pendingCode: Self.deletionPendingCode,
            reason: { left, stored in Self.reason(stored, left: left, first: firstFailure) }
        )
        if inFlight > 0 { deleted += try await settleInFlight(id, acs: acs) }
        return (try await store.campaign(id) ?? campaign, deleted)
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

    /// Deletes the ``TargetRecord/staleTaskID`` of each change's `after` and of each of `owed` not
    /// among the changes, with `DELETE /faults/<device>:task_<id>`, which takes the task and its
    /// fault and answers 200 when neither exists (GenieACS 1.2.16 lib/api-functions.ts:397-410;
    /// `DELETE /tasks/<id>` answers 404 once the task is gone and leaves its fault,
    /// lib/nbi.ts:428-450). A deleted one is cleared; one GenieACS refuses stays, its error
    /// appended to `failures`. With `downloads` (a firmware campaign), one whose Download is still
    /// pending in GenieACS's `operations` stays too (its TransferComplete may fault later,
    /// ``DownloadOperations``), counted in `waiting`: it is deleted by a later retry, once the
    /// operation is gone.
    /// - Returns: the changes to record (an owed target becomes a change when its deletion went
    ///   through), the failures, how many were deleted, and how many wait for their Download.
    static func deleteStale(
        _ changes: [(before: TargetRecord, after: TargetRecord)],
        owed: [TargetRecord],
        acs: any GenieACSNBI,
        failures: [String],
        downloads: Bool = true
    ) async -> (changes: [(before: TargetRecord, after: TargetRecord)], failures: [String], deleted: Int, waiting: Int)
    {
        var failures = failures
        var deleted = 0
        var waiting = 0
        let changed = Set(changes.map(\.after.deviceID))
        var out: [(before: TargetRecord, after: TargetRecord)] = []
        let all = changes + owed.filter({ !changed.contains($0.deviceID) }).map({ ($0, $0) })
        let owing = all.filter { $0.after.staleTaskID != nil }.map(\.after.deviceID)
        var downloading: [String: Set<String>] = [:]
        var unknown: String?
        if downloads, !owing.isEmpty {
            do {
                downloading = try await DownloadOperations.pendingChannels(owing, acs: acs, batchSize: 200)
            } catch {
                unknown = GenieACSError.recordable(error)
            }
        }
        for var change in all {
            if let stale = change.after.staleTaskID {
                if let unknown {
                    failures.append(unknown)
                    if change.before != change.after { out.append(change) }
                    continue
                }
                if downloading[change.after.deviceID]?.contains("task_" + stale) == true {
                    waiting += 1
                    if change.before != change.after { out.append(change) }
                    continue
                }
                do {
                    try await acs.deleteFault(change.after.faultID(ofTask: stale))
                    change.after.staleTaskID = nil
                    deleted += 1
                } catch {
                    failures.append(GenieACSError.recordable(error))
                }
            }
            if change.before != change.after { out.append(change) }
        }
        return (out, failures, deleted, waiting)
    }

    /// Tries again to delete the queued tasks a cancel could not (``deletionPendingCode``), and
    /// the tasks and faults left behind (``TargetRecord/staleTaskID``).
    ///
    /// A deleted task's device ends `skipped` (`cancelled`); one GenieACS no longer has (it ran
    /// meanwhile) goes back to `pushed` (its change may be in place; ``rollback(_:)`` includes
    /// it; its fault, if any, is deleted); the others stay pending. Devices whose task was being
    /// sent when the campaign was cancelled are settled by ``settleInFlight(_:acs:ran:lease:)``
    /// when no runner holds the campaign's lease. The campaign's `status_reason` says how many are
    /// left.
    /// - Returns: the campaign and how many tasks were deleted now.
    public func retryDeletions(_ id: String, acs: any GenieACSNBI) async throws -> (CampaignRecord, Int) {
        guard let campaign = try await store.campaign(id) else { throw CampaignError.notFound(id) }
        let pending = try await pendingDeletions(id)
        var deleted = 0
        var ran = 0
        var failures: [String] = []
        var changes: [(before: TargetRecord, after: TargetRecord)] = []
        for target in pending where target.errorCode == Self.deletionPendingCode && target.state == .skipped {
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
                Self.markRan(&t, task: taskID)
            } catch {
                Self.markPending(&t, error: error)
                failures.append(GenieACSError.recordable(error))
            }
            t.updatedAt = now
            changes.append((target, t))
        }
        let staleDeleted: Int
        let waiting: Int
        (changes, failures, staleDeleted, waiting) = await Self.deleteStale(
            changes,
            owed: pending.filter { $0.staleTaskID != nil },
            acs: acs,
            failures: failures,
            downloads: campaign.kind != "configuration"
        )
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
                        + Self.waitingText(waiting)
                )
            )
        }
        let firstFailure = failures.first
        _ = try await store.commitCancelOutcome(
            id,
            changes,
            events: events,
            pendingCode: Self.deletionPendingCode,
            reason: { left, stored in Self.reason(stored, left: left, first: firstFailure) }
        )
        if pending.contains(where: { $0.taskID == nil && $0.errorCode == Self.deletionPendingCode }) {
            deleted += try await settleInFlight(id, acs: acs)
        }
        return (try await store.campaign(id) ?? campaign, deleted)
    }

    /// Settles the devices whose task POST was on its way when campaign `id` was cancelled
    /// (``deletionPendingCode`` without a task id): each one's task is looked up under the
    /// campaign's `uniqueKey` and deleted like the cancel's own (deleted: `skipped`, `cancelled`;
    /// 404: it ran, `pushed`; refused: pending with its task id, retried). A device GenieACS holds no
    /// task of ends `skipped` (`cancelled`), or `pushed` when it is in `ran` (its POST answered that
    /// the task ran in the session it started).
    ///
    /// Only the holder of the campaign's runner lease sends task POSTs, so only it may conclude
    /// that no task will land: the runner passes its `lease` once its POSTs have returned; without
    /// one the lease is taken here (from nobody, or a runner whose heartbeats lapsed or whose process
    /// is gone) and given back, and when a live runner holds it nothing is done (that runner settles
    /// them).
    /// - Returns: how many tasks were deleted.
    @discardableResult
    public func settleInFlight(
        _ id: String,
        acs: any GenieACSNBI,
        ran: Set<String> = [],
        lease: RunnerLease? = nil
    ) async throws -> Int {
        var taken: RunnerLease?
        if lease == nil {
            let mine = RunnerLease.forThisProcess(key: id, now: clock.now())
            guard try await store.acquire(mine, timeout: leaseTimeout, takingOverDeadProcesses: true).held == nil
            else { return 0 }
            taken = mine
        }
        guard let holding = lease ?? taken else { return 0 }
        do {
            let deleted = try await settleInFlight(id, acs: acs, ran: ran, holding: holding)
            if let taken { try await store.release(taken) }
            return deleted
        } catch {
            if let taken { try? await store.release(taken) }
            throw error
        }
    }

    private func settleInFlight(_ id: String, acs: any GenieACSNBI, ran: Set<String>, holding: RunnerLease)
        async throws -> Int
    {
        let flying = try await store.targets(id, states: [.skipped], errorCode: Self.deletionPendingCode)
            .filter { $0.taskID == nil }
        guard !flying.isEmpty else { return 0 }
        // Tasks under the campaign's uniqueKey, one query per batch of devices.
        var queued: [String: String] = [:]
        let batches = flying.batched(count: 200, characters: DeviceFilter.maxListCharactersPerQuery) {
            DeviceFilter.encodedSize([.string($0.deviceID)])
        }
        for batch in batches {
            let filter: JSONValue = .object([
                ("device", .object([("$in", .array(batch.map { .string($0.deviceID) }))])),
                ("uniqueKey", .string(CampaignRunner.uniqueKey(id))),
            ])
            let tasks = try await acs.query(.tasks, CollectionQuery(query: filter, projection: ["_id", "device"]))
            for task in tasks.items {
                if let device = task["device"]?.stringValue, let taskID = task["_id"]?.stringValue {
                    queued[device] = taskID
                }
            }
        }
        var deleted = 0
        var ranCount = 0
        var none = 0
        var failures: [String] = []
        var changes: [(before: TargetRecord, after: TargetRecord)] = []
        for target in flying {
            var t = target
            t.updatedAt = clock.now()
            if let taskID = queued[t.deviceID] {
                do {
                    try await acs.deleteTask(taskID)
                    deleted += 1
                    t.errorCode = "cancelled"
                    t.errorMessage =
                        "the campaign was cancelled while this device's task was being sent; the task was deleted"
                } catch let error as GenieACSError where error.isNotFound {
                    ranCount += 1
                    Self.markRan(&t, task: taskID)
                } catch {
                    t.taskID = taskID
                    Self.markPending(&t, error: error)
                    failures.append(GenieACSError.recordable(error))
                }
            } else if ran.contains(t.deviceID) {
                ranCount += 1
                Self.markRan(&t, task: nil)
            } else {
                none += 1
                t.errorCode = "cancelled"
                t.errorMessage =
                    "the campaign was cancelled while this device's task was being sent; GenieACS queued none"
            }
            changes.append((target, t))
        }
        let downloads = try await store.campaign(id)?.kind != "configuration"
        (changes, failures, _, _) = await Self.deleteStale(
            changes,
            owed: [],
            acs: acs,
            failures: failures,
            downloads: downloads
        )
        let detail =
            "\(flying.count) device(s) whose task was being sent at the cancel: \(deleted) queued task(s) deleted"
            + (none > 0 ? "; \(none) never queued" : "")
            + (ranCount > 0 ? "; \(ranCount) device(s) whose task had already run keep their state" : "")
            + (failures.isEmpty ? "" : "; " + Self.pendingText(failures.count, first: failures[0]))
        let firstFailure = failures.first
        _ = try await store.commitCancelOutcome(
            id,
            changes,
            events: [CampaignEvent(campaignID: id, at: clock.now(), kind: "tasks-deleted", detail: detail)],
            pendingCode: Self.deletionPendingCode,
            reason: { left, stored in Self.reason(stored, left: left, first: firstFailure) },
            lease: holding
        )
        return deleted
    }

    /// A device whose task ran although the campaign was cancelled: back to `pushed`, its change
    /// possibly in place (``rollback(_:)`` includes it); `task`'s fault, if any, is owed
    /// (``TargetRecord/staleTaskID``: a Download's TransferComplete may fault after its task went,
    /// GenieACS 1.2.16 lib/cwmp.ts:333-355).
    private static func markRan(_ target: inout TargetRecord, task: String?) {
        if let task { target.staleTaskID = task }
        target.state = .pushed
        target.finishedAt = nil
        target.errorCode = nil
        target.errorMessage = "the campaign was cancelled after this device's task ran; its change may be in place"
    }

    private static func markPending(_ target: inout TargetRecord, error: any Error) {
        target.errorCode = deletionPendingCode
        target.errorMessage =
            "the campaign was cancelled; deleting its queued task failed ("
            + String(GenieACSError.recordable(error).prefix(300)) + "); retried"
    }

    /// A cancelled campaign's reason with `left` deletions pending: the reason's first part (who
    /// cancelled), then how many are left, naming `first` (GenieACS's latest refusal) or keeping
    /// the one the stored reason names.
    static func reason(_ stored: String?, left: Int, first: String?) -> String {
        let reason = stored ?? "cancelled"
        let parts = reason.split(separator: "; ", maxSplits: 1, omittingEmptySubsequences: false)
        let base = parts.first.map(String.init) ?? reason
        guard left > 0 else { return base }
        var named = first
        if named == nil, parts.count > 1, let open = parts[1].range(of: "(GenieACS: "),
            let close = parts[1].range(of: "); ", range: open.upperBound..<parts[1].endIndex)
        {
            named = String(parts[1][open.upperBound..<close.lowerBound])
        }
        return base + "; " + pendingText(left, first: named)
    }

    /// The part of a `tasks-deleted` event that counts the deletions waiting for a Download to end.
    static func waitingText(_ waiting: Int) -> String {
        waiting == 0
            ? ""
            : "; \(waiting) device(s) whose Download is still in progress in GenieACS: its fault, if the transfer "
                + "fails, is deleted once it ends"
    }

    private static func pendingText(_ count: Int, first: String?) -> String {
        "\(count) \(deletionPendingMarker)" + (first.map { " (GenieACS: \($0.prefix(200)))" } ?? "")
            + "; the server's runner retries them at every scan, and cancelling again retries them now"
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

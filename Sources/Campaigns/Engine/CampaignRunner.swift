public import FerruleCore
import FerruleJSON
import FerruleStore
import Foundation
public import GenieACS

/// Drives one campaign to its end: pushes tasks in waves and windows at the configured pace,
/// polls tasks and faults, verifies each device, retries, and pauses itself when too many fail.
///
/// Every state change is saved before it is acted on (`pushing` before the POST), so a runner
/// killed at any moment resumes with ``run(_:spec:progress:)``: a device left `pushing` is
/// looked up by its task's `uniqueKey` and never gets a second task, nor is it skipped.
public struct CampaignRunner: Sendable {
    public let store: CampaignStore
    public let acs: any GenieACSNBI
    public let secrets: SecretStore
    /// The time the runner reads and waits on (the wall clock unless a test gives its own).
    public let clock: any CampaignClock
    /// Time between polls of GenieACS when nothing else is due, and between deadline checks.
    public var pollInterval: Duration
    /// Polls of tasks in flight that see nothing change double their interval up to this bound (at
    /// least ``pollInterval``); a push or a change brings it back to ``pollInterval``.
    public var maxPollInterval: Duration
    /// Concurrent NBI calls for pushes and reads.
    public var httpConcurrency: Int
    /// Task and device reads per NBI query (`$in` batches) at most; a batch is cut sooner when its
    /// ids would take more than ``DeviceFilter/maxListCharactersPerQuery`` URL-encoded characters
    /// (GenieACS reads queries from the URL, and Node refuses request heads over 16 KiB).
    public var batchSize: Int
    /// Time without a heartbeat after which another runner may take this one's lease over (at
    /// least four poll intervals). Heartbeats come every sixth of it from a task of their own, so a
    /// GenieACS call of any length (up to `--acs-timeout`) does not let the lease lapse; each task
    /// POST first confirms the lease (``LeaseHeartbeat/confirm()``).
    public var leaseTimeout: Duration = .seconds(60)
    /// How the heartbeat task waits between renewals; nil: `Task.sleep` on the wall clock, whatever
    /// ``clock`` is (a test clock moves when it is waited on, so a task waiting on it would race the
    /// run's time ahead). Tests pace the heartbeat themselves.
    public var heartbeatPace: (@Sendable (Duration) async throws -> Void)?
    /// With `connection_request: true`: wake the device in the task's own POST (one NBI call per
    /// device, the default) rather than with a second, empty POST after it.
    public var connectionRequestWithTask = true
    /// Where each device hangs in the PON, for `max_per_olt`, `max_per_pon` and the storm hold
    /// (nil: the PON keys are not applied). See CampaignRunner+PON.swift.
    public var ponTopology: (any PONTopology)?
    /// Signal-lost raises and storms, for `pon_health` and `storm_hold` (nil: not applied).
    public var planeHealth: (any PlaneHealth)?
    /// Due devices read per cycle at most when PON caps or the storm hold filter them.
    public var ponLookahead = 2000
    /// Once signalled (SIGINT/SIGTERM in `ferrule campaign run`, a server shutting down), the run
    /// starts no new step: the step in flight (a poll, a batch of pushes) finishes and is saved,
    /// the lease is given back, and ``run(_:spec:progress:)`` throws `CancellationError`. The next
    /// run resumes exactly as after a crash (see `recover`). nil: the run stops only when its task
    /// is cancelled.
    public var stopping: AsyncEvent?
    /// Return (the campaign still `running`) instead of waiting when the rollout window is closed
    /// and no device is in flight: a server's runner then gives the campaign's slot to others until
    /// the window opens (``Rollout/nextOpening(after:)``). False: wait, as `ferrule campaign run` does.
    public var returnOutsideWindow = false
    /// Hand the runner slot back while the campaign only waits on its CPEs and others want a slot
    /// (``SlotYield``); nil: never, as `ferrule campaign run` does.
    public var yieldWhileWaiting: SlotYield?
    /// GenieACS reads (polls, lookups) that may fail in a row with a transient error — a 5xx from
    /// GenieACS or a proxy, a timeout, a refused or dropped connection — before the run ends with
    /// an error. Between them the runner waits ``pollInterval``, doubling up to
    /// ``maxReadBackoff``: with the defaults a GenieACS gone for about two minutes is waited out.
    public var readAttempts = 8
    /// The longest wait between two failed reads.
    public var maxReadBackoff: Duration = .seconds(30)

    public init(
        store: CampaignStore,
        acs: any GenieACSNBI,
        secrets: SecretStore = SecretStore(),
        clock: any CampaignClock = SystemClock(),
        pollInterval: Duration = .seconds(2),
        httpConcurrency: Int = 64,
        batchSize: Int = 500
    ) {
        self.store = store
        self.acs = acs
        self.secrets = secrets
        self.clock = clock
        self.pollInterval = pollInterval
        maxPollInterval = pollInterval * 4
        self.httpConcurrency = max(1, httpConcurrency)
        self.batchSize = max(1, batchSize)
    }

    /// The `uniqueKey` of this campaign's tasks: one per campaign and device, so a re-push
    /// replaces any task a lost attempt left behind instead of doubling it (GenieACS 1.2.16
    /// lib/api-functions.ts:362-367).
    public static func uniqueKey(_ campaignID: String) -> String { "ferrule-\(campaignID)" }

    /// Runs until every device finished, the campaign is paused (by an operator or the
    /// failure-rate rule) or cancelled, and returns the campaign as it ended.
    public func run(
        _ campaignID: String,
        spec: CampaignSpec,
        progress: @Sendable (CampaignProgress) -> Void = { _ in }
    ) async throws -> CampaignRecord {
        guard let campaign = try await store.campaign(campaignID) else { throw CampaignError.notFound(campaignID) }
        switch campaign.status {
        case .completed, .cancelled:
            // A finished campaign whose deletions are still owed (a Download that was in progress at the cancel,
            // a deletion GenieACS refused): this run does them, waiting for those Downloads to end.
            guard try await !CampaignControl(store: store, clock: clock).pendingDeletions(campaignID).isEmpty else {
                return campaign
            }
            return try await holdingLease(campaignID) { lease, _ in
                try await settleAfterStop(campaign, spec: spec, lease: lease, progress: progress)
            }
        case .paused:
            throw CampaignError(
                "campaign \(campaignID) is paused (\(campaign.statusReason ?? "by an operator")); `ferrule campaign resume \(campaignID)` continues it"
            )
        case .created, .running:
            break
        }
        try await checkReady(campaign, spec: spec)
        try checkStopping()
        return try await holdingLease(campaignID) { lease, heartbeat in
            let result = try await run(campaign, spec: spec, lease: lease, heartbeat: heartbeat, progress: progress)
            guard result.status == .paused || result.status == .cancelled else { return result }
            return try await settleAfterStop(result, spec: spec, lease: lease, progress: progress)
        }
    }

    /// What a run needs before it may push, checked before the lease is taken and changing nothing when it
    /// refuses: the secrets' values, the PON sources the rollout uses, and for firmware a file GenieACS serves
    /// for the devices' model (``checkFirmwareFile(_:spec:)``). ``CampaignExecution`` checks a paused campaign
    /// with it before `resume` clears the pause, so a refused resume leaves it paused.
    ///
    /// - Throws: ``CampaignError`` saying what is missing; nothing was pushed.
    public func checkReady(_ campaign: CampaignRecord, spec: CampaignSpec) async throws {
        // A rollback sets the snapshot's literal values: the original's secrets are not needed.
        let needed = campaign.rollbackOf == nil ? Self.secretNames(spec) : []
        let missing = needed.filter { secrets.value($0) == nil }
        if !missing.isEmpty { throw CampaignError.missingSecrets(missing) }
        try checkPONSources(spec.rollout)
        try await checkFirmwareFile(campaign, spec: spec)
    }

    /// `body` holding the campaign's runner lease, renewed by a heartbeat task; the lease is given back after it
    /// (also when it throws), unless the store file is gone or the lease was lost.
    private func holdingLease(
        _ campaignID: String,
        _ body: (RunnerLease, LeaseHeartbeat) async throws -> CampaignRecord
    ) async throws -> CampaignRecord {
        let lease = try await takeLease(campaignID)
        let heartbeat = LeaseHeartbeat(
            renewedAt: lease.heartbeatAt,
            timeout: leaseTimeoutMilliseconds,
            now: { [clock] in clock.now() },
            renew: { [store] at in try await store.renew(lease, now: at) }
        )
        let beating = heartbeat.start(pace: heartbeatPace ?? { try await Task.sleep(for: $0) })
        do {
            let result = try await body(lease, heartbeat)
            await stop(beating)
            try await store.release(lease)
            return result
        } catch let error as CampaignStoreError where error.isFileGone || error.isLeaseLost {
            await stop(beating)
            throw error
        } catch {
            await stop(beating)
            try? await store.release(lease)
            throw error
        }
    }

    /// Stops the heartbeat task and waits for a renewal in flight, so none lands after the release.
    private func stop(_ beating: Task<Void, Never>) async {
        beating.cancel()
        await beating.value
    }

    /// The start of the `status_reason` a server's runner gives a campaign it could not work
    /// (no PON topology, a missing secret, GenieACS unreachable); cleared when a run gets going.
    public static let notRunningPrefix = "not running: "

    /// Takes the campaign's runner lease, recording a takeover from a runner that stopped heartbeating.
    /// - Throws: ``CampaignLeaseError`` while another runner holds a live lease.
    private func takeLease(_ campaignID: String) async throws -> RunnerLease {
        let now = clock.now()
        let lease = RunnerLease.forThisProcess(key: campaignID, now: now)
        // A holder killed on this machine (kill -9, a crash) is taken over without waiting for its
        // heartbeats to lapse; the check is in the acquiring transaction.
        let (held, replaced) = try await store.acquire(
            lease,
            timeout: leaseTimeoutMilliseconds,
            takingOverDeadProcesses: true
        )
        if let held {
            throw CampaignLeaseError(holder: held, now: now, timeout: leaseTimeoutMilliseconds)
        }
        if let replaced {
            try await store.commit(
                events: [
                    CampaignEvent(
                        campaignID: campaignID,
                        at: now,
                        kind: "lease-taken-over",
                        detail:
                            "from \(replaced.holder), whose last heartbeat was \(Self.iso(replaced.heartbeatAt)); now \(lease.holder)"
                    )
                ],
                lease: lease
            )
        }
        return lease
    }

    /// Time without a heartbeat after which a runner's lease may be taken over: at least
    /// ``leaseTimeout`` and four poll intervals.
    var leaseTimeoutMilliseconds: Double { max(leaseTimeout.millisecondsValue, 4 * pollInterval.millisecondsValue) }

    /// The run itself, holding `lease`: every write is fenced by it.
    private func run(
        _ loaded: CampaignRecord,
        spec: CampaignSpec,
        lease: RunnerLease,
        heartbeat: LeaseHeartbeat,
        progress: @Sendable (CampaignProgress) -> Void
    ) async throws -> CampaignRecord {
        // Read again under the lease: the runner that held it before may have ended the campaign.
        var campaign = try await store.campaign(loaded.id) ?? loaded
        let campaignID = campaign.id
        if campaign.status == .completed || campaign.status == .cancelled { return campaign }
        let started = clock.now()
        // A campaign an operator marked running (`POST …/start`) keeps the start time the start
        // recorded; one without (started by an older server) gets it from the runner that first
        // works it, as one it starts from `created` does.
        // Why a server's runner could not work it before (``notRunningPrefix``) no longer holds.
        let staleReason = campaign.statusReason?.hasPrefix(Self.notRunningPrefix) == true
        // A run that handed its slot back stopped at the end of a cycle, after its wake-ups: its
        // devices need none again (a crash or a stop for shutdown leaves no such reason).
        let afterYield = staleReason && campaign.statusReason?.contains(Self.yieldedMarker) == true
        if campaign.status == .created || campaign.startedAt == nil || staleReason {
            let wasCreated = campaign.status == .created
            campaign.status = .running
            if wasCreated || campaign.startedAt == nil { campaign.startedAt = started }
            if staleReason { campaign.statusReason = nil }
            try await store.commit(
                campaign: campaign,
                ifStatus: [wasCreated ? .created : .running],
                events: wasCreated
                    ? [CampaignEvent(campaignID: campaignID, at: started, kind: "started", detail: "runner started")]
                    : [],
                lease: lease
            )
        }
        var readFailures = ReadFailures()
        var staleDeletions = StaleDeletions()
        var rewakes: [String: Rewake] = [:]
        while true {
            do {
                rewakes = try await recover(
                    campaignID,
                    spec: spec,
                    campaign: campaign,
                    lease: lease,
                    waking: !afterYield
                )
                break
            } catch let error as GenieACSError where error.isTransient {
                try await backOff(after: error, failures: &readFailures, campaignID: campaignID)
            } catch is RunnerStopped {
                // Cancelled while the stranded devices were looked up: the cancel left them to the lease holder.
                if try await store.campaign(campaignID)?.status == .cancelled {
                    try await settleCancelled(campaignID, ran: [], lease: lease)
                }
                return try await store.campaign(campaignID) ?? campaign
            }
        }
        try await noteUnplaced(campaignID, rollout: spec.rollout, lease: lease)
        let total = try await store.counts(campaignID).values.reduce(0, +)
        let waveEnds = spec.rollout.waveEnds(total: total)
        // The failure-rate rule and the wave gate count the devices decided since the operator last resumed the
        // campaign: a resume after an automatic pause goes on instead of pausing again on the devices that caused it.
        let baseline = try await decidedBeforeResume(campaignID)
        var pushedThisRun = 0
        var limiter = RateLimiter(perMinute: spec.rollout.ratePerMinute, now: started)
        if spec.rollout.ratePerMinute != nil, let last = try await store.latestPush(campaignID) {
            // An earlier run's pushes count: a restart or a handover does not refill the bucket.
            limiter.resume(lastPush: last, now: started)
        }
        var lastPoll = -Double.infinity
        var lastDeadlineCheck = -Double.infinity
        let pollMilliseconds = pollInterval.millisecondsValue
        var spacing = PollSpacing(base: pollMilliseconds, bound: maxPollInterval.millisecondsValue)
        var ponWatch = PONWatch()
        // Since when every cycle found nothing to push and only devices waiting on their CPEs
        // (``SlotYield``); nil while the run has something to do.
        var waitingSince: Double?
        while true {
            try Task.checkCancellation()
            try checkStopping()
            try store.checkFile()
            // The heartbeat task renews on the wall clock; a cycle renews too when it is due on the
            // runner's clock (the only renewals under a test clock).
            if heartbeat.isLost || clock.now() - heartbeat.renewedAt >= leaseTimeoutMilliseconds / 6 {
                guard try await heartbeat.beat() else {
                    throw CampaignStoreError.leaseLost(
                        campaignID,
                        path: store.path,
                        operation: "renew the runner lease"
                    )
                }
            }
            guard let current = try await store.campaign(campaignID) else { throw CampaignError.notFound(campaignID) }
            if current.status != .running { return current }
            let now = clock.now()
            // GenieACS is polled once per interval, not on every push cycle: pushes continue between
            // polls while slots are free, and each poll reads every in-flight device in batches. The
            // interval grows while polls see nothing change (PollSpacing); deadlines are checked at
            // the base interval.
            do {
                var checked = false
                if now - lastDeadlineCheck >= pollMilliseconds {
                    try await expireDeadlines(campaignID, spec: spec, now: now, campaign: current, lease: lease)
                    lastDeadlineCheck = now
                    checked = true
                }
                if now - lastPoll >= spacing.current {
                    // Devices whose task POST lost its answer (``answerLostCode``) are looked up first.
                    try await adoptStranded(
                        campaignID,
                        spec: spec,
                        campaign: current,
                        lease: lease,
                        onlyLostAnswers: true
                    )
                    let changed = try await pollInFlight(campaignID, spec: spec, campaign: current, lease: lease)
                    spacing.polled(changed: changed)
                    lastPoll = now
                    checked = true
                }
                if checked {
                    try await deleteStale(campaignID, campaign: current, lease: lease, tracked: &staleDeletions)
                }
                if !rewakes.isEmpty { try await rewake(&rewakes, campaignID: campaignID, now: now, lease: lease) }
                readFailures.reset()
            } catch is RunnerStopped {
                return try await store.campaign(campaignID) ?? current
            } catch let error as GenieACSError where error.isTransient {
                // One failed read (a proxy's 502, a timeout) does not end the run: the cycle is
                // tried again after a backoff, as connection failures are (NBIClient.send).
                try await backOff(after: error, failures: &readFailures, campaignID: campaignID)
                continue
            }
            let counts = try await store.counts(campaignID)
            var report = CampaignProgress(
                campaignID: campaignID,
                total: total,
                counts: counts,
                pushRate: Double(pushedThisRun) / max(0.001, (clock.now() - started) / 1000),
                waiting: nil
            )
            if let reason = failureRateExceeded(report, rollout: spec.rollout, baseline: baseline) {
                return try await pause(
                    campaignID,
                    lease: lease,
                    reason: reason,
                    progress: report,
                    callback: progress,
                    withdrawing: true
                )
            }
            if let reason = try await waveGateClosed(
                campaignID,
                rollout: spec.rollout,
                waveEnds: waveEnds,
                report: report,
                baseline: baseline
            ) {
                return try await pause(campaignID, lease: lease, reason: reason, progress: report, callback: progress)
            }
            if let reason = try await ponHealthExceeded(rollout: spec.rollout, now: now, watch: &ponWatch) {
                return try await pause(campaignID, lease: lease, reason: reason, progress: report, callback: progress)
            }
            if report.finished == total, try await store.targets(campaignID, limit: 1, withStaleTask: true).isEmpty {
                var done = current
                done.status = .completed
                done.finishedAt = clock.now()
                try await commitIfRunning(
                    done,
                    events: [
                        CampaignEvent(
                            campaignID: campaignID,
                            at: clock.now(),
                            kind: "completed",
                            detail:
                                "\(report.count(.succeeded)) succeeded, \(report.count(.failed)) failed, \(report.count(.skipped)) skipped"
                        )
                    ],
                    lease: lease
                )
                progress(report)
                return done
            }
            var pushed = 0
            let isOpen = spec.rollout.isOpen(at: now)
            if !isOpen, returnOutsideWindow,
                report.count(.pushing) + report.count(.pushed) + report.count(.verifying) == 0
            {
                progress(report)
                return current
            }
            // Devices whose task is queued or done and that wait on their CPE: an inform, a
            // download, a reboot, the verification (``TargetRecord/State/pushed``, `verifying`).
            let waitingOnCPEs = report.count(.pushed) + report.count(.verifying)
            // Whether this cycle found nothing to push for a reason only the CPEs can end: the
            // window closed on devices in flight, `max_concurrent` full of them, or no device
            // due in the current wave while its devices finish (a wave gate ahead).
            var onlyWaiting = false
            if !isOpen {
                report.waiting =
                    spec.rollout.nextOpening(after: now).map {
                        "outside the rollout window; next opening \(Self.iso($0))"
                    }
                    ?? "the rollout has no opening left"
                onlyWaiting = true
            } else {
                let ordinalLimit = try await currentWaveEnd(campaignID, waveEnds: waveEnds)
                let inFlight = report.count(.pushing) + report.count(.pushed) + report.count(.verifying)
                let slots = min(spec.rollout.maxConcurrent - inFlight, limiter.available(now: now))
                // Full of devices in flight (not merely out of rate: that frees by itself).
                onlyWaiting = spec.rollout.maxConcurrent - inFlight <= 0
                if slots > 0 {
                    let (due, held) = try await ponDue(
                        campaignID,
                        rollout: spec.rollout,
                        now: now,
                        ordinalBelow: ordinalLimit,
                        slots: slots
                    )
                    if due.isEmpty, ordinalLimit < total, inFlight > 0 {
                        report.waiting = "waiting for the current wave to finish"
                    }
                    if let held { report.waiting = held }
                    onlyWaiting = due.isEmpty && held == nil
                    if spec.rollout.pon.health != nil { ponWatch.record(due.map(\.deviceID), at: now) }
                    // A stop asked for during this cycle's poll: no new pushes.
                    try checkStopping()
                    // The firmware file may have been deleted, or replaced by an image for another model, since
                    // the last push: read again before each push; the tasks still queued would fetch it too.
                    let refusal: String?
                    do {
                        refusal = try await firmwareRefusal(
                            due.map(\.deviceID),
                            spec: spec,
                            stage: .push(campaignID: campaignID)
                        )
                    } catch let error as GenieACSError where error.isTransient {
                        try await backOff(after: error, failures: &readFailures, campaignID: campaignID)
                        continue
                    }
                    if let refusal {
                        return try await pause(
                            campaignID,
                            lease: lease,
                            reason: refusal,
                            progress: report,
                            callback: progress,
                            withdrawing: true
                        )
                    }
                    do {
                        pushed = try await push(
                            due,
                            spec: spec,
                            campaign: current,
                            lease: lease,
                            heartbeat: heartbeat
                        )
                    } catch is RunnerStopped {
                        return try await store.campaign(campaignID) ?? current
                    }
                    limiter.spend(pushed)
                    pushedThisRun += pushed
                    if pushed > 0 { spacing.pushed() }
                }
            }
            if report.finished == total {
                report.waiting = "deleting the tasks and faults GenieACS still holds for finished devices"
            }
            onlyWaiting =
                onlyWaiting && pushed == 0 && waitingOnCPEs > 0 && report.count(.pushing) == 0 && rewakes.isEmpty
            waitingSince = onlyWaiting ? (waitingSince ?? now) : nil
            if let yielding = yieldWhileWaiting, let since = waitingSince,
                now - since >= yielding.after.millisecondsValue, yielding.wanted()
            {
                progress(report)
                return try await yieldSlot(current, waiting: waitingOnCPEs, since: since, lease: lease)
            }
            progress(report)
            if pushed == 0 { try await wait(for: pollInterval) }
        }
    }

    // MARK: - Handing the slot back

    /// The words of the `status_reason` of a campaign whose run handed its runner slot back
    /// (``SlotYield``), after ``notRunningPrefix``.
    public static let yieldedMarker = "yielded its runner slot"

    /// Ends the run of a campaign that only waits on its CPEs (``yieldWhileWaiting``): saves why
    /// in its `status_reason` (`not running: yielded its runner slot while its 2 devices wait; …`)
    /// with a `yielded` event, and returns it still `running`. Its devices keep their state and
    /// tasks; the next run polls them, enforces their deadlines on the wall clock and goes on.
    private func yieldSlot(_ current: CampaignRecord, waiting: Int, since: Double, lease: RunnerLease) async throws
        -> CampaignRecord
    {
        var yielded = current
        let devices = waiting == 1 ? "its 1 device waits" : "its \(waiting) devices wait"
        yielded.statusReason =
            Self.notRunningPrefix + "\(Self.yieldedMarker) while \(devices); resumes when a slot frees"
        let seconds = Int(((clock.now() - since) / 1000).rounded())
        let event = CampaignEvent(
            campaignID: current.id,
            at: clock.now(),
            kind: "yielded",
            detail: "other campaigns wanted a runner slot and this one had only waited on \(waiting) device(s) "
                + "for \(seconds) s; their tasks stay queued and the next run polls them"
        )
        guard try await commitIfRunning(yielded, events: [event], lease: lease) else {
            // An operator paused or cancelled it meanwhile: that status stands.
            return try await store.campaign(current.id) ?? current
        }
        return yielded
    }

    // MARK: - After a pause or cancel

    /// A paused or cancelled campaign's deletions still owed, done by the runner that holds its lease before it
    /// returns: the tasks and faults its devices left behind (``TargetRecord/staleTaskID``, and a cancel's
    /// ``CampaignControl/deletionPendingCode``), retried every ``pollInterval`` with
    /// ``CampaignControl/retryDeletions(_:acs:)``. A firmware device's Download that is still in progress in
    /// GenieACS (`operations`) can fault long after its task went (GenieACS 1.2.16 lib/cwmp.ts:333-355), and
    /// GenieACS retries such a fault on its own (lib/cwmp.ts:402-430): its deletion waits for the operation to
    /// end. In a paused campaign, a device in flight whose Download is in progress is watched the same way: a
    /// fault on its task's channel is recorded as that attempt's fault (the retry policy applies on resume) and
    /// deleted.
    ///
    /// Ends when nothing is owed any more, the campaign runs again (a resume), the run is stopped, GenieACS
    /// cannot be read (what is left stays owed: the status reason of a cancelled campaign says so, and the
    /// server's runner, `campaign cancel` or `campaign run` retry it), or after
    /// ``pendingDownloadGiveUpMilliseconds``.
    private func settleAfterStop(
        _ stopped: CampaignRecord,
        spec: CampaignSpec,
        lease: RunnerLease,
        progress: @Sendable (CampaignProgress) -> Void
    ) async throws -> CampaignRecord {
        let control = CampaignControl(store: store, clock: clock)
        let started = clock.now()
        var campaign = stopped
        while clock.now() - started < Self.pendingDownloadGiveUpMilliseconds {
            guard let current = try await store.campaign(stopped.id),
                current.status == .paused || current.status == .cancelled
            else { break }
            campaign = current
            let watching: Int
            do {
                watching = current.status == .paused ? try await watchPaused(current, spec: spec, lease: lease) : 0
                if try await !control.pendingDeletions(current.id).isEmpty {
                    _ = try await control.retryDeletions(current.id, acs: acs)
                }
            } catch let error as CampaignStoreError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                break
            }
            let owed = try await control.pendingDeletions(current.id).count
            guard owed + watching > 0 else { break }
            let counts = try await store.counts(current.id)
            progress(
                CampaignProgress(
                    campaignID: current.id,
                    total: counts.values.reduce(0, +),
                    counts: counts,
                    pushRate: 0,
                    waiting: "\(current.status.rawValue): \(owed + watching) device(s) whose Download is in progress "
                        + "or whose task and fault are still to delete in GenieACS"
                )
            )
            do { try await wait(for: pollInterval) } catch is CancellationError { break }
        }
        return try await store.campaign(stopped.id) ?? campaign
    }

    /// A paused firmware campaign's devices in flight (`pushed`, `verifying`) whose task is gone: a fault on the
    /// task's channel is applied as the attempt's fault (``TargetEvent/taskFaulted(code:message:now:)``: the
    /// device goes back to `pending` or fails, its task and fault owed a deletion). Returns how many devices' Download
    /// is still in progress in GenieACS (`operations`).
    private func watchPaused(_ paused: CampaignRecord, spec: CampaignSpec, lease: RunnerLease) async throws -> Int {
        guard case .firmware = spec.change else { return 0 }
        let inFlight = try await store.targets(paused.id, states: [.pushed, .verifying]).filter { $0.taskID != nil }
        guard !inFlight.isEmpty else { return 0 }
        let faults = try await documents(
            .faults,
            ids: inFlight.compactMap { t in t.taskID.map { t.faultID(ofTask: $0) } },
            projection: []
        )
        var transitions = Transitions(rollout: spec.rollout)
        for target in inFlight {
            guard let taskID = target.taskID,
                let fault = faults[target.faultID(ofTask: taskID)].flatMap(GenieACSFault.init(document:))
            else { continue }
            transitions.apply(.taskFaulted(code: fault.code, message: fault.message, now: clock.now()), to: target)
        }
        if !transitions.changed.isEmpty {
            do {
                try await store.commit(
                    campaign: paused,
                    ifStatus: [.paused],
                    targets: transitions.changed,
                    events: transitions.events,
                    lease: lease
                )
            } catch let error as CampaignStoreError where error.isStatusConflict {
                return 0
            }
        }
        let faulted = Set(transitions.changed.map(\.deviceID))
        let rest = inFlight.filter { !faulted.contains($0.deviceID) }
        let downloading = try await DownloadOperations.pendingChannels(
            rest.map(\.deviceID),
            acs: acs,
            batchSize: batchSize
        )
        return rest.filter { t in t.taskID.map { downloading[t.deviceID]?.contains("task_" + $0) == true } ?? false }
            .count
    }

    // MARK: - Transient read failures

    /// Transient read failures in a row, and when the first of them happened.
    struct ReadFailures {
        var count = 0
        var since: Double?

        mutating func reset() {
            count = 0
            since = nil
        }
    }

    /// After a transient read failure: waits ``pollInterval`` doubled per failure in a row (at most
    /// ``maxReadBackoff``), or throws once ``readAttempts`` reads failed in a row. The campaign
    /// stays `running`: the next run (or the server's runner) continues it.
    func backOff(after error: GenieACSError, failures: inout ReadFailures, campaignID: String) async throws {
        failures.count += 1
        if failures.since == nil { failures.since = clock.now() }
        guard failures.count < readAttempts else {
            let seconds = Int(((clock.now() - (failures.since ?? clock.now())) / 1000).rounded())
            throw CampaignError(
                "GenieACS failed \(failures.count) reads in a row over \(seconds) s; the last: "
                    + "\(error.descriptionWithoutAddress.prefix(300)). Campaign \(campaignID) is still running with no "
                    + "runner: check GenieACS, then `ferrule campaign run \(campaignID)` continues it where it stopped"
            )
        }
        let doubled = pollInterval * (1 << min(failures.count - 1, 20))
        try await wait(for: min(doubled, max(maxReadBackoff, pollInterval)))
    }

    // MARK: - Stopping

    /// Throws `CancellationError` once ``stopping`` is signalled.
    private func checkStopping() throws {
        if stopping?.isSet == true { throw CancellationError() }
    }

    /// Waits `duration` on the clock, or until ``stopping`` is signalled (then throws
    /// `CancellationError`), whichever comes first.
    private func wait(for duration: Duration) async throws {
        guard let stopping else { return try await clock.sleep(for: duration) }
        try checkStopping()
        let clock = self.clock
        let stopped = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await clock.sleep(for: duration)
                return false
            }
            group.addTask {
                // Until signalled or cancelled (when the clock's wait ends first).
                while !Task.isCancelled, !stopping.isSet { await stopping.wait(timeout: .seconds(3600)) }
                return stopping.isSet
            }
            defer { group.cancelAll() }
            return try await group.next() ?? false
        }
        if stopped { throw CancellationError() }
    }

    // MARK: - Pushing

    /// Saves the targets as `pushing`, POSTs their tasks, saves the outcome. Returns how many tasks GenieACS took.
    ///
    /// Each POST first confirms the lease (``LeaseHeartbeat/confirm()``): GenieACS cannot refuse a
    /// runner that lost it, so a runner that may have lost it stops before the POST, leaving the
    /// device `pushing` for the runner that took over (`recover` adopts or re-sends its task).
    private func push(
        _ due: [TargetRecord],
        spec: CampaignSpec,
        campaign: CampaignRecord,
        lease: RunnerLease,
        heartbeat: LeaseHeartbeat
    ) async throws -> Int {
        guard !due.isEmpty else { return 0 }
        let now = clock.now()
        var marked = due
        for i in marked.indices { _ = marked[i].apply(.dispatching(now: now), rollout: spec.rollout) }
        try await commitWhileRunning(campaign, targets: marked, events: [], lease: lease)
        let outcomes = try await concurrently(marked) { target in
            guard try await heartbeat.confirm() else {
                throw CampaignStoreError.leaseLost(campaign.id, path: self.store.path, operation: "push a task")
            }
            return await self.pushOne(target, spec: spec)
        }
        var updated: [TargetRecord] = []
        var events: [CampaignEvent] = []
        var effects: [TargetEffect] = []
        var reached = 0
        for (target, outcome) in zip(marked, outcomes) {
            var t = target
            if let lost = outcome.lostAnswer {
                // Stays `pushing`: the next poll looks its task up by the campaign's uniqueKey before
                // anything is pushed again (``adoptStranded(_:spec:campaign:lease:onlyLostAnswers:)``).
                t.errorCode = Self.answerLostCode
                t.errorMessage = String(lost.prefix(500))
                t.updatedAt = clock.now()
                updated.append(t)
                events.append(
                    CampaignEvent(
                        t,
                        at: clock.now(),
                        kind: "answer-lost",
                        detail: "the answer to the task POST was lost (\(lost.prefix(300))); GenieACS may have "
                            + "queued it: looked up by the campaign's uniqueKey before any new push"
                    )
                )
                continue
            }
            if case .pushed = outcome.events.first { reached += 1 }
            for (index, event) in outcome.events.enumerated() {
                effects += t.apply(event, rollout: spec.rollout)
                let note = index == 0 ? outcome.wakeNote.map { "; connection request: \($0)" } ?? "" : ""
                events.append(Self.event(event, of: t, at: clock.now(), note: note))
            }
            updated.append(t)
        }
        do {
            try await commitWhileRunning(campaign, targets: updated, events: events, lease: lease)
        } catch is RunnerStopped {
            let now = try await store.campaign(campaign.id)
            // Cancelled while these POSTs were in flight: the cancel marked these devices in
            // flight and left their tasks to this runner, the only one that may send any.
            if now?.status == .cancelled {
                let ran = zip(marked, outcomes).compactMap { target, outcome in
                    outcome.events.contains { if case .taskDone = $0 { true } else { false } } ? target.deviceID : nil
                }
                try await settleCancelled(campaign.id, ran: Set(ran), lease: lease)
            } else if let paused = now, paused.status == .paused {
                // Paused while these POSTs were in flight: their tasks are queued in GenieACS all the same. Recorded
                // (task ids and all), so the watch after the pause (``watchPaused(_:spec:lease:)``) and the polls
                // after a resume follow each by its task, rather than leaving it `pushing` for nobody to watch.
                do {
                    try await store.commit(
                        campaign: paused,
                        ifStatus: [.paused],
                        targets: updated,
                        events: events,
                        lease: lease
                    )
                    await perform(effects)
                } catch let error as CampaignStoreError where error.isStatusConflict {
                    // Resumed or cancelled meanwhile: left `pushing`, looked up by the campaign's uniqueKey.
                }
            }
            throw RunnerStopped()
        }
        await perform(effects)
        return reached
    }

    /// Deletes the tasks of the devices this runner was pushing when the campaign was cancelled
    /// (``CampaignControl/settleInFlight(_:acs:ran:lease:)``, under this runner's lease): recorded
    /// like the cancel's own deletions. When that fails (GenieACS unreachable, the store), the
    /// devices stay pending and are retried once the lease is given back (the server's runner at
    /// every scan, a second cancel).
    private func settleCancelled(_ campaignID: String, ran: Set<String>, lease: RunnerLease) async throws {
        do {
            try await CampaignControl(store: store, clock: clock).settleInFlight(
                campaignID,
                acs: acs,
                ran: ran,
                lease: lease
            )
        } catch let error as CampaignStoreError where error.isFileGone {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            // Left pending (``CampaignControl/deletionPendingCode``) for the retry.
        }
    }

    /// POSTs one device's task and wakes the device.
    /// - Returns: what happened, and how the connection request went when it did not succeed
    ///   (`Device is offline`: the task waits for the device's next inform, GenieACS 1.2.16 lib/nbi.ts:382, 410-412;
    ///   lib/connection-request.ts:99-169).
    private func pushOne(_ target: TargetRecord, spec: CampaignSpec) async -> PushOutcome {
        if spec.rollout.connectionRequest, connectionRequestWithTask {
            return await submitOne(target, spec: spec, wake: true)
        }
        let outcome = await submitOne(target, spec: spec, wake: false)
        guard case .pushed = outcome.events.first, spec.rollout.connectionRequest else { return outcome }
        let note: String?
        do {
            switch try await acs.connectionRequest(to: target.deviceID) {
            case .accepted: note = nil
            case .failed(let failure): note = failure.description
            case .noSuchDevice: note = "no such device"
            }
        } catch {
            note = GenieACSError.recordable(error)
        }
        return PushOutcome(events: outcome.events, wakeNote: note)
    }

    /// POSTs one device's task; with `wake`, the same POST sends the connection request
    /// (`?connection_request&timeout=<session_wait in ms>`): one NBI call per device.
    ///
    /// GenieACS 1.2.16 (`lib/nbi.ts:311-415`) then inserts the task, sends the connection request
    /// and waits up to `timeout` for a session to start (`lib/api-functions.ts:219-237`, checking
    /// every 500 ms; under 500 ms it checks once), then up to 120 s for it to end
    /// (`lib/api-functions.ts:239-250`). It answers `200` only when that session ended with no fault
    /// on the task's channel (`lib/nbi.ts:382-415`) — which a session the CPE dropped before running the
    /// task also does: a firmware download goes to verifying (only the new version proves it), a
    /// configuration change stays pushed for the polls to confirm. Every other answer (`202 Task queued but
    /// not processed`, `202 Task faulted`, `202 Device is offline`) leaves the task to the batched
    /// polls. With `session_wait` 0 (the default) GenieACS checks once — but waits up to
    /// 30 s for the session lock (`lib/nbi.ts:316`) and, when the device is in a session already, up to
    /// 120 s for it to end.
    private func submitOne(_ target: TargetRecord, spec: CampaignSpec, wake: Bool) async -> PushOutcome {
        let request: TaskRequest
        switch spec.change {
        case .firmware(let firmware):
            request = TaskRequest(
                .download(fileType: firmware.fileType, fileName: firmware.file, targetFileName: nil),
                uniqueKey: Self.uniqueKey(target.campaignID),
                expiry: .after(seconds: Int(spec.rollout.deviceDeadlineSeconds))
            )
        case .configuration:
            let changes = ConfigurationPlan.changes(fromJSON: target.changesJSON)
            var values: [(path: String, value: GenieACSTask.Value, type: String?)] = []
            for change in changes {
                guard let value = try? SecretTemplates.resolve(change.value, secrets) else {
                    let failure = TargetEvent.pushFailed(
                        code: "secret",
                        message: "a secret of \(change.path) has no value",
                        now: clock.now()
                    )
                    return PushOutcome(events: [failure], wakeNote: nil)
                }
                values.append((path: change.path, value: .string(value), type: change.type))
            }
            request = TaskRequest(
                .setParameterValues(values),
                uniqueKey: Self.uniqueKey(target.campaignID),
                expiry: .after(seconds: Int(spec.rollout.deviceDeadlineSeconds))
            )
        }
        do {
            let submission = try await acs.submit(
                request,
                to: target.deviceID,
                connectionRequest: wake,
                sessionStart: wake ? .milliseconds(Int64(spec.rollout.sessionWaitSeconds * 1000)) : nil
            )
            guard let task = submission.task else { return PushOutcome(events: [.deviceGone(now: clock.now())]) }
            var events: [TargetEvent] = [.pushed(taskID: task.id, now: clock.now())]
            var wakeNote: String?
            switch submission.outcome {
            case .connectionRequestFailed(let failure): wakeNote = failure.description
            case .completed where wake:
                // 200: the session GenieACS waited for ended with no fault on the task's channel — not proof that the
                // task ran: a CPE that drops its session leaves it queued, and GenieACS answers 200 all the same
                // (lib/nbi.ts:384-415, lib/api-functions.ts:219-250, lib/cwmp.ts:870-900). A download goes to
                // verifying (only the new version proves it); a configuration change stays pushed: the next poll reads
                // the task and then the values back.
                if case .firmware = spec.change { events.append(.taskDone(now: clock.now())) }
            default: break
            }
            return PushOutcome(events: events, wakeNote: wakeNote)
        } catch let error as GenieACSError where error.answerMayBeLost {
            // GenieACS inserts the task before it waits for the session (GenieACS 1.2.16
            // lib/nbi.ts:327-345, lib/api-functions.ts:356-370): it may be queued, or have run.
            return PushOutcome(events: [], lostAnswer: error.descriptionWithoutAddress)
        } catch let error as GenieACSError {
            let failure = TargetEvent.pushFailed(
                code: error.isInvalidTask ? "invalid-task" : "nbi",
                message: error.descriptionWithoutAddress,
                now: clock.now()
            )
            return PushOutcome(events: [failure])
        } catch {
            let message = GenieACSError.recordable(error)
            return PushOutcome(events: [.pushFailed(code: "nbi", message: message, now: clock.now())])
        }
    }

    // MARK: - Polling and verification

    /// Moves pushed devices whose task is gone to verifying (or to a retry on a fault), and
    /// verifies devices whose task ran. Each read is one `$in` query per ``batchSize`` devices.
    /// Returns whether any device changed state.
    @discardableResult
    private func pollInFlight(_ campaignID: String, spec: CampaignSpec, campaign: CampaignRecord, lease: RunnerLease)
        async throws -> Bool
    {
        let pushed = try await store.targets(campaignID, states: [.pushed])
        let verifying = try await store.targets(campaignID, states: [.verifying])
        guard !pushed.isEmpty || !verifying.isEmpty else { return false }
        var transitions = Transitions(rollout: spec.rollout)
        // Tasks still queued, and faults on the campaign's task channels (GenieACS 1.2.16 lib/cwmp.ts:402-430,
        // 650-672).
        let faultIDs = (pushed + verifying).compactMap { t in t.taskID.map { "\(t.deviceID):task_\($0)" } }
        let faults = try await documents(.faults, ids: faultIDs, projection: [])
        let liveTasks = Set(try await documents(.tasks, ids: pushed.compactMap(\.taskID), projection: ["_id"]).keys)
        func fault(of target: TargetRecord) -> GenieACSFault? {
            target.taskID.flatMap { faults["\(target.deviceID):task_\($0)"] }.flatMap(GenieACSFault.init(document:))
        }
        for target in pushed {
            guard let taskID = target.taskID else { continue }
            if let fault = fault(of: target) {
                transitions.apply(.taskFaulted(code: fault.code, message: fault.message, now: clock.now()), to: target)
            } else if !liveTasks.contains(taskID) {
                transitions.apply(.taskDone(now: clock.now()), to: target)
            }
        }
        // Verify the devices whose task ran (just now or earlier).
        let toVerify = verifying + transitions.changed.filter { $0.state == .verifying }
        var projection: [String] = ["_id", "_lastInform"]
        switch spec.change {
        case .firmware: projection += DeviceDocument.softwareVersionPaths
        case .configuration: projection = []
        }
        let devices = try await documents(.devices, ids: toVerify.map(\.deviceID), projection: projection)
        for target in toVerify {
            if let fault = fault(of: target) {
                transitions.apply(.taskFaulted(code: fault.code, message: fault.message, now: clock.now()), to: target)
                continue
            }
            guard let device = devices[target.deviceID].flatMap(DeviceDocument.init) else {
                transitions.apply(.deviceGone(now: clock.now()), to: target)
                continue
            }
            switch spec.change {
            case .firmware(let firmware):
                if device.softwareVersion == firmware.targetVersion, Self.rebootedInto(device, target) {
                    transitions.apply(.verified(now: clock.now()), to: target)
                }
            case .configuration:
                let mismatches = ConfigurationPlan.mismatches(
                    ConfigurationPlan.changes(fromJSON: target.changesJSON),
                    on: device
                )
                transitions.apply(
                    mismatches.isEmpty
                        ? .verified(now: clock.now())
                        : .verificationFailed(message: mismatches.joined(separator: "; "), now: clock.now()),
                    to: target
                )
            }
        }
        let changed = transitions.changed
        // The tasks and faults these transitions abandoned are recorded on their devices
        // (``TargetRecord/staleTaskID``) and deleted by ``deleteStale(_:campaign:lease:reported:)`` next.
        try await commitWhileRunning(campaign, targets: changed, events: transitions.events, lease: lease)
        return !changed.isEmpty
    }

    private func expireDeadlines(
        _ campaignID: String,
        spec: CampaignSpec,
        now: Double,
        campaign: CampaignRecord,
        lease: RunnerLease
    ) async throws {
        // Only the rows already past the deadline leave SQLite.
        let inFlight = try await store.targets(
            campaignID,
            states: [.pushed, .verifying],
            firstPushedBefore: now - spec.rollout.deviceDeadlineSeconds * 1000
        )
        var updated: [TargetRecord] = []
        for target in inFlight where target.isPastDeadline(now: now, rollout: spec.rollout) {
            var t = target
            _ = t.expire(now: now)  // its task: ``TargetRecord/staleTaskID``, deleted by deleteStale
            updated.append(t)
        }
        guard !updated.isEmpty else { return }
        try await commitWhileRunning(
            campaign,
            targets: updated,
            events:
                updated.map { CampaignEvent($0, at: now, kind: "failed", detail: "device deadline passed") },
            lease: lease
        )
    }

    /// What this run knows of the deletions GenieACS refused: when each was first refused, and
    /// where the next batch starts, so a batch of devices that stay in session does not starve the
    /// devices after it.
    struct StaleDeletions: Sendable {
        /// Fault id (`<device>:task_<id>`) → time of its first refusal in this run.
        var firstRefused: [String: Double] = [:]
        /// Stale targets to pass over (those still refused at the head of the list).
        var offset = 0
        /// Fault id → when this run first saw its Download still pending in GenieACS's `operations`.
        var waitingSince: [String: Double] = [:]
    }

    /// How long a left-behind task whose Download is still pending in GenieACS's `operations` (its
    /// TransferComplete, or its fault, may still come) is waited for in one run before the runner
    /// gives up on it (milliseconds): twice GenieACS's default download timeout (`cwmp.downloadTimeout`
    /// 3600 s, GenieACS 1.2.16 lib/config.ts:62, applied at the device's next session, lib/session.ts:428-437).
    /// A CPE that never informs again must not keep the campaign from completing.
    public static let pendingDownloadGiveUpMilliseconds = 2 * 3_600_000.0

    /// How long a left-behind task's deletion is retried in one run before the runner gives up on
    /// it (milliseconds): a CPE in session at every poll for half an hour, or a GenieACS that keeps
    /// refusing, must not keep the campaign from completing. The device is recorded
    /// (`delete-abandoned`, naming the `ferrule acs fault-delete` command); the rest go on.
    public static let staleDeletionGiveUpMilliseconds = 30 * 60_000.0

    /// Deletes the tasks devices left behind (``TargetRecord/staleTaskID``: a retry, a failure, a
    /// deadline) with `DELETE /faults/<device>:task_<id>`, which takes the task and its fault and
    /// answers 200 when neither exists (GenieACS 1.2.16 lib/api-functions.ts:397-410). `DELETE
    /// /tasks/<id>` would not do: once the task document is gone it answers 404 before reaching the
    /// fault (lib/nbi.ts:428-450), and GenieACS retries a fault's provisions on its own
    /// (lib/cwmp.ts:405-430) — a Download whose TransferComplete faulted (lib/cwmp.ts:333-355) is
    /// downloaded again.
    ///
    /// A batch at a time, in turn. A deletion GenieACS refuses (503 `Device is in session`) is kept
    /// and tried again at every poll, with a `delete-failed` event the first time; the device gets
    /// no new task until it is gone, and the campaign does not complete before — for at most
    /// ``staleDeletionGiveUpMilliseconds`` of refusals in a run, after which it is abandoned
    /// (`delete-abandoned`). When every deletion failed with no answer from GenieACS, the first
    /// error is thrown, so the run backs off as for a failed read.
    private func deleteStale(
        _ campaignID: String,
        campaign: CampaignRecord,
        lease: RunnerLease,
        tracked: inout StaleDeletions
    ) async throws {
        var stale = try await store.targets(
            campaignID,
            limit: batchSize,
            offset: tracked.offset,
            withStaleTask: true
        )
        if stale.isEmpty, tracked.offset > 0 {
            tracked.offset = 0
            stale = try await store.targets(campaignID, limit: batchSize, withStaleTask: true)
        }
        guard !stale.isEmpty else { return }
        // A Download still pending on the task's channel may fault after the deletion: it stays owed until the
        // operation is gone, then its fault is deleted once more (``DownloadOperations``).
        let downloading =
            campaign.kind == "configuration"
            ? [:]
            : try await DownloadOperations.pendingChannels(stale.map(\.deviceID), acs: acs, batchSize: batchSize)
        let waitingDevices = Set(
            stale.filter { t in t.staleTaskID.map { downloading[t.deviceID]?.contains("task_" + $0) == true } ?? false }
                .map(\.deviceID)
        )
        let results = try await concurrently(stale) { target -> (any Error)? in
            guard let taskID = target.staleTaskID, !waitingDevices.contains(target.deviceID) else { return nil }
            do {
                try await self.acs.deleteFault(target.faultID(ofTask: taskID))
                return nil
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                return error
            }
        }
        var updated: [TargetRecord] = []
        var events: [CampaignEvent] = []
        var unreachable: GenieACSError?
        var failures = 0
        var kept = 0
        let now = clock.now()
        /// Stops trying to delete `target`'s task and fault, saying why and what to run by hand.
        func abandon(_ target: TargetRecord, faultID: String, _ why: String) {
            var t = target
            t.staleTaskID = nil
            updated.append(t)
            let command = "`ferrule acs fault-delete '\(DisplayText.value(faultID))'`"
            events.append(
                CampaignEvent(t, at: now, kind: "delete-abandoned", detail: why + ": delete it with " + command)
            )
        }
        for (target, error) in zip(stale, results) {
            let taskID = target.staleTaskID ?? ""
            let faultID = target.faultID(ofTask: taskID)
            var t = target
            if waitingDevices.contains(target.deviceID) {
                guard let first = tracked.waitingSince[faultID] else {
                    tracked.waitingSince[faultID] = now
                    kept += 1
                    events.append(
                        CampaignEvent(
                            t,
                            at: now,
                            kind: "delete-waiting",
                            detail: "task \(taskID)'s Download is still in progress in GenieACS (operations); its "
                                + "fault, if the transfer fails, is deleted once it ends"
                        )
                    )
                    continue
                }
                guard now - first >= Self.pendingDownloadGiveUpMilliseconds else {
                    kept += 1
                    continue
                }
                tracked.waitingSince[faultID] = nil
                let hours = Int(Self.pendingDownloadGiveUpMilliseconds / 3_600_000)
                abandon(
                    target,
                    faultID: faultID,
                    "gave up waiting \(hours) h for task \(taskID)'s Download to end in GenieACS; a fault it leaves "
                        + "would be retried by GenieACS on its own"
                )
                continue
            }
            tracked.waitingSince[faultID] = nil
            if let error {
                failures += 1
                if let error = error as? GenieACSError, error.transportError != nil, unreachable == nil {
                    unreachable = error
                }
                let reason = String(GenieACSError.recordable(error).prefix(300))
                guard let first = tracked.firstRefused[faultID] else {
                    // One event per device and task in a run: the retries at every poll are not logged again.
                    tracked.firstRefused[faultID] = now
                    kept += 1
                    events.append(
                        CampaignEvent(
                            t,
                            at: now,
                            kind: "delete-failed",
                            detail: "deleting task \(taskID) and its fault failed: \(reason); retried at every poll"
                        )
                    )
                    continue
                }
                // GenieACS unreachable is not a refusal: the run backs off instead.
                let isTransport = (error as? GenieACSError)?.transportError != nil
                guard now - first >= Self.staleDeletionGiveUpMilliseconds, !isTransport else {
                    kept += 1
                    continue
                }
                tracked.firstRefused[faultID] = nil
                let minutes = Int(Self.staleDeletionGiveUpMilliseconds / 60_000)
                abandon(
                    target,
                    faultID: faultID,
                    "gave up deleting task \(taskID) and its fault after \(minutes) min of refusals (last: \(reason)); "
                        + "GenieACS may retry it on its own"
                )
                continue
            }
            tracked.firstRefused[faultID] = nil
            t.staleTaskID = nil
            updated.append(t)
            events.append(
                CampaignEvent(t, at: now, kind: "task-deleted", detail: "task \(taskID) and its fault deleted")
            )
        }
        // The refused ones stay at the head of the list: the next batch starts after them.
        tracked.offset = stale.count < batchSize ? 0 : tracked.offset + kept
        try await commitWhileRunning(campaign, targets: updated, events: events, lease: lease)
        if failures == stale.count, let unreachable { throw unreachable }
    }

    // MARK: - Recovery after a crash

    /// Devices left `pushing` by a runner that died between saving and recording its POST:
    /// adopt the task GenieACS holds under the campaign's uniqueKey, count a device that already
    /// shows the change as pushed-and-done, else push again (the uniqueKey replaces, never doubles).
    /// - Returns: the devices woken after the restart, to wake again while their task stays
    ///   queued (``rewake(_:campaignID:now:lease:)``).
    private func recover(
        _ campaignID: String,
        spec: CampaignSpec,
        campaign: CampaignRecord,
        lease: RunnerLease,
        waking: Bool = true
    ) async throws -> [String: Rewake] {
        try await adoptStranded(campaignID, spec: spec, campaign: campaign, lease: lease)
        // A runner killed between recording a device `pushed` and waking it (the wake-up below,
        // or the separate connection request of the two-call mode) left the task queued with no
        // one waking the device: wake every `pushed` device whose task GenieACS still holds.
        guard spec.rollout.connectionRequest, waking else { return [:] }
        let woken = try await wakeQueued(campaignID)
        try await recordWakeFailures(woken.map { ($0.key, 1, $0.value) }, campaignID: campaignID, lease: lease)
        let next = clock.now() + Self.rewakeBaseMilliseconds
        return Dictionary(uniqueKeysWithValues: woken.keys.map { ($0, Rewake(attempt: 1, at: next)) })
    }

    /// A device woken after a restart: how many wake-ups it had and when the next is due.
    struct Rewake: Sendable {
        var attempt: Int
        var at: Double
    }

    /// The first re-wake after a restart comes this long after the first wake-up; each later one
    /// twice as long after the one before (5, 10, 20, 40 s), ``maxRecoveryWakes`` in all.
    static let rewakeBaseMilliseconds = 5_000.0
    /// Wake-ups per device after a restart at most; then the device waits for its periodic inform.
    static let maxRecoveryWakes = 5

    /// Wakes again the devices due in `rewakes` whose task GenieACS still holds (a wake-up that
    /// failed, or a session that did not take the task); records each failure on the device.
    private func rewake(_ rewakes: inout [String: Rewake], campaignID: String, now: Double, lease: RunnerLease)
        async throws
    {
        let due = rewakes.filter { $0.value.at <= now }
        guard !due.isEmpty else { return }
        let pushed = Set(
            try await store.targets(campaignID, states: [.pushed]).map(\.deviceID).filter { due[$0] != nil }
        )
        let woken = try await wakeQueued(campaignID, only: pushed)
        var results: [(device: String, attempt: Int, failure: String?)] = []
        for (device, entry) in due {
            // No longer pushed, or its task is gone: nothing left to wake.
            guard let result = woken[device] else {
                rewakes[device] = nil
                continue
            }
            let attempt = entry.attempt + 1
            results.append((device, attempt, result))
            rewakes[device] =
                attempt < Self.maxRecoveryWakes
                ? Rewake(attempt: attempt, at: now + Self.rewakeBaseMilliseconds * Double(1 << min(attempt - 1, 20)))
                : nil
        }
        try await recordWakeFailures(results, campaignID: campaignID, lease: lease)
    }

    /// One `wake-failed` event per device whose wake-up failed.
    private func recordWakeFailures(
        _ woken: [(device: String, attempt: Int, failure: String?)],
        campaignID: String,
        lease: RunnerLease
    ) async throws {
        let failures = woken.compactMap { item in item.failure.map { (item.device, item.attempt, $0) } }
            .sorted { $0.0 < $1.0 }
        guard !failures.isEmpty else { return }
        try await store.commit(
            events: failures.map { device, attempt, failure in
                CampaignEvent(
                    campaignID: campaignID,
                    deviceID: device,
                    at: clock.now(),
                    kind: "wake-failed",
                    detail: "after a restart, wake-up \(attempt) of \(Self.maxRecoveryWakes): \(failure.prefix(300))"
                        + (attempt >= Self.maxRecoveryWakes
                            ? "; the device's task waits for its next inform" : "; tried again with backoff")
                )
            },
            lease: lease
        )
    }

    /// The error code of a device whose task POST lost its answer (``PushOutcome/lostAnswer``):
    /// it stays `pushing` until ``adoptStranded(_:spec:campaign:lease:onlyLostAnswers:)`` looks its task up.
    public static let answerLostCode = "answer-lost"

    /// Devices left `pushing`: adopt, verify or push again (see ``recover(_:spec:campaign:lease:waking:)``).
    ///
    /// A device whose POST lost its answer (``answerLostCode``; with `onlyLostAnswers`, only those,
    /// at every poll) is resolved the same way: the task GenieACS queued under the campaign's
    /// uniqueKey is adopted, a device already showing the change is done, and only a device with
    /// neither is pushed again — as a failed attempt, retried after the backoff. A task the lost
    /// POST queues later still has the uniqueKey: the re-push replaces it (GenieACS 1.2.16
    /// lib/api-functions.ts:362-367).
    ///
    /// Written only while the campaign is running: a cancel meanwhile marked these devices in flight
    /// (``CampaignControl/settleInFlight(_:acs:ran:lease:)`` settles them once this runner stops).
    /// - Throws: ``RunnerStopped`` when the campaign is no longer running.
    private func adoptStranded(
        _ campaignID: String,
        spec: CampaignSpec,
        campaign: CampaignRecord,
        lease: RunnerLease,
        onlyLostAnswers: Bool = false
    ) async throws {
        var stranded = try await store.targets(campaignID, states: [.pushing])
        if onlyLostAnswers { stranded = stranded.filter { $0.errorCode == Self.answerLostCode } }
        guard !stranded.isEmpty else { return }
        var updated: [TargetRecord] = []
        var events: [CampaignEvent] = []
        for chunk in urlBatches(stranded, \.deviceID) {
            let filter: JSONValue = .object([
                ("device", .object([("$in", .array(chunk.map { .string($0.deviceID) }))])),
                ("uniqueKey", .string(Self.uniqueKey(campaignID))),
            ])
            let tasks = try await acs.query(.tasks, CollectionQuery(query: filter, projection: ["_id", "device"])).items
            var byDevice: [String: String] = [:]
            for task in tasks {
                if let device = task["device"]?.stringValue, let id = task["_id"]?.stringValue { byDevice[device] = id }
            }
            let devices = try await documents(.devices, ids: chunk.map(\.deviceID), projection: [])
            if case .firmware = spec.change {
                // A download whose task is gone but whose transfer is still pending (GenieACS 1.2.16
                // lib/cwmp.ts:334-354; lib/cwmp/db.ts:707-725): the `operations` document names the task's channel.
                // Adopting it avoids a second download.
                for (device, taskID) in try await pendingDownloads(chunk.map(\.deviceID)) where byDevice[device] == nil
                {
                    byDevice[device] = taskID
                }
            }
            let faulted = try await strandedDownloadFaults(spec, targets: chunk.filter { byDevice[$0.deviceID] == nil })
            for target in chunk {
                var t = target
                let lost = t.errorCode == Self.answerLostCode ? t.errorMessage ?? "the answer was lost" : nil
                if lost != nil {
                    t.errorCode = nil
                    t.errorMessage = nil
                }
                var faultNote = ""
                if let taskID = byDevice[t.deviceID] {
                    _ = t.apply(.recoveredTask(taskID: taskID, now: clock.now()), rollout: spec.rollout)
                } else if let fault = faulted[t.deviceID], let taskID = fault.taskID {
                    // The task ran and its Download faulted (its TransferComplete, GenieACS 1.2.16 lib/cwmp.ts:333-355):
                    // that is this attempt's fault. The retry policy applies, and the fault is owed a deletion
                    // (``TargetRecord/staleTaskID``), else GenieACS would retry the Download on its own
                    // (lib/cwmp.ts:402-430).
                    _ = t.apply(.recoveredTask(taskID: taskID, now: clock.now()), rollout: spec.rollout)
                    _ = t.apply(
                        .taskFaulted(code: fault.code, message: fault.message, now: clock.now()),
                        rollout: spec.rollout
                    )
                    faultNote = ", its Download faulted on task \(taskID) (\(fault.code): \(fault.message.prefix(200)))"
                } else if let device = devices[t.deviceID].flatMap(DeviceDocument.init), shows(spec, t, device) {
                    _ = t.apply(.verified(now: clock.now()), rollout: spec.rollout)
                } else if let lost {
                    _ = t.apply(.pushFailed(code: "nbi", message: lost, now: clock.now()), rollout: spec.rollout)
                } else {
                    _ = t.apply(.recoveredNothing(now: clock.now()), rollout: spec.rollout)
                }
                updated.append(t)
                let why = lost == nil ? "after a restart" : "after a lost answer"
                let found = byDevice[t.deviceID].map { ", task \($0) found by the campaign's uniqueKey" } ?? ""
                events.append(
                    CampaignEvent(
                        t,
                        at: clock.now(),
                        kind: "recovered",
                        detail: "\(why): \(t.state.rawValue)\(found)\(faultNote)"
                    )
                )
            }
        }
        try await commitWhileRunning(campaign, targets: updated, events: events, lease: lease)
    }

    /// The faults of stranded devices' Downloads (firmware campaigns): a fault on a `task_<id>` channel whose
    /// provisions are this campaign's Download (``DownloadOperations/isDownload(_:of:)``) and whose task was not
    /// queued before this attempt (``DownloadOperations/mayBeAttempt(_:dispatchedAt:)``: another campaign's or an
    /// operator's Download of the same file is not adopted), the newest per device. A runner killed before it
    /// recorded its task POST knows no task id; the CPE may have run the task meanwhile and its TransferComplete
    /// faulted, leaving no task, no operation — only this fault.
    private func strandedDownloadFaults(_ spec: CampaignSpec, targets: [TargetRecord]) async throws -> [String:
        GenieACSFault]
    {
        guard case .firmware(let firmware) = spec.change, !targets.isEmpty else { return [:] }
        let dispatched = Dictionary(targets.map { ($0.deviceID, $0.pushedAt) }, uniquingKeysWith: { a, _ in a })
        let devices = Array(dispatched.keys).sorted()
        let pages = try await concurrently(urlBatches(devices, \.self)) { chunk in
            try await self.acs.query(
                .faults,
                CollectionQuery(query: .object([("device", .object([("$in", .array(chunk.map { .string($0) }))]))]))
            ).items
        }
        var out: [String: GenieACSFault] = [:]
        for document in pages.joined() {
            guard let fault = GenieACSFault(document: document), DownloadOperations.isDownload(fault, of: firmware),
                DownloadOperations.mayBeAttempt(fault, dispatchedAt: dispatched[fault.device] ?? nil)
            else { continue }
            if let seen = out[fault.device], seen.timestamp >= fault.timestamp { continue }
            out[fault.device] = fault
        }
        return out
    }

    /// Wakes the `pushed` devices whose task (the campaign's uniqueKey) is still queued in
    /// GenieACS, a batch at a time; a device that cannot be woken now waits for its next inform.
    /// - Parameter only: wake only these devices (nil: every `pushed` one).
    /// - Returns: each device woken, with why its wake-up failed (nil: GenieACS accepted it).
    private func wakeQueued(_ campaignID: String, only: Set<String>? = nil) async throws -> [String: String?] {
        var pushed = try await store.targets(campaignID, states: [.pushed]).map(\.deviceID)
        if let only { pushed = pushed.filter { only.contains($0) } }
        var woken: [String: String?] = [:]
        for chunk in urlBatches(pushed, { $0 }) {
            let filter: JSONValue = .object([
                ("device", .object([("$in", .array(chunk.map { .string($0) }))])),
                ("uniqueKey", .string(Self.uniqueKey(campaignID))),
            ])
            let tasks = try await acs.query(.tasks, CollectionQuery(query: filter, projection: ["device"])).items
            let queued = Array(Set(tasks.compactMap { $0["device"]?.stringValue })).sorted()
            let results = try await concurrently(queued) { device -> (String, String?) in
                do {
                    switch try await self.acs.connectionRequest(to: device) {
                    case .accepted: return (device, nil)
                    case .failed(let failure): return (device, failure.description)
                    case .noSuchDevice: return (device, "no such device")
                    }
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    return (device, GenieACSError.recordable(error))
                }
            }
            for (device, failure) in results { woken[device] = failure }
        }
        return woken
    }

    /// Device → task id of Download operations still pending for `devices` (`<device>:<commandKey>`
    /// documents with a `task_<id>` channel).
    private func pendingDownloads(_ devices: [String]) async throws -> [String: String] {
        let clauses = devices.map { device -> JSONValue in
            .object([("_id", .object([("$regex", .string("^" + Self.regexEscaped(device) + ":"))]))])
        }
        let batches = clauses.batched(count: batchSize, characters: DeviceFilter.maxListCharactersPerQuery) {
            DeviceFilter.encodedSize([$0])
        }
        let operations = try await concurrently(batches) { batch in
            try await self.acs.query(.operations, CollectionQuery(query: .object([("$or", .array(batch))]))).items
        }.joined()
        var out: [String: String] = [:]
        for operation in operations {
            guard let id = operation["_id"]?.stringValue, let colon = id.lastIndex(of: ":") else { continue }
            let device = String(id[..<colon])
            for (channel, _) in operation["channels"]?.objectMembers ?? [] where channel.hasPrefix("task_") {
                out[device] = String(channel.dropFirst(5))
            }
        }
        return out
    }

    static func regexEscaped(_ text: String) -> String {
        var out = ""
        for c in text {
            if "\\^$.|?*+()[]{}".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    /// Whether a device reporting the target version rebooted into it during this campaign. GenieACS stores the
    /// SoftwareVersion an inform carries, so a version other than the one frozen at create is proof on its own; only
    /// when the device reported the target then already (or nothing) is the inform compared with the push — and that
    /// compares GenieACS's clock (`_lastInform`) with this host's (`pushedAt`), which any skew between them offsets.
    static func rebootedInto(_ device: DeviceDocument, _ target: TargetRecord) -> Bool {
        if let before = target.versionBefore, before != device.softwareVersion { return true }
        return (device.lastInform ?? 0) >= (target.pushedAt ?? 0)
    }

    /// Whether the device already shows the campaign's change (after a restart or a lost answer, when GenieACS
    /// holds no task of the campaign for it).
    ///
    /// A secret cannot be read back from the CPE, but GenieACS stores the value a SetParameterValues set as soon as
    /// the CPE accepts it (GenieACS 1.2.16 lib/session.ts:2715-2733): a secret parameter that holds the secret's
    /// value shows the change. After a later refresh it holds what the CPE reports instead — an empty value for a
    /// passphrase — and then a value stored (`_timestamp`) after this attempt's push shows it: the task ran.
    /// That compares GenieACS's clock with this host's, as firmware verification does.
    private func shows(_ spec: CampaignSpec, _ target: TargetRecord, _ device: DeviceDocument) -> Bool {
        switch spec.change {
        case .firmware(let firmware): return device.softwareVersion == firmware.targetVersion
        case .configuration:
            let changes = ConfigurationPlan.changes(fromJSON: target.changesJSON)
            guard ConfigurationPlan.mismatches(changes, on: device).isEmpty else { return false }
            for change in changes where change.isSecret {
                guard let wanted = try? SecretTemplates.resolve(change.value, secrets) else { return false }
                let current = device.value(change.path)
                if ConfigurationPlan.sameValue(current, wanted, type: change.type ?? device.type(change.path)) {
                    continue
                }
                guard current?.isEmpty ?? true, let stored = device.timestamp(change.path),
                    let pushed = target.pushedAt, stored > pushed
                else { return false }
            }
            return true
        }
    }

    // MARK: - Waves, failure rate, pause

    /// The ordinal below which devices may be pushed: the end of the first wave not yet finished.
    private func currentWaveEnd(_ campaignID: String, waveEnds: [Int]) async throws -> Int {
        for end in waveEnds {
            if try await store.hasTargets(
                campaignID,
                states: [.pending, .pushing, .pushed, .verifying],
                ordinalBelow: end
            ) {
                return end
            }
        }
        return waveEnds.last ?? Int.max
    }

    /// Succeeded and failed devices before the newest `resumed` event (none when the campaign was never resumed).
    private func decidedBeforeResume(_ campaignID: String) async throws -> Decided {
        guard let resumedAt = try await store.latestEventTime(campaignID, kind: "resumed") else { return Decided() }
        let before = try await store.decided(campaignID, finishedBefore: resumedAt)
        return Decided(succeeded: before.succeeded, failed: before.failed)
    }

    private func failureRateExceeded(_ report: CampaignProgress, rollout: Rollout, baseline: Decided) -> String? {
        guard let limit = rollout.maxFailureRate else { return nil }
        let since = Decided(report).since(baseline)
        guard since.total >= rollout.minimumSample, since.rate > limit else { return nil }
        return String(
            format: "failure rate %.1f%% exceeds %.1f%% after %d device(s)",
            since.rate * 100,
            limit * 100,
            since.total
        )
    }

    /// The gate between waves (docs/campaigns.md, Waves): when a wave has finished and the next has not started, the
    /// devices decided so far (since the last resume) must pass the failure-rate rule with `min_sample` waived — a
    /// finished wave is the sample, however small — and, without `max_failure_rate`, the canary must have no failed
    /// device. Otherwise the reason to pause; nil lets the next wave start. Checked once per boundary: as soon as a
    /// device of the next wave is pushed the gate is behind it, and a resume starts the count afresh.
    private func waveGateClosed(
        _ campaignID: String,
        rollout: Rollout,
        waveEnds: [Int],
        report: CampaignProgress,
        baseline: Decided
    ) async throws -> String? {
        let since = Decided(report).since(baseline)
        guard since.failed > 0, waveEnds.count > 1 else { return nil }
        let end = try await currentWaveEnd(campaignID, waveEnds: waveEnds)
        guard let wave = waveEnds.firstIndex(of: end), wave > 0,
            !(try await store.hasPushedTargets(campaignID, ordinals: waveEnds[wave - 1]..<end))
        else { return nil }
        let finished = wave == 1 ? "the canary (wave 1 of \(waveEnds.count))" : "wave \(wave) of \(waveEnds.count)"
        if let limit = rollout.maxFailureRate {
            guard since.rate > limit else { return nil }
            let rate = String(format: "%.1f%%", since.rate * 100)
            let over = String(format: "%.1f%%", limit * 100)
            return "\(finished) finished with failure rate \(rate) (\(since.failed) of \(since.total) device(s)), over "
                + "\(over): wave \(wave + 1) waits; `min_sample` is waived at the end of a wave"
        }
        guard wave == 1 else { return nil }
        return "\(finished) finished with \(since.failed) of \(since.total) device(s) failed: wave 2 waits "
            + "(without `max_failure_rate` any failed canary device pauses the campaign)"
    }

    /// Pauses the campaign for `reason`. With `withdrawing` (the failure-rate rule), the tasks still
    /// queued for devices that have not taken them are deleted after the pause is saved
    /// (``withdrawQueued(_:lease:)``): nothing this campaign pushed reaches a device while it is
    /// paused, as docs/campaigns.md says; on resume those devices are pushed again.
    private func pause(
        _ campaignID: String,
        lease: RunnerLease,
        reason: String,
        progress report: CampaignProgress,
        callback: @Sendable (CampaignProgress) -> Void,
        withdrawing: Bool = false
    ) async throws -> CampaignRecord {
        guard var campaign = try await store.campaign(campaignID) else { throw CampaignError.notFound(campaignID) }
        campaign.status = .paused
        campaign.statusReason = reason
        // Only a campaign still running is paused: an operator's cancel in between wins.
        guard
            try await commitIfRunning(
                campaign,
                events: [CampaignEvent(campaignID: campaignID, at: clock.now(), kind: "paused", detail: reason)],
                lease: lease
            )
        else { return try await store.campaign(campaignID) ?? campaign }
        if withdrawing { try await withdrawQueued(campaign, lease: lease) }
        var final = report
        final.waiting = "paused: \(reason)"
        callback(final)
        return campaign
    }

    /// Deletes the paused campaign's tasks that GenieACS still queues (`DELETE /tasks/<id>` takes
    /// the task and its fault, GenieACS 1.2.16 lib/nbi.ts:428-450): each such device goes back to
    /// `pending` (``TargetEvent/withdrawn(now:)``, its attempt not counted) with a `withdrawn`
    /// event, and the pause's `tasks-withdrawn` event counts them. A task GenieACS no longer has
    /// (404: it ran or faulted) leaves its device in flight, polled after the resume; one it cannot
    /// delete now (503 `Device is in session`: the CPE is taking it, or GenieACS unreachable) too,
    /// counted in the event.
    private func withdrawQueued(_ paused: CampaignRecord, lease: RunnerLease) async throws {
        let campaignID = paused.id
        let queued = try await store.targets(campaignID, states: [.pushed]).filter { $0.taskID != nil }
        guard !queued.isEmpty else { return }
        let results = try await concurrently(queued) { target -> String? in
            guard let taskID = target.taskID else { return "no task" }
            do {
                try await self.acs.deleteTask(taskID)
                return nil
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                return GenieACSError.recordable(error)
            }
        }
        var withdrawn: [TargetRecord] = []
        var events: [CampaignEvent] = []
        var kept: [String] = []
        for (target, failure) in zip(queued, results) {
            if let failure {
                kept.append(failure)
                continue
            }
            var t = target
            let taskID = target.taskID ?? ""
            _ = t.apply(.withdrawn(now: clock.now()), rollout: Rollout())
            withdrawn.append(t)
            events.append(
                CampaignEvent(
                    t,
                    at: clock.now(),
                    kind: "withdrawn",
                    detail: "queued task \(taskID) deleted while the campaign is paused; pushed again on resume"
                )
            )
        }
        let detail =
            "\(withdrawn.count) queued task(s) deleted before their device took them; pushed again on resume"
            + (kept.isEmpty
                ? ""
                : "; \(kept.count) task(s) not withdrawn (already run, or \(kept[0].prefix(200))): polled on resume")
        events.append(CampaignEvent(campaignID: campaignID, at: clock.now(), kind: "tasks-withdrawn", detail: detail))
        do {
            // Only while still paused: an operator's cancel or resume in between keeps its own state.
            try await store.commit(
                campaign: paused,
                ifStatus: [.paused],
                targets: withdrawn,
                events: events,
                lease: lease
            )
        } catch let error as CampaignStoreError where error.isStatusConflict {}
    }

    /// Commits targets and events only while the campaign is still running, in the same
    /// transaction as the status check: after an operator's pause or cancel from another process,
    /// nothing this runner read before is written over theirs.
    /// - Throws: ``RunnerStopped`` when the campaign is no longer running.
    private func commitWhileRunning(
        _ campaign: CampaignRecord,
        targets: [TargetRecord],
        events: [CampaignEvent],
        lease: RunnerLease
    ) async throws {
        guard !targets.isEmpty || !events.isEmpty else { return }
        do {
            try await store.commit(
                campaign: campaign,
                ifStatus: [.running],
                targets: targets,
                events: events,
                lease: lease
            )
        } catch let error as CampaignStoreError where error.isStatusConflict {
            throw RunnerStopped()
        }
    }

    /// Saves a campaign that ends its run, unless another process changed its status meanwhile
    /// (an operator's pause or cancel wins). Returns whether it was saved.
    @discardableResult
    private func commitIfRunning(_ campaign: CampaignRecord, events: [CampaignEvent], lease: RunnerLease) async throws
        -> Bool
    {
        do {
            try await store.commit(campaign: campaign, ifStatus: [.running], events: events, lease: lease)
            return true
        } catch let error as CampaignStoreError where error.isStatusConflict {
            return false
        }
    }

    // MARK: - NBI helpers

    /// `items` in query batches: at most ``batchSize`` each, and each batch's ids within
    /// ``DeviceFilter/maxListCharactersPerQuery`` URL-encoded characters as a `$in` list.
    func urlBatches<T>(_ items: [T], _ id: (T) -> String) -> [[T]] {
        items.batched(count: batchSize, characters: DeviceFilter.maxListCharactersPerQuery) {
            DeviceFilter.encodedSize([.string(id($0))])
        }
    }

    /// Documents of `collection` whose `_id` is in `ids`, keyed by `_id`, read in batches.
    private func documents(_ collection: NBICollection, ids: [String], projection: [String]) async throws -> [String:
        JSONValue]
    {
        guard !ids.isEmpty else { return [:] }
        let pages = try await concurrently(urlBatches(ids, \.self)) { chunk in
            try await self.acs.query(
                collection,
                CollectionQuery(
                    query: .object([("_id", .object([("$in", .array(chunk.map { .string($0) }))]))]),
                    projection: projection
                )
            ).items
        }
        var out: [String: JSONValue] = [:]
        for document in pages.joined() {
            if let id = document["_id"]?.stringValue { out[id] = document }
        }
        return out
    }

    /// Deletes tasks queued by POSTs a cancel could not see (best effort: a task already gone is
    /// fine). Tasks the state machine abandons are deleted by ``deleteStale(_:campaign:lease:reported:)``.
    private func perform(_ effects: [TargetEffect]) async {
        let ids = effects.map { effect -> String in
            switch effect {
            case .deleteTask(let id): id
            }
        }
        _ = try? await concurrently(ids) { id in
            do { try await self.acs.deleteTask(id) } catch let error as GenieACSError where error.isNotFound {}
        }
    }

    /// `body` on every item, at most ``httpConcurrency`` at once, results in input order.
    private func concurrently<T: Sendable, R: Sendable>(_ items: [T], _ body: @escaping @Sendable (T) async throws -> R)
        async throws -> [R]
    {
        try await withThrowingTaskGroup(of: (Int, R).self) { group in
            var results = [R?](repeating: nil, count: items.count)
            var next = 0
            func add() {
                let index = next
                let item = items[index]
                next += 1
                group.addTask { (index, try await body(item)) }
            }
            while next < min(items.count, httpConcurrency) { add() }
            while let (index, result) = try await group.next() {
                results[index] = result
                if next < items.count { add() }
            }
            return results.compactMap { $0 }
        }
    }

    /// The secrets the campaign's values use (none for firmware).
    public static func secretNames(_ spec: CampaignSpec) -> [String] {
        guard case .configuration(let configuration) = spec.change else { return [] }
        return configuration.secretNames
    }

    /// The log entry of `event` applied to `target` (its state after the event).
    static func event(_ event: TargetEvent, of target: TargetRecord, at: Double, note: String = "") -> CampaignEvent {
        CampaignEvent(target, at: at, kind: kind(event), detail: detail(event, target) + note)
    }

    static func kind(_ event: TargetEvent) -> String {
        switch event {
        case .dispatching: "pushing"
        case .pushed: "pushed"
        case .deviceGone: "skipped"
        case .pushFailed: "push-failed"
        case .taskDone: "task-done"
        case .taskFaulted: "faulted"
        case .verified: "succeeded"
        case .verificationFailed: "verification-failed"
        case .alreadyDone: "skipped"
        case .recoveredTask, .recoveredNothing: "recovered"
        case .cancelled: "cancelled"
        case .withdrawn: "withdrawn"
        }
    }

    static func detail(_ event: TargetEvent, _ target: TargetRecord) -> String {
        switch event {
        case .pushed(let taskID, _): "task \(taskID) (attempt \(target.attempts))"
        case .pushFailed(let code, let message, _), .taskFaulted(let code, let message, _):
            "\(code): \(message)" + (target.state == .pending ? "; retry \(target.attempts + 1) after backoff" : "")
        case .verificationFailed(let message, _): message
        default: target.state.rawValue
        }
    }

    static func iso(_ milliseconds: Double) -> String {
        Date(timeIntervalSince1970: milliseconds / 1000).formatted(.iso8601)
    }
}

/// The campaign stopped running (paused or cancelled by another process) during a cycle.
struct RunnerStopped: Error {}

/// The transitions of one poll cycle: the latest record per device, its events and effects.
struct Transitions {
    let rollout: Rollout
    private var latest: [String: TargetRecord] = [:]
    private var order: [String] = []
    private(set) var events: [CampaignEvent] = []
    private(set) var effects: [TargetEffect] = []

    init(rollout: Rollout) { self.rollout = rollout }

    /// Applies `event` to the device's latest state in this cycle (`target` if it has none yet).
    mutating func apply(_ event: TargetEvent, to target: TargetRecord) {
        var t = latest[target.deviceID] ?? target
        let before = t
        effects += t.apply(event, rollout: rollout)
        guard t != before else { return }
        if latest[t.deviceID] == nil { order.append(t.deviceID) }
        latest[t.deviceID] = t
        events.append(CampaignRunner.event(event, of: t, at: t.updatedAt))
    }

    /// The records that changed, each once, in first-change order.
    var changed: [TargetRecord] { order.compactMap { latest[$0] } }
}

/// Pushes per minute, as a token bucket refilled continuously that holds one second's worth of
/// pushes (at least one): after a stall — a loaded machine, a wave boundary, a paused window — the
/// runner resumes at the rate instead of sending a minute's pushes at once.
struct RateLimiter: Sendable {
    let perMinute: Int?
    /// The most pushes in one burst.
    let burst: Double
    var tokens: Double
    var last: Double

    init(perMinute: Int?, now: Double) {
        self.perMinute = perMinute
        burst = Double(perMinute.map { max(1, $0 / 60) } ?? 0)
        tokens = burst
        last = now
    }

    mutating func available(now: Double) -> Int {
        guard let perMinute else { return Int.max }
        tokens = min(burst, tokens + (now - last) / 60_000 * Double(perMinute))
        last = now
        return Int(tokens)
    }

    /// A run that starts after pushes at `lastPush`: the bucket holds only what has refilled since.
    mutating func resume(lastPush: Double, now: Double) {
        guard perMinute != nil else { return }
        tokens = 0
        last = min(lastPush, now)
    }

    mutating func spend(_ n: Int) {
        if perMinute != nil { tokens -= Double(n) }
    }
}

/// Succeeded and failed devices: the failure-rate rule's sample.
struct Decided: Sendable, Equatable {
    var succeeded = 0
    var failed = 0

    init(succeeded: Int = 0, failed: Int = 0) {
        self.succeeded = succeeded
        self.failed = failed
    }

    init(_ report: CampaignProgress) {
        self.init(succeeded: report.count(.succeeded), failed: report.count(.failed))
    }

    var total: Int { succeeded + failed }
    var rate: Double { total == 0 ? 0 : Double(failed) / Double(total) }

    /// The devices decided after `baseline`.
    func since(_ baseline: Decided) -> Decided {
        Decided(succeeded: max(0, succeeded - baseline.succeeded), failed: max(0, failed - baseline.failed))
    }
}

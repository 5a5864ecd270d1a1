import Campaigns
import CurlHTTP
import FerruleJSON
import GenieACS
import GenieACSStandIn
import Synchronization
import Testing

/// What GenieACS holds for a campaign — tasks and their faults — matches what the campaign's state
/// says, and a transient NBI failure strands nothing: on the in-memory GenieACS, whose simulated CPEs
/// retry a fault's provisions as GenieACS 1.2.16 does (lib/cwmp.ts:405-430), on a test clock.
@Suite("Campaign runner: GenieACS's tasks and faults follow the campaign")
struct RunnerGenieACSStateTests {
    /// Every task and fault GenieACS holds, as ids.
    static func held(_ harness: RunnerHarness) async throws -> (tasks: Int, faults: [String]) {
        let tasks = try await harness.genieacs.nbi.query(.tasks, CollectionQuery()).items.count
        let faults = try await harness.genieacs.nbi.query(.faults, CollectionQuery()).items.compactMap {
            $0["_id"]?.stringValue
        }
        return (tasks, faults)
    }

    static func downloadsStarted(_ harness: RunnerHarness) -> Int {
        harness.genieacs.stats()["downloads"]?["started"]?.intValue ?? -1
    }

    /// A firmware image every CPE fails to install (TransferComplete fault 9010, after the task
    /// document is gone), with GenieACS retrying a fault 30 s after it (lib/cwmp.ts:405-430).
    /// Informs every 7 s: not in step with the runner's 2 s polls, whose deletions a CPE in session at
    /// every poll would refuse for ever.
    static func failingFirmware(devices: Int = 1, online: Double = 1, inform: Double = 7) -> Scenario {
        Scenario(
            devices: devices,
            onlineRatio: online,
            informIntervalSeconds: inform,
            retryDelaySeconds: 30,
            firmware: Scenario.Firmware(successRate: 0, faultCode: "9010", delayMs: 200)
        )
    }

    /// Counts the fault deletions an NBI of ``refusingFaults(_:times:)`` was asked for.
    final class Refusals: Sendable {
        let count = Mutex(0)
        var calls: Int { count.withLock { $0 } }
    }

    /// An NBI over `harness`'s GenieACS that refuses the first `times` deletions of a task's fault
    /// (nil: every one) as GenieACS does while the CPE is in session.
    static func refusingFaults(_ harness: RunnerHarness, times: Int?) -> (HookedNBI, Refusals) {
        let refusals = Refusals()
        let nbi = HookedNBI(
            harness.genieacs.nbi,
            refuseDelete: { id in
                guard id.contains(":task_") else { return nil }
                let count = refusals.count.withLock {
                    $0 += 1
                    return $0
                }
                return count <= (times ?? Int.max) ? InSession() : nil
            }
        )
        return (nbi, refusals)
    }

    @Test("A device failed on a TransferComplete fault leaves no fault behind: GenieACS downloads nothing more")
    func failedDeviceFaultDeleted() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("retries: 0\ndevice_deadline: 1m"),
            scenario: Self.failingFirmware()
        )
        let (final, _) = try await harness.run()
        #expect(final.status == .completed)
        let target = try #require(try await harness.targets(final.id).first)
        #expect(target.state == .failed)
        #expect(target.staleTaskID == nil)
        let (tasks, faults) = try await Self.held(harness)
        #expect(tasks == 0)
        #expect(faults.isEmpty, "GenieACS keeps retrying \(faults)")
        let downloads = Self.downloadsStarted(harness)
        #expect(downloads == 1)
        // A minute of informs later GenieACS has retried nothing.
        try await harness.clock.sleep(for: .seconds(60))
        _ = try await Self.held(harness)
        #expect(Self.downloadsStarted(harness) == downloads)
        let events = try await harness.store.events(final.id).map(\.kind)
        #expect(events.contains("task-deleted"))
    }

    @Test("A retry after a fault: the old fault goes first, so the CPE downloads once per attempt")
    func retryDeletesOldFault() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("retries: 2\nretry_backoff: 10s\ndevice_deadline: 10m"),
            scenario: Self.failingFirmware()
        )
        let (final, _) = try await harness.run()
        let target = try #require(try await harness.targets(final.id).first)
        #expect(target.state == .failed)
        #expect(target.attempts == 3)
        #expect(Self.downloadsStarted(harness) == 3, "one download per attempt, none from a fault left behind")
        #expect(try await Self.held(harness).faults.isEmpty)
    }

    struct InSession: Error, CustomStringConvertible {
        var description: String { "GenieACS answered 503 Device is in session" }
    }

    @Test("A deletion refused while the CPE is in session is recorded and retried until GenieACS confirms it")
    func refusedDeletionRetried() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("retries: 0\ndevice_deadline: 1m"),
            scenario: Self.failingFirmware()
        )
        let campaign = try await harness.create()
        let (nbi, refusals) = Self.refusingFaults(harness, times: 3)
        let final = try await CampaignRunner(store: harness.store, acs: nbi, clock: harness.clock)
            .run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed, "completed only once the deletion went through")
        #expect(refusals.calls > 3, "refused three times, then tried again until it went through")
        let target = try #require(try await harness.targets(campaign.id).first)
        #expect(target.state == .failed)
        #expect(target.staleTaskID == nil)
        #expect(try await Self.held(harness).faults.isEmpty)
        let events = try await harness.store.events(campaign.id)
        let failed = events.filter { $0.kind == "delete-failed" }
        #expect(failed.count == 1, "recorded once, not at every retry: \(failed)")
        #expect(failed.first?.detail.contains("Device is in session") == true)
        #expect(events.contains { $0.kind == "task-deleted" })
    }

    @Test("A deletion refused for ever is abandoned after 30 min of refusals: the campaign completes and says how")
    func refusedForEverAbandoned() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("retries: 0\ndevice_deadline: 1m"),
            scenario: Self.failingFirmware()
        )
        let campaign = try await harness.create()
        let (nbi, _) = Self.refusingFaults(harness, times: nil)
        let started = harness.clock.now()
        let final = try await CampaignRunner(store: harness.store, acs: nbi, clock: harness.clock)
            .run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed, "a CPE always in session does not keep the campaign running")
        #expect(harness.clock.now() - started >= CampaignRunner.staleDeletionGiveUpMilliseconds)
        let target = try #require(try await harness.targets(campaign.id).first)
        #expect(target.state == .failed)
        #expect(target.staleTaskID == nil)
        let events = try await harness.store.events(campaign.id)
        #expect(events.filter { $0.kind == "delete-failed" }.count == 1)
        let abandoned = try #require(events.first { $0.kind == "delete-abandoned" })
        #expect(abandoned.detail.contains("ferrule acs fault-delete '\(target.deviceID):task_"), "\(abandoned.detail)")
        #expect(abandoned.detail.contains("Device is in session"), "\(abandoned.detail)")
    }

    @Test("A device whose old task is not deleted yet is not pushed again")
    func noPushBeforeDeletion() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("retries: 1\nretry_backoff: 1s\ndevice_deadline: 10m"),
            scenario: Self.failingFirmware()
        )
        let campaign = try await harness.create()
        let (nbi, _) = Self.refusingFaults(harness, times: 20)
        let final = try await CampaignRunner(store: harness.store, acs: nbi, clock: harness.clock)
            .run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        let events = try await harness.store.events(campaign.id)
        let deleted = try #require(events.firstIndex { $0.kind == "task-deleted" })
        let pushes = events.indices.filter { events[$0].kind == "pushed" }
        #expect(pushes.count == 2)
        #expect(pushes[1] > deleted, "the second push came after the first task's deletion")
    }

    @Test("The failure-rate pause withdraws queued tasks: CPEs that come back get nothing; resume pushes them")
    func pauseWithdrawsQueuedTasks() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("max_failure_rate: 20%\nmin_sample: 3\nretries: 0\ndevice_deadline: 1h"),
            scenario: Self.failingFirmware(devices: 12, online: 0.5, inform: 300)
        )
        let (paused, _) = try await harness.run()
        #expect(paused.status == .paused)
        let targets = try await harness.targets(paused.id)
        let withdrawn = targets.filter { $0.state == .pending }
        #expect(!withdrawn.isEmpty)
        #expect(withdrawn.allSatisfy { $0.attempts == 0 && $0.taskID == nil && $0.firstPushedAt == nil })
        let events = try await harness.store.events(paused.id)
        #expect(events.filter { $0.kind == "withdrawn" }.count == withdrawn.count)
        let summary = try #require(events.first { $0.kind == "tasks-withdrawn" })
        #expect(summary.detail.hasPrefix("\(withdrawn.count) queued task(s) deleted"), "\(summary.detail)")
        #expect(try await Self.held(harness).tasks == 0, "nothing of the paused campaign is queued")
        // The offline CPEs come back and inform: they download nothing while the campaign is paused.
        let before = Self.downloadsStarted(harness)
        for device in harness.genieacs.deviceIDs() { harness.genieacs.setOnline(device, true) }
        try await harness.clock.sleep(for: .seconds(900))
        _ = try await Self.held(harness)
        #expect(Self.downloadsStarted(harness) == before)

        // On resume they are due again.
        let control = CampaignControl(store: harness.store, clock: harness.clock)
        _ = try await control.resume(paused.id)
        let due = try await harness.store.dueTargets(paused.id, now: harness.clock.now(), ordinalBelow: 100, limit: 100)
        #expect(Set(due.map(\.deviceID)) == Set(withdrawn.map(\.deviceID)), "the withdrawn devices are pushed again")
    }

    /// 502 `Bad Gateway` as a proxy answers for GenieACS.
    static func badGateway(_ request: HTTPRequest) -> HTTPResponse {
        HTTPResponse(
            url: request.url,
            status: 502,
            reasonPhrase: "Bad Gateway",
            headers: [],
            body: Array("<html>".utf8)
        )
    }

    @Test("One 502 on a poll does not end the run: the poll is tried again after a backoff")
    func transientPollFailure() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("retries: 0\ndevice_deadline: 10m"),
            scenario: Scenario(devices: 3, informIntervalSeconds: 0, firmware: Scenario.Firmware(delayMs: 3000))
        )
        let campaign = try await harness.create()
        let faultReads = Mutex(0)
        let nbi = try harness.genieacs.nbi(through: { request, forward in
            if request.method == "GET", request.url.contains("/faults") {
                let n = faultReads.withLock {
                    $0 += 1
                    return $0
                }
                if n == 2 { return Self.badGateway(request) }
            }
            return try await forward(request)
        })
        let final = try await CampaignRunner(store: harness.store, acs: nbi, clock: harness.clock)
            .run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        #expect(try await harness.store.counts(campaign.id)[.succeeded] == 3)
        #expect(faultReads.withLock { $0 } > 2)
    }

    @Test("A GenieACS that keeps failing ends the run after the bounded retries, with a clear message")
    func persistentPollFailure() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("device_deadline: 1h"),
            scenario: Scenario(devices: 2, informIntervalSeconds: 0, firmware: Scenario.Firmware(delayMs: 60000))
        )
        let campaign = try await harness.create()
        let nbi = try harness.genieacs.nbi(through: { request, forward in
            if request.method == "GET", request.url.contains("/faults") { return Self.badGateway(request) }
            return try await forward(request)
        })
        let runner = CampaignRunner(store: harness.store, acs: nbi, clock: harness.clock)
        let started = harness.clock.now()
        do {
            _ = try await runner.run(campaign.id, spec: harness.spec)
            Issue.record("the run did not end")
        } catch let error as CampaignError {
            let text = "\(error)"
            #expect(text.hasPrefix("GenieACS failed 8 reads in a row over "), "\(text)")
            #expect(text.contains("502 Bad Gateway"), "\(text)")
            #expect(text.contains("`ferrule campaign run \(campaign.id)` continues it"), "\(text)")
        }
        // 2 + 4 + 8 + 16 + 30 + 30 + 30 s of backoff between the 8 failed polls.
        #expect(harness.clock.now() - started >= 120_000)
        #expect(try await harness.store.campaign(campaign.id)?.status == .running)
    }

    @Test("A task POST whose answer is lost (504 after GenieACS queued it) is found by uniqueKey, not sent twice")
    func lostAnswerAdopted() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("retries: 2\nretry_backoff: 1s\ndevice_deadline: 10m"),
            scenario: Scenario(devices: 1, informIntervalSeconds: 0, firmware: Scenario.Firmware(delayMs: 300))
        )
        let campaign = try await harness.create()
        let posts = Mutex(0)
        let nbi = try harness.genieacs.nbi(through: { request, forward in
            let response = try await forward(request)
            guard request.method == "POST", request.url.contains("/tasks") else { return response }
            let first = posts.withLock {
                $0 += 1
                return $0 == 1
            }
            return first
                ? HTTPResponse(url: request.url, status: 504, reasonPhrase: "Gateway Time-out", headers: [], body: [])
                : response
        })
        let final = try await CampaignRunner(store: harness.store, acs: nbi, clock: harness.clock)
            .run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        let target = try #require(try await harness.targets(campaign.id).first)
        #expect(target.state == .succeeded)
        #expect(posts.withLock { $0 } == 1, "no second task POST")
        #expect(Self.downloadsStarted(harness) == 1)
        let events = try await harness.store.events(campaign.id)
        #expect(events.contains { $0.kind == "answer-lost" && $0.detail.contains("504") })
        #expect(events.contains { $0.kind == "recovered" && $0.detail.hasPrefix("after a lost answer: ") })
    }

    @Test("A POST lost before it reached GenieACS is pushed again as a retry, once")
    func lostBeforeGenieACS() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("retries: 2\nretry_backoff: 1s\ndevice_deadline: 10m"),
            scenario: Scenario(devices: 1, informIntervalSeconds: 0, firmware: Scenario.Firmware(delayMs: 300))
        )
        let campaign = try await harness.create()
        let posts = Mutex(0)
        let nbi = try harness.genieacs.nbi(through: { request, forward in
            if request.method == "POST", request.url.contains("/tasks") {
                let first = posts.withLock {
                    $0 += 1
                    return $0 == 1
                }
                if first { throw HTTPClientError(kind: .timeout, method: "POST", url: request.url, detail: "") }
            }
            return try await forward(request)
        })
        let final = try await CampaignRunner(store: harness.store, acs: nbi, clock: harness.clock)
            .run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        let target = try #require(try await harness.targets(campaign.id).first)
        #expect(target.state == .succeeded)
        #expect(target.attempts == 2, "the lost attempt counts")
        #expect(posts.withLock { $0 } == 2)
        #expect(Self.downloadsStarted(harness) == 1)
    }

    /// A two-device firmware campaign whose first device's task ran (`verifying`, task
    /// `0123456789abcdef01234567`), for the cancel tests.
    static func oneVerifying() async throws -> (RunnerHarness, CampaignRecord, [TargetRecord]) {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("device_deadline: 1h"),
            scenario: Scenario(devices: 2)
        )
        let campaign = try await harness.create()
        var targets = try await harness.targets(campaign.id)
        targets[0].state = .verifying
        targets[0].attempts = 1
        targets[0].taskID = "0123456789abcdef01234567"
        targets[0].firstPushedAt = harness.clock.now()
        try await harness.store.commit(targets: [targets[0]])
        return (harness, campaign, targets)
    }

    @Test("Cancel: a device verifying ends skipped (cancelled-after-run), and the rollback includes such devices")
    func cancelEndsVerifying() async throws {
        let (harness, campaign, targets) = try await Self.oneVerifying()
        let control = CampaignControl(store: harness.store, clock: harness.clock)
        let (record, _) = try await control.cancel(
            campaign.id,
            acs: harness.genieacs.nbi,
            rollout: harness.spec.rollout
        )
        #expect(record.status == .cancelled)
        let after = try await harness.targets(campaign.id)
        #expect(after.allSatisfy { $0.state.isFinished }, "\(after.map(\.state))")
        let ended = try #require(after.first { $0.deviceID == targets[0].deviceID })
        #expect(ended.state == .skipped)
        #expect(ended.errorCode == TargetRecord.cancelledAfterRunCode)
        #expect(ended.staleTaskID == nil, "its fault, if any, was deleted")
        let detail = try #require(try await harness.store.events(campaign.id).first { $0.kind == "tasks-deleted" })
        #expect(detail.detail.contains("1 device(s) whose task had run end unverified"), "\(detail.detail)")
    }

    @Test("Cancel after a TransferComplete fault: the fault left without its task is deleted too")
    func cancelDeletesFaultWithoutTask() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("retries: 5\nretry_backoff: 1h\ndevice_deadline: 2h"),
            scenario: Self.failingFirmware()
        )
        let campaign = try await harness.create()
        let control = CampaignControl(store: harness.store, clock: harness.clock)
        // Cancel as soon as GenieACS holds the fault, before the runner saw it.
        let nbi = HookedNBI(
            harness.genieacs.nbi,
            beforeQuery: { pushed in
                guard pushed >= 1 else { return }
                let faults = try await harness.genieacs.nbi.query(.faults, CollectionQuery()).items
                if !faults.isEmpty, try await harness.store.campaign(campaign.id)?.status == .running {
                    _ = try await control.cancel(campaign.id, acs: harness.genieacs.nbi, rollout: harness.spec.rollout)
                }
            }
        )
        let final = try await CampaignRunner(store: harness.store, acs: nbi, clock: harness.clock)
            .run(campaign.id, spec: harness.spec)
        #expect(final.status == .cancelled)
        // The cancel landed while the CPE was in its TransferComplete session: the fault's deletion
        // was refused and recorded; cancelling again (as the server's runner does) retries it.
        if try await !control.pendingDeletions(campaign.id).isEmpty {
            try await harness.clock.sleep(for: .seconds(1))
            _ = try await control.cancel(campaign.id, acs: harness.genieacs.nbi, rollout: harness.spec.rollout)
        }
        #expect(try await control.pendingDeletions(campaign.id).isEmpty)
        let left = try await Self.held(harness).faults
        let targets = try await harness.targets(campaign.id)
        let events = try await harness.store.events(campaign.id).map { "\($0.kind): \($0.detail)" }
        #expect(
            left.isEmpty,
            "\(left) \(targets.map { "\($0.state) \($0.taskID ?? "-") \($0.staleTaskID ?? "-")" }) \(events)"
        )
        let downloads = Self.downloadsStarted(harness)
        try await harness.clock.sleep(for: .seconds(600))
        _ = try await Self.held(harness)
        #expect(Self.downloadsStarted(harness) == downloads, "GenieACS retried nothing after the cancel")
    }

    @Test("Cancel: a verifying device's fault GenieACS refuses to delete is counted in the reason, so it is retried")
    func cancelRefusedFaultRetried() async throws {
        let (harness, campaign, targets) = try await Self.oneVerifying()
        let fault = targets[0].faultID(ofTask: "0123456789abcdef01234567")
        let refusing = HookedNBI(
            harness.genieacs.nbi,
            refuseDelete: { $0 == fault ? CampaignControlTests.InSession() : nil }
        )
        let control = CampaignControl(store: harness.store, clock: harness.clock)
        let (record, _) = try await control.cancel(campaign.id, acs: refusing, rollout: harness.spec.rollout)
        #expect(record.status == .cancelled)
        let reason = record.statusReason ?? ""
        #expect(
            reason.hasPrefix("cancelled by an operator; 1 \(CampaignControl.deletionPendingMarker)"),
            "the server's runner retries while the reason carries the marker: \(reason)"
        )
        let owed = try await control.pendingDeletions(campaign.id)
        #expect(owed.map(\.deviceID) == [targets[0].deviceID])
        #expect(owed.first?.errorCode == TargetRecord.cancelledAfterRunCode, "the device keeps how it ended")
        let (retried, _) = try await control.retryDeletions(campaign.id, acs: harness.genieacs.nbi)
        #expect(retried.statusReason == "cancelled by an operator")
        #expect(try await control.pendingDeletions(campaign.id).isEmpty)
        let events = try await harness.store.events(campaign.id).map(\.detail)
        #expect(events.contains { $0.contains("1 left-behind task(s) and fault(s) deleted") }, "\(events)")
    }
}

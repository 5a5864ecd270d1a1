import Campaigns
import FerruleCore
import GenieACS
import GenieACSStandIn
import Testing

/// Pause, resume, cancel and rollback record the injected clock's time, never the wall clock's.
@Suite struct CampaignControlTests {
    static let configuration = """
        name: inform
        configuration:
          - periodicInform: {enabled: true, interval: 900}
        devices: {all: true}

        """

    @Test("Pause and resume: the status changes and each event carries the clock's time")
    func pauseAndResume() async throws {
        let harness = try RunnerHarness(RunnerHarness.firmware("rate_per_minute: 60"), scenario: Scenario(devices: 2))
        var campaign = try await harness.create()
        let control = CampaignControl(store: harness.store, clock: harness.clock)
        // Started as `POST …/start` starts it: running, with a `started` event, before any runner.
        campaign.status = .running
        try await harness.store.commit(
            campaign: campaign,
            ifStatus: [.created],
            events: [CampaignEvent(campaignID: campaign.id, at: harness.clock.now(), kind: "started", detail: "test")]
        )
        try await harness.clock.sleep(for: .seconds(90))
        let pausedAt = harness.clock.now()
        #expect(try await control.pause(campaign.id).status == .paused)
        try await harness.clock.sleep(for: .seconds(3600))
        let resumedAt = harness.clock.now()
        #expect(try await control.resume(campaign.id).status == .running)
        let events = try await harness.store.events(campaign.id)
        #expect(events.first { $0.kind == "paused" }?.at == pausedAt)
        #expect(events.first { $0.kind == "resumed" }?.at == resumedAt)
        await #expect(throws: CampaignError.self) { _ = try await control.resume(campaign.id) }
    }

    @Test("A campaign paused before it was started goes back to created on resume and keeps its schedule")
    func resumeBeforeStart() async throws {
        let start = RunnerHarness.monday + 600_000
        let harness = try RunnerHarness(
            RunnerHarness.firmware("scheduled_at: \"2026-12-07T00:10:00Z\""),
            scenario: Scenario(devices: 2)
        )
        let campaign = try await harness.create()
        let control = CampaignControl(store: harness.store, clock: harness.clock)
        _ = try await control.pause(campaign.id)
        let resumed = try await control.resume(campaign.id)
        #expect(resumed.status == .created)
        #expect(resumed.startedAt == nil)
        #expect(try await harness.store.campaign(campaign.id)?.status == .created)
        let events = try await harness.store.events(campaign.id)
        #expect(events.last?.detail == "resumed by an operator; not started yet")
        // Still scheduled: its devices are pushed at its start time, not before.
        let final = try await harness.runner().run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        let pushes = try await harness.pushTimes(campaign.id).values.flatMap { $0 }
        #expect(pushes.count == 2)
        #expect(pushes.allSatisfy { $0 >= start })
    }

    @Test("A campaign an operator marked running gets its start time from the runner that works it")
    func startedAtForOperatorStart() async throws {
        let harness = try RunnerHarness(RunnerHarness.firmware("rate_per_minute: 60"), scenario: Scenario(devices: 2))
        var campaign = try await harness.create()
        campaign.status = .running
        try await harness.store.commit(campaign: campaign, ifStatus: [.created])
        try await harness.clock.sleep(for: .seconds(30))
        let begun = harness.clock.now()
        let final = try await harness.runner().run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        #expect(final.startedAt == begun)
        #expect(try await harness.store.campaign(campaign.id)?.startedAt == begun)
    }

    @Test("Cancel: finished at the clock's time, every device skipped as cancelled, its queued tasks deleted")
    func cancel() async throws {
        let harness = try RunnerHarness(RunnerHarness.firmware("rate_per_minute: 60"), scenario: Scenario(devices: 3))
        let campaign = try await harness.create()
        try await harness.clock.sleep(for: .seconds(42))
        let (record, deleted) = try await CampaignControl(store: harness.store, clock: harness.clock).cancel(
            campaign.id,
            acs: harness.genieacs.nbi,
            rollout: harness.spec.rollout
        )
        #expect(record.status == .cancelled)
        #expect(record.finishedAt == harness.clock.now())
        #expect(deleted == 0, "nothing was pushed, so nothing was queued")
        let targets = try await harness.targets(campaign.id)
        #expect(targets.allSatisfy { $0.state == .skipped && $0.errorCode == "cancelled" })
        #expect(targets.allSatisfy { $0.finishedAt == harness.clock.now() })
        let events = try await harness.store.events(campaign.id)
        #expect(events.first { $0.kind == "cancelled" }?.at == harness.clock.now())
    }

    /// A configuration campaign on three devices whose runner pushed (tasks queued, not run) and
    /// was paused once `after` tasks were posted.
    static func pushedThenPaused(after count: Int) async throws -> (RunnerHarness, CampaignRecord, CampaignControl) {
        let harness = try RunnerHarness(Self.configuration, scenario: Scenario(devices: 3, informIntervalSeconds: 0))
        let campaign = try await harness.create()
        let control = CampaignControl(store: harness.store, clock: harness.clock)
        let nbi = HookedNBI(
            harness.genieacs.nbi,
            queueOnly: true,
            beforeQuery: { pushed in if pushed >= count { _ = try? await control.pause(campaign.id) } }
        )
        _ = try await CampaignRunner(store: harness.store, acs: nbi, clock: harness.clock)
            .run(campaign.id, spec: harness.spec)
        return (harness, campaign, control)
    }

    @Test("Cancel after the tasks ran: the devices keep their pushed state and a rollback restores them")
    func cancelAfterTasksRan() async throws {
        // Push all three, then stop the runner while their tasks are queued.
        let (harness, campaign, control) = try await Self.pushedThenPaused(after: 3)
        let pushed = try await harness.targets(campaign.id)
        #expect(pushed.allSatisfy { $0.state == .pushed && $0.taskID != nil }, "\(pushed.map(\.state))")
        // GenieACS ran (and so removed) two of the tasks before the operator cancelled.
        for target in pushed.prefix(2) { try await harness.genieacs.nbi.deleteTask(try #require(target.taskID)) }

        let (_, deleted) = try await control.cancel(
            campaign.id,
            acs: harness.genieacs.nbi,
            rollout: harness.spec.rollout
        )
        #expect(deleted == 1)
        let after = try await harness.targets(campaign.id)
        #expect(after.filter { $0.state == .pushed }.count == 2, "\(after.map(\.state))")
        #expect(after.filter { $0.state == .skipped && $0.errorCode == "cancelled" }.count == 1)
        let cancelled = try await harness.store.events(campaign.id).first { $0.kind == "tasks-deleted" }
        #expect(cancelled?.detail.contains("2 device(s) whose task had already run keep their state") == true)

        let rollback = try await control.rollback(campaign.id)
        let restoring = try await harness.targets(rollback.id).map(\.deviceID).sorted()
        #expect(restoring == pushed.prefix(2).map(\.deviceID).sorted())
    }

    /// A task deletion GenieACS refuses (a CPE in session answers 503).
    struct InSession: Error, CustomStringConvertible {
        var description: String { "GenieACS answered 503 Device is in session" }
    }

    @Test("Cancel while a CPE is in session: recorded, every other task deleted, the refused one retried until gone")
    func cancelWithRefusedDeletion() async throws {
        let (harness, campaign, control) = try await Self.pushedThenPaused(after: 3)
        let pushed = try await harness.targets(campaign.id)
        let busy = try #require(pushed.first?.taskID)
        let refusing = HookedNBI(harness.genieacs.nbi, refuseDelete: { $0 == busy ? InSession() : nil })

        let (record, deleted) = try await control.cancel(
            campaign.id,
            acs: refusing,
            rollout: harness.spec.rollout,
            by: "tok-1"
        )
        #expect(deleted == 2, "the refusal did not stop the other deletions")
        #expect(record.status == .cancelled)
        let reason = try #require(record.statusReason)
        #expect(reason.hasPrefix("cancelled by tok-1; 1 queued task(s) not deleted yet"), "\(reason)")
        #expect(reason.contains("Device is in session"), "\(reason)")
        #expect(try await harness.store.campaign(campaign.id)?.statusReason == reason)
        let events = try await harness.store.events(campaign.id)
        #expect(events.contains { $0.kind == "cancelled" && $0.detail == "cancelled by tok-1" })
        let after = try await harness.targets(campaign.id)
        #expect(after.allSatisfy { $0.state == .skipped }, "\(after.map(\.state))")
        #expect(after.filter { $0.errorCode == CampaignControl.deletionPendingCode }.map(\.taskID) == [busy])
        let queued = try await harness.genieacs.nbi.query(.tasks, CollectionQuery()).items.count
        #expect(queued == 1, "only the refused task is left")

        // The session ended: a second cancel deletes it, a third is refused.
        let (retried, again) = try await control.cancel(
            campaign.id,
            acs: harness.genieacs.nbi,
            rollout: harness.spec.rollout
        )
        #expect(again == 1)
        #expect(retried.statusReason == "cancelled by tok-1")
        #expect(try await harness.genieacs.nbi.query(.tasks, CollectionQuery()).items.isEmpty)
        #expect(try await harness.targets(campaign.id).allSatisfy { $0.errorCode == "cancelled" })
        await #expect(throws: CampaignError.self) {
            _ = try await control.cancel(campaign.id, acs: harness.genieacs.nbi, rollout: harness.spec.rollout)
        }
    }

    @Test("A refused deletion whose task ran meanwhile: the device goes back to pushed, and rollback includes it")
    func refusedDeletionThenRan() async throws {
        let (harness, campaign, control) = try await Self.pushedThenPaused(after: 3)
        let busy = try #require(try await harness.targets(campaign.id).first?.taskID)
        let refusing = HookedNBI(harness.genieacs.nbi, refuseDelete: { $0 == busy ? InSession() : nil })
        _ = try await control.cancel(campaign.id, acs: refusing, rollout: harness.spec.rollout)
        try await harness.genieacs.nbi.deleteTask(busy)  // the CPE ran it in its session
        let (record, deleted) = try await control.retryDeletions(campaign.id, acs: harness.genieacs.nbi)
        #expect(deleted == 0)
        #expect(record.statusReason == "cancelled by an operator")
        let ran = try await harness.targets(campaign.id).filter { $0.taskID == busy }
        #expect(ran.map(\.state) == [.pushed])
        #expect(try await control.rollback(campaign.id).rollbackOf == campaign.id)
    }

    @Test("Rollback: a new campaign created at the clock's time, restoring each changed device's snapshot")
    func rollback() async throws {
        let harness = try RunnerHarness(Self.configuration, scenario: Scenario(devices: 2))
        let campaign = try await harness.create()
        let final = try await harness.runner().run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        try await harness.clock.sleep(for: .seconds(600))
        let rollback = try await CampaignControl(store: harness.store, clock: harness.clock).rollback(campaign.id)
        #expect(rollback.createdAt == harness.clock.now())
        #expect(rollback.rollbackOf == campaign.id)
        let targets = try await harness.targets(rollback.id)
        #expect(targets.count == 2)
        for target in targets {
            #expect(target.updatedAt == harness.clock.now())
            let restore = ConfigurationPlan.changes(fromJSON: target.changesJSON)
            #expect(!restore.isEmpty)
            #expect(!restore.contains { $0.value == "900" }, "the rollback sets the values from before")
        }
        let control = CampaignControl(store: harness.store, clock: harness.clock)
        await #expect(throws: CampaignError.self, "a second rollback of the same campaign") {
            _ = try await control.rollback(campaign.id)
        }
        _ = try await control.cancel(rollback.id, acs: harness.genieacs.nbi, rollout: harness.spec.rollout)
        #expect(
            try await control.rollback(campaign.id).rollbackOf == campaign.id,
            "allowed once the first is cancelled"
        )
    }

    @Test("Rollback waits for the campaign to stop; a rolled-back campaign is not resumed")
    func rollbackOfRunningCampaign() async throws {
        // Stop the runner once it pushed, then mark the campaign running as a live runner leaves it.
        let (harness, campaign, control) = try await Self.pushedThenPaused(after: 1)
        var running = try #require(try await harness.store.campaign(campaign.id))
        running.status = .running
        try await harness.store.commit(campaign: running, ifStatus: [.paused])
        do {
            _ = try await control.rollback(campaign.id)
            Issue.record("a running campaign was rolled back")
        } catch let error as CampaignError {
            #expect(error.description.contains("is running") && error.description.contains("pause it"), "\(error)")
        }
        #expect(try await harness.store.campaigns().count == 1, "no rollback campaign was created")

        _ = try await control.pause(campaign.id)
        let rollback = try await control.rollback(campaign.id)
        do {
            _ = try await control.resume(campaign.id)
            Issue.record("a rolled-back campaign was resumed")
        } catch let error as CampaignError {
            #expect(error.description.contains("rolled back by \(rollback.id)"), "\(error)")
        }
        #expect(try await harness.store.campaign(campaign.id)?.status == .paused)
    }
}

import Campaigns
import FerruleCore
import FerruleJSON
import GenieACS
import GenieACSStandIn
import Synchronization
import Testing

/// A cancel that lands while task POSTs are on their way leaves no task queued in GenieACS: the
/// devices being pushed are settled by whoever holds the runner lease once the POSTs have returned,
/// and recorded like the cancel's own deletions.
@Suite struct CancelInFlightTests {
    /// Tasks GenieACS holds.
    static func queued(_ harness: RunnerHarness) async throws -> [String] {
        try await harness.genieacs.nbi.query(.tasks, CollectionQuery()).items.compactMap { $0["_id"]?.stringValue }
    }

    @Test("cancel during a task POST: the runner deletes the task it sent; a refused deletion is recorded and retried")
    func cancelDuringPush() async throws {
        let harness = try RunnerHarness(
            CampaignControlTests.configuration,
            scenario: Scenario(devices: 3, informIntervalSeconds: 0)
        )
        let campaign = try await harness.create()
        let control = CampaignControl(store: harness.store, clock: harness.clock)
        let inSession = Mutex(true)
        let cancelled = Mutex<Int?>(nil)
        let nbi = HookedNBI(
            harness.genieacs.nbi,
            queueOnly: true,
            onSubmit: { count in
                // The operator's cancel lands before the first POST reaches GenieACS.
                guard count == 1 else { return }
                let (_, deleted) = try await control.cancel(
                    campaign.id,
                    acs: harness.genieacs.nbi,
                    rollout: harness.spec.rollout
                )
                cancelled.withLock { $0 = deleted }
            },
            refuseDelete: { _ in inSession.withLock { $0 } ? CampaignControlTests.InSession() : nil }
        )
        let final = try await CampaignRunner(store: harness.store, acs: nbi, clock: harness.clock)
            .run(campaign.id, spec: harness.spec)
        #expect(final.status == .cancelled)
        #expect(cancelled.withLock { $0 } == 0, "nothing was queued when the cancel ran")

        // Every POST landed after the cancel; the runner tried to delete each task and GenieACS refused.
        let sent = try await Self.queued(harness)
        #expect(!sent.isEmpty)
        let pending = try await control.pendingDeletions(campaign.id)
        #expect(Set(pending.compactMap(\.taskID)) == Set(sent), "each queued task is recorded for the retry")
        #expect(pending.allSatisfy { $0.taskID != nil })
        let reason = try #require(try await harness.store.campaign(campaign.id)?.statusReason)
        #expect(
            reason.hasPrefix("cancelled by an operator; \(sent.count) \(CampaignControl.deletionPendingMarker)"),
            "\(reason)"
        )
        #expect(reason.contains("Device is in session"), "\(reason)")
        let events = try await harness.store.events(campaign.id).filter { $0.kind == "tasks-deleted" }
        #expect(
            events.contains { $0.detail.hasPrefix("\(sent.count) device(s) whose task was being sent at the cancel") },
            "\(events.map(\.detail))"
        )

        // The session ended: the retry (the server's runner, a second cancel) deletes them.
        inSession.withLock { $0 = false }
        let (retried, deleted) = try await control.retryDeletions(campaign.id, acs: nbi)
        #expect(deleted == sent.count)
        #expect(retried.statusReason == "cancelled by an operator")
        #expect(try await Self.queued(harness).isEmpty)
        let targets = try await harness.targets(campaign.id)
        #expect(
            targets.allSatisfy { $0.state == .skipped && $0.errorCode == "cancelled" },
            "\(targets.map(\.errorCode))"
        )
    }

    @Test("cancel of a campaign paused while its POSTs were on their way: the cancel finds and deletes their tasks")
    func cancelAfterPauseDuringPush() async throws {
        let harness = try RunnerHarness(
            CampaignControlTests.configuration,
            scenario: Scenario(devices: 3, informIntervalSeconds: 0)
        )
        let campaign = try await harness.create()
        let control = CampaignControl(store: harness.store, clock: harness.clock)
        let nbi = HookedNBI(
            harness.genieacs.nbi,
            queueOnly: true,
            onSubmit: { count in if count == 1 { _ = try await control.pause(campaign.id) } }
        )
        let paused = try await CampaignRunner(store: harness.store, acs: nbi, clock: harness.clock)
            .run(campaign.id, spec: harness.spec)
        #expect(paused.status == .paused)
        let sent = try await Self.queued(harness)
        // The POSTs' answers came into the paused campaign: recorded all the same, each device with its task.
        let pushed = try await harness.targets(campaign.id).filter { $0.state == .pushed }
        #expect(!sent.isEmpty && Set(pushed.compactMap(\.taskID)) == Set(sent), "\(pushed)")

        let (record, deleted) = try await control.cancel(
            campaign.id,
            acs: harness.genieacs.nbi,
            rollout: harness.spec.rollout
        )
        #expect(deleted == sent.count)
        #expect(record.statusReason == "cancelled by an operator")
        #expect(try await Self.queued(harness).isEmpty, "no task of the cancelled campaign is left queued")
        let targets = try await harness.targets(campaign.id)
        #expect(
            targets.allSatisfy { $0.state == .skipped && $0.errorCode == "cancelled" },
            "\(targets.map(\.errorCode))"
        )
        #expect(try await control.pendingDeletions(campaign.id).isEmpty)
        #expect(try await harness.store.lease(campaign.id) == nil, "the lease taken to settle them was given back")
    }
}

import Campaigns
import GenieACSStandIn
import Testing

/// `ferrule campaign resume` of a campaign that is not paused has nothing to resume: the campaign is run as `run`
/// runs it (``CampaignExecution/run(_:spec:resuming:progress:)``), so a second `resume` of a campaign another runner
/// works meets its lease (exit 3), not an error (exit 1).
@Suite struct ResumeNotPausedTests {
    static func execution(_ harness: RunnerHarness) -> CampaignExecution {
        CampaignExecution(store: harness.store, acs: harness.genieacs.nbi, clock: harness.clock)
    }

    @Test("resume of a running campaign another runner holds: its lease is met (nothing pushed), not a state error")
    func runningHeldMeetsLease() async throws {
        let harness = try RunnerLeaseTests.harness()
        let campaign = try await harness.create()
        var running = campaign
        running.status = .running
        running.startedAt = harness.clock.now()
        try await harness.store.commit(campaign: running)
        let other = RunnerLeaseTests.otherRunner(campaign.id, heartbeatAt: harness.clock.now() - 5_000)
        #expect(try await harness.store.acquire(other, timeout: 60_000).held == nil)
        let error = await #expect(throws: CampaignLeaseError.self) {
            _ = try await Self.execution(harness).run(campaign.id, spec: harness.spec, resuming: true)
        }
        #expect(error?.description.contains("is already being run by pid 4242 on host noc-2") == true)
        #expect(harness.tasksCreated("download") == 0)
        #expect(try await harness.store.campaign(campaign.id)?.status == .running)
        #expect(try await harness.store.events(campaign.id).allSatisfy { $0.kind != "resumed" })
    }

    @Test("resume of a running campaign no runner holds (its runner died) continues it to the end")
    func runningUnheldContinues() async throws {
        let harness = try RunnerLeaseTests.harness()
        let campaign = try await harness.create()
        var running = campaign
        running.status = .running
        running.startedAt = harness.clock.now()
        try await harness.store.commit(campaign: running)
        let result = try await Self.execution(harness).run(campaign.id, spec: harness.spec, resuming: true)
        #expect(result.campaign.status == .completed)
        #expect(harness.tasksCreated("download") == 6)
    }

    @Test("resume of a paused campaign still clears the pause first, with a `resumed` event")
    func pausedResumes() async throws {
        let harness = try RunnerLeaseTests.harness()
        let campaign = try await harness.create()
        _ = try await CampaignControl(store: harness.store, clock: harness.clock).pause(campaign.id)
        let result = try await Self.execution(harness).run(campaign.id, spec: harness.spec, resuming: true)
        #expect(result.campaign.status == .completed)
        #expect(try await harness.store.events(campaign.id).contains { $0.kind == "resumed" })
    }
}

import Campaigns
import GenieACSStandIn
import Testing

/// A server's runner records why it could not work a campaign (``CampaignRunner/notRunningPrefix``);
/// the run that gets going clears it, and keeps a reason anyone else gave.
@Suite struct NotRunningReasonTests {
    @Test("a run clears the not-running reason a failed attempt left")
    func cleared() async throws {
        let harness = try RunnerHarness(RunnerHarness.firmware("max_concurrent: 10"), scenario: Scenario(devices: 2))
        var campaign = try await harness.create()
        campaign.status = .running
        campaign.startedAt = harness.clock.now()
        campaign.statusReason =
            CampaignRunner.notRunningPrefix + "GenieACS NBI unreachable; the runner retries every 30 s"
        try await harness.store.update(campaign)
        let final = try await harness.runner().run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        #expect(final.statusReason == nil)
        #expect(final.startedAt == campaign.startedAt, "a campaign that had started keeps its start time")
    }
}

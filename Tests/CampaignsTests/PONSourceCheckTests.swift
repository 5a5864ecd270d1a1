import Campaigns
import GenieACSStandIn
import Testing

/// A rollout with PON keys refuses to run, before anything is pushed, when the runner lacks what
/// the keys need: running as if they were absent would push a whole PON at once.
@Suite struct PONSourceCheckTests {
    @Test("max_per_pon without a topology: refused with the key and what to give; nothing pushed")
    func capsNeedTopology() async throws {
        let harness = try RunnerHarness(RunnerHarness.firmware("max_per_pon: 2"), scenario: Scenario(devices: 3))
        let campaign = try await harness.create()
        let error = await #expect(throws: CampaignError.self) {
            _ = try await harness.runner().run(campaign.id, spec: harness.spec)
        }
        #expect(error?.description.contains("max_per_pon") == true)
        #expect(error?.description.contains("--topology FILE") == true)
        #expect(harness.tasksCreated("download") == 0)
        #expect(try await harness.targets(campaign.id).allSatisfy { $0.state == .pending })
    }

    @Test("pon_health with a topology but no alarm plane: refused, naming the event store")
    func healthNeedsEvents() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("pon_health: {max_signal_lost: 2, window: 10m}"),
            scenario: Scenario(devices: 3)
        )
        let campaign = try await harness.create()
        var runner = harness.runner()
        runner.ponTopology = FakePONPlane(placements: [:], clock: harness.clock)
        let error = await #expect(throws: CampaignError.self) {
            _ = try await runner.run(campaign.id, spec: harness.spec)
        }
        #expect(error?.description.contains("pon_health, storm_hold (on with pon_health)") == true)
        #expect(error?.description.contains("--voltha-events") == true)
        #expect(harness.tasksCreated("download") == 0)
    }

    @Test("a rollout without PON keys runs without any PON source")
    func plainRollout() async throws {
        let harness = try RunnerHarness(RunnerHarness.firmware("retries: 0"), scenario: Scenario(devices: 2))
        let (final, _) = try await harness.run()
        #expect(final.status == .completed)
    }
}

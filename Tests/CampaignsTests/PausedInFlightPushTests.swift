import Campaigns
import FerruleJSON
import GenieACS
import GenieACSStandIn
import Testing

/// A pause that lands while task POSTs are in flight: their tasks are queued in GenieACS all the same. The runner
/// records them (device `pushed`, with its task), so after a resume the queued task's result is picked up by its
/// task — here a Download that faulted while the campaign was paused counts as that attempt's — not pushed again.
@Suite struct PausedInFlightPushTests {
    typealias State = RunnerGenieACSStateTests

    @Test("paused during the POST: the task is recorded; after the resume its fault while paused is that attempt's")
    func queuedTaskPickedUp() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("retries: 1\nretry_backoff: 10s\ndevice_deadline: 10m\nconnection_request: false"),
            scenario: Scenario(
                devices: 1,
                informIntervalSeconds: 20,
                retryDelaySeconds: 86_400,
                firmware: Scenario.Firmware(successRate: 0, faultCode: "9010", delayMs: 200)
            )
        )
        let campaign = try await harness.create()
        let control = CampaignControl(store: harness.store, clock: harness.clock)
        let nbi = HookedNBI(
            harness.genieacs.nbi,
            onSubmit: { count in
                if count == 1 { _ = try await control.pause(campaign.id) }
            }
        )
        let paused = try await CampaignRunner(store: harness.store, acs: nbi, clock: harness.clock)
            .run(campaign.id, spec: harness.spec)
        #expect(paused.status == .paused)
        let queued = try await harness.genieacs.nbi.query(.tasks, CollectionQuery()).items.compactMap {
            $0["_id"]?.stringValue
        }
        let target = try #require(try await harness.targets(campaign.id).first)
        #expect(target.state == .pushed && queued == [target.taskID ?? "-"], "recorded with its task: \(target)")

        // While paused, the CPE takes the queued task at its inform; its Download faults.
        try await harness.advance(.seconds(25), step: .seconds(1))
        #expect(try await State.held(harness).faults.count == 1)

        _ = try await control.resume(campaign.id)
        let final = try await harness.runner().run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        #expect(harness.tasksCreated("download") == 2, "the first attempt's fault counted; one retry, per the policy")
        let done = try #require(try await harness.targets(campaign.id).first)
        #expect(done.state == .failed && done.attempts == 2 && done.errorCode == "cwmp.9010", "\(done)")
    }
}

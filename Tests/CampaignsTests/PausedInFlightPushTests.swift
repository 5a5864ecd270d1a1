import Campaigns
import GenieACS
import GenieACSStandIn
import Testing

/// A pause that lands while task POSTs are in flight: their tasks are queued in GenieACS all the same. The runner
/// records them and watches them until they ran, so a Download that faults while the campaign is paused is that
/// attempt's fault and is deleted — GenieACS does not download again on its own — and a resume pushes nothing twice.
@Suite struct PausedInFlightPushTests {
    typealias State = RunnerGenieACSStateTests

    @Test("paused during the POST: the queued task is watched; its fault while paused counts and is deleted")
    func queuedTaskWatched() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("retries: 1\nretry_backoff: 10s\ndevice_deadline: 10m\nconnection_request: false"),
            scenario: State.failingFirmware(devices: 1, inform: 20)
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
        let target = try #require(try await harness.targets(campaign.id).first)
        #expect(target.state == .pending && target.errorCode == "cwmp.9010", "its fault counted: \(target)")
        #expect(target.attempts == 1)
        let held = try await State.held(harness)
        #expect(held.tasks == 0 && held.faults.isEmpty, "task and fault deleted: \(held)")
        try await harness.advance(.seconds(600), step: .seconds(1))
        #expect(State.downloadsStarted(harness) == 1, "GenieACS retried nothing while paused")

        _ = try await control.resume(campaign.id)
        let final = try await harness.runner().run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        #expect(harness.tasksCreated("download") == 2, "one retry, per the policy")
        let done = try #require(try await harness.targets(campaign.id).first)
        #expect(done.state == .failed && done.attempts == 2, "\(done)")
    }
}

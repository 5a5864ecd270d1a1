import Campaigns
import FerruleJSON
import GenieACS
import GenieACSStandIn
import Testing

/// With `connection_request: true` each device costs one task POST that also wakes it
/// (`?connection_request&timeout=0`), not a task POST and a second, empty one.
@Suite struct RunnerWakeTests {
    @Test("One NBI POST per device wakes it; every device is woken once and verified")
    func oneCallPerDevice() async throws {
        let harness = try RunnerHarness(RunnerHarness.firmware("max_concurrent: 4"), scenario: Scenario(devices: 10))
        let campaign = try await harness.create()
        let nbi = HookedNBI(harness.genieacs.nbi) { _ in }
        let runner = CampaignRunner(store: harness.store, acs: nbi, clock: harness.clock)
        let final = try await runner.run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        #expect(try await harness.store.counts(campaign.id)[.succeeded] == 10)
        #expect(nbi.submitCalls == 10)
        #expect(nbi.connectionRequestCalls == 0)
        #expect(harness.genieacs.stats()["connectionRequests"]?.intValue == 10)
    }

    @Test("A device that cannot be woken keeps its queued task; the push records why")
    func offlineDeviceRecorded() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("device_deadline: 2m"),
            scenario: Scenario(devices: 2, onlineRatio: 0, informIntervalSeconds: 0)
        )
        let (final, _) = try await harness.run()
        let pushed = try await harness.store.events(final.id).filter { $0.kind == "pushed" }
        #expect(pushed.count == 2)
        #expect(pushed.allSatisfy { $0.detail.hasSuffix("; connection request: Device is offline") }, "\(pushed)")
    }

    @Test("After a restart, a device recorded pushed whose task is still queued is woken again")
    func restartWakesQueuedTasks() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("device_deadline: 2h"),
            scenario: Scenario(devices: 3, informIntervalSeconds: 0)
        )
        let campaign = try await harness.create()
        let control = CampaignControl(store: harness.store, clock: harness.clock)
        // The first runner records every device pushed, but its wake-ups never reach GenieACS (as
        // when it is killed between recording `pushed` and waking the device); then it stops.
        let silent = HookedNBI(
            harness.genieacs.nbi,
            queueOnly: true,
            beforeQuery: { pushed in if pushed == 3 { _ = try? await control.pause(campaign.id) } }
        )
        let first = try await CampaignRunner(store: harness.store, acs: silent, clock: harness.clock)
            .run(campaign.id, spec: harness.spec)
        #expect(first.status == .paused)
        let counts = try await harness.store.counts(campaign.id)
        #expect(counts[.pushed] == 3, "\(counts)")
        #expect(harness.genieacs.stats()["connectionRequests"]?.intValue == 0)

        _ = try await control.resume(campaign.id)
        let final = try await harness.runner().run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        #expect(try await harness.store.counts(campaign.id)[.succeeded] == 3)
        #expect(harness.genieacs.stats()["connectionRequests"]?.intValue == 3)
    }

    /// A wake-up lost on the way (GenieACS unreachable for a moment).
    struct WakeLost: Error, CustomStringConvertible {
        var description: String { "POST /devices/…/tasks?connection_request: connection refused" }
    }

    @Test("After a restart, a wake-up that fails is recorded on the device and retried with backoff until it runs")
    func restartWakeRetried() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("device_deadline: 2h"),
            scenario: Scenario(devices: 3, informIntervalSeconds: 0)
        )
        let campaign = try await harness.create()
        let control = CampaignControl(store: harness.store, clock: harness.clock)
        let silent = HookedNBI(
            harness.genieacs.nbi,
            queueOnly: true,
            beforeQuery: { pushed in if pushed == 3 { _ = try? await control.pause(campaign.id) } }
        )
        _ = try await CampaignRunner(store: harness.store, acs: silent, clock: harness.clock)
            .run(campaign.id, spec: harness.spec)
        _ = try await control.resume(campaign.id)
        // The restarted runner's first three wake-ups (one per device) are lost.
        let lossy = HookedNBI(harness.genieacs.nbi, refuseWake: { $0 <= 3 ? WakeLost() : nil })
        let started = harness.clock.now()
        let final = try await CampaignRunner(store: harness.store, acs: lossy, clock: harness.clock)
            .run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        #expect(try await harness.store.counts(campaign.id)[.succeeded] == 3)
        #expect(lossy.connectionRequestCalls == 6, "each device woken once more")
        #expect(harness.clock.now() - started < 60_000, "not left to a periodic inform")
        let failed = try await harness.store.events(campaign.id).filter { $0.kind == "wake-failed" }
        #expect(failed.count == 3)
        #expect(Set(failed.compactMap(\.deviceID)).count == 3)
        #expect(
            failed.allSatisfy { $0.detail.hasPrefix("after a restart, wake-up 1 of 5: POST") },
            "\(failed.map(\.detail))"
        )
    }

    @Test("The two-call mode (a task POST, then an empty connection-request POST) still works")
    func separateConnectionRequest() async throws {
        let harness = try RunnerHarness(RunnerHarness.firmware("retries: 0"), scenario: Scenario(devices: 4))
        let campaign = try await harness.create()
        let nbi = HookedNBI(harness.genieacs.nbi) { _ in }
        var runner = CampaignRunner(store: harness.store, acs: nbi, clock: harness.clock)
        runner.connectionRequestWithTask = false
        let final = try await runner.run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        #expect(nbi.submitCalls == 4)
        #expect(nbi.connectionRequestCalls == 4)
    }
}

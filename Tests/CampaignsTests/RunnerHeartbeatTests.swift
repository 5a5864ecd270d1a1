import Campaigns
import FerruleStore
import FerruleTestSupport
import Foundation
import GenieACS
import GenieACSStandIn
import Synchronization
import Testing

/// The runner's lease while GenieACS is slow: the heartbeat runs from a task of its own, so one
/// NBI call longer than the lease timeout does not let a second runner in; and a runner that may
/// have lost its lease sends no further task.
@Suite struct RunnerHeartbeatTests {
    @Test("A runner blocked 70 s in one task POST keeps its lease: a second runner meanwhile is refused")
    func slowCallKeepsLease() async throws {
        let harness = try RunnerLeaseTests.harness()
        let campaign = try await harness.create()
        let (clock, store, acs, spec) = (harness.clock, harness.store, harness.genieacs.nbi, harness.spec)
        let pace = ManualPace()
        let second = Mutex<(any Error)?>(nil)
        // The first POST takes 70 s (lease timeout 60 s) while the heartbeat beats every 10 s; then
        // a second runner starts.
        let nbi = HookedNBI(harness.genieacs.nbi) { count in
            guard count == 1 else { return }
            for _ in 0..<7 {
                try await clock.sleep(for: .seconds(10))
                await pace.tick()
            }
            do {
                _ = try await CampaignRunner(store: store, acs: acs, clock: clock).run(campaign.id, spec: spec)
            } catch {
                second.withLock { $0 = error }
            }
        }
        var runner = CampaignRunner(store: store, acs: nbi, clock: clock)
        runner.heartbeatPace = { try await pace.wait($0) }
        let final = try await runner.run(campaign.id, spec: spec)
        let refusal = second.withLock { $0 }
        #expect(refusal is CampaignLeaseError, "the second runner was not refused: \(String(describing: refusal))")
        #expect(final.status == .completed)
        #expect(harness.tasksCreated("download") == 6, "every device pushed once, by the first runner")
        let events = try await harness.store.events(campaign.id)
        #expect(!events.contains { $0.kind == "lease-taken-over" })
    }

    @Test("A runner whose lease was taken over during a POST confirms it before the next POST and sends nothing more")
    func noPostAfterTakeover() async throws {
        let harness = try RunnerLeaseTests.harness()
        let campaign = try await harness.create()
        let store = harness.store
        let clock = harness.clock
        // During the first POST (31 s: past half the lease timeout) another runner takes the lease.
        let nbi = HookedNBI(harness.genieacs.nbi) { count in
            guard count == 1 else { return }
            let thief = RunnerLeaseTests.otherRunner(campaign.id, heartbeatAt: clock.now() + 3_600_000)
            _ = try await store.acquire(thief, timeout: -.infinity)
            try await clock.sleep(for: .seconds(31))
        }
        // One POST at a time, so the second starts after the first returned.
        let runner = CampaignRunner(store: store, acs: nbi, clock: clock, httpConcurrency: 1)
        let error = await #expect(throws: CampaignStoreError.self) {
            _ = try await runner.run(campaign.id, spec: harness.spec)
        }
        #expect(error?.isLeaseLost == true)
        #expect(harness.tasksCreated("download") == 1, "the POST in flight went out; the next one did not")
        #expect(try await store.lease(campaign.id)?.token == "other-runner")
        let pushing = try await store.targets(campaign.id, states: [.pushing])
        #expect(pushing.count == 2, "both devices of the batch are left pushing for the new holder to recover")
    }
}

import Campaigns
import FerruleStore
import FerruleTestSupport
import Foundation
import GenieACS
import GenieACSStandIn
import Testing

/// One runner per campaign: the lease in the state file, its heartbeat and takeover, and a state file that
/// disappears under a running runner.
@Suite struct RunnerLeaseTests {
    static func harness(devices: Int = 6) throws -> RunnerHarness {
        try RunnerHarness(RunnerHarness.firmware("max_concurrent: 2"), scenario: Scenario(devices: devices))
    }

    static func otherRunner(_ campaignID: String, heartbeatAt: Double) -> RunnerLease {
        RunnerLease(
            key: campaignID,
            token: "other-runner",
            host: "noc-2",
            pid: 4242,
            startedAt: heartbeatAt - 300_000,
            heartbeatAt: heartbeatAt
        )
    }

    @Test("While another runner holds a live lease, run refuses, naming it and its last heartbeat; nothing is pushed")
    func liveLeaseRefuses() async throws {
        let harness = try Self.harness()
        let campaign = try await harness.create()
        let other = Self.otherRunner(campaign.id, heartbeatAt: harness.clock.now() - 10_000)
        #expect(try await harness.store.acquire(other, timeout: 60_000).held == nil)
        let error = await #expect(throws: CampaignLeaseError.self) {
            _ = try await harness.runner().run(campaign.id, spec: harness.spec)
        }
        let text = error?.description ?? ""
        #expect(text.contains("is already being run by pid 4242 on host noc-2"), "\(text)")
        #expect(text.contains("last heartbeat 10 s ago"), "\(text)")
        #expect(harness.tasksCreated("download") == 0)
        #expect(try await harness.store.campaign(campaign.id)?.status == .created)
        #expect(try await harness.store.lease(campaign.id)?.token == "other-runner")
    }

    @Test("A lease without a heartbeat for the timeout is taken over, recorded, and released at the end")
    func staleLeaseTakenOver() async throws {
        let harness = try Self.harness()
        let campaign = try await harness.create()
        let other = Self.otherRunner(campaign.id, heartbeatAt: harness.clock.now() - 61_000)
        _ = try await harness.store.acquire(other, timeout: 60_000)
        let final = try await harness.runner().run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        #expect(harness.tasksCreated("download") == 6)
        let takeover = try await harness.store.events(campaign.id).filter { $0.kind == "lease-taken-over" }
        #expect(takeover.count == 1)
        #expect(takeover.first?.detail.contains("from pid 4242 on host noc-2") == true)
        #expect(try await harness.store.lease(campaign.id) == nil, "the lease is given back")
    }

    @Test("A runner whose lease was taken over stops with an error and pushes nothing more")
    func takenOverRunnerStops() async throws {
        let harness = try Self.harness()
        let campaign = try await harness.create()
        let store = harness.store
        let clock = harness.clock
        // While the runner posts its second batch, another runner takes the lease over (as after a long stall).
        let nbi = HookedNBI(harness.genieacs.nbi) { count in
            guard count == 3 else { return }
            let thief = Self.otherRunner(campaign.id, heartbeatAt: clock.now() + 3_600_000)
            _ = try await store.acquire(thief, timeout: 60_000)
        }
        let runner = CampaignRunner(store: store, acs: nbi, clock: clock)
        let error = await #expect(throws: CampaignStoreError.self) {
            _ = try await runner.run(campaign.id, spec: harness.spec)
        }
        #expect(error?.isLeaseLost == true)
        #expect(error?.description.contains("another runner took over campaign \(campaign.id)") == true)
        #expect(harness.tasksCreated("download") == 4, "the batch in flight was posted; nothing after it")
        #expect(try await store.lease(campaign.id)?.token == "other-runner")
    }

    @Test("A state file deleted under a running runner stops it with an error naming the file")
    func deletedStateFileStops() async throws {
        let harness = try Self.harness()
        let campaign = try await harness.create()
        let path = harness.store.path
        let nbi = HookedNBI(harness.genieacs.nbi) { count in
            if count == 3 { try FileManager.default.removeItem(atPath: path) }
        }
        let runner = CampaignRunner(store: harness.store, acs: nbi, clock: harness.clock)
        let error = await #expect(throws: CampaignStoreError.self) {
            _ = try await runner.run(campaign.id, spec: harness.spec)
        }
        #expect(error?.isFileGone == true)
        #expect(
            error?.description.contains("the campaign state file \(path) was deleted") == true,
            "\(error.map { "\($0)" } ?? "")"
        )
        #expect(harness.tasksCreated("download") == 4)
    }

    @Test("A state file replaced by another under a running runner stops it too")
    func replacedStateFileStops() async throws {
        let harness = try Self.harness()
        let campaign = try await harness.create()
        let path = harness.store.path
        let other = try CampaignStore(path: Scratch.path("campaigns.sqlite", prefix: "ferrule-campaigns"))
        let nbi = HookedNBI(harness.genieacs.nbi) { count in
            if count == 3 { _ = rename(other.path, path) }
        }
        let runner = CampaignRunner(store: harness.store, acs: nbi, clock: harness.clock)
        let error = await #expect(throws: CampaignStoreError.self) {
            _ = try await runner.run(campaign.id, spec: harness.spec)
        }
        #expect(error?.isFileGone == true)
        #expect(error?.description.contains("was replaced by another file") == true)
        #expect(harness.tasksCreated("download") == 4)
    }
}

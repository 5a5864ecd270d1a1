import Campaigns
import FerruleJSON
import GenieACS
import GenieACSStandIn
import Synchronization
import Testing

/// A server's runner hands a campaign's slot back while the campaign only waits on offline CPEs
/// and another campaign wants one (``SlotYield``): after the bound, not before, never while it
/// still has something to push; the next run goes on without a second push or wake-up, and the
/// devices' deadlines hold on the clock whether or not a run was there when they passed.
@Suite struct SlotYieldTests {
    /// Offline CPEs that never inform by themselves: every pushed task stays queued.
    static let offline = Scenario(devices: 2, onlineRatio: 0, informIntervalSeconds: 0)

    /// A runner that yields after `after` of waiting, once `wanted` holds.
    static func runner(_ harness: RunnerHarness, after: Duration = .seconds(10), wanted: @escaping @Sendable () -> Bool)
        -> CampaignRunner
    {
        var runner = harness.runner()
        runner.yieldWhileWaiting = SlotYield(after: after, wanted: wanted)
        return runner
    }

    static func queuedTasks(_ harness: RunnerHarness) async throws -> Int {
        try await harness.genieacs.nbi.query(.tasks, CollectionQuery()).items.count
    }

    @Test(
        "Offline CPEs: the run yields once another campaign wants the slot, after the bound; the next run fails them at their deadline, deleting their tasks, with no second push or wake-up"
    )
    func yieldsThenDeadlineHolds() async throws {
        let harness = try RunnerHarness(RunnerHarness.firmware("device_deadline: 2m"), scenario: Self.offline)
        let campaign = try await harness.create()
        let clock = harness.clock
        // Nobody wants the slot for the first 30 s.
        let wantedFrom = RunnerHarness.monday + 30_000
        let yielded = try await Self.runner(harness) { clock.now() >= wantedFrom }.run(campaign.id, spec: harness.spec)

        #expect(yielded.status == .running, "the campaign goes on, without a runner")
        #expect(
            yielded.statusReason
                == "not running: yielded its runner slot while its 2 devices wait; resumes when a slot frees"
        )
        let events = try await harness.store.events(campaign.id)
        let event = try #require(events.first { $0.kind == "yielded" })
        #expect(
            event.at >= wantedFrom,
            "not before another campaign wanted the slot: \(event.at - RunnerHarness.monday)"
        )
        let lastPush = try #require(events.filter { $0.kind == "pushed" }.map(\.at).max())
        #expect(event.at - lastPush >= 10_000, "not before it had only waited for the bound")
        #expect(try await harness.store.counts(campaign.id)[.pushed] == 2)
        #expect(try await Self.queuedTasks(harness) == 2, "the tasks stay queued for the CPEs")
        #expect(try await harness.store.lease(campaign.id) == nil, "the lease is given back")
        let wakes = harness.genieacs.stats()["connectionRequests"]?.intValue

        // The deadline passes while no run holds the campaign; the next run fails both devices at
        // once, deletes their tasks, and neither pushes nor wakes anything.
        try await clock.sleep(for: .seconds(300))
        let resumedAt = clock.now()
        let final = try await harness.runner().run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        #expect(final.statusReason == nil, "the yield's reason is cleared by the run that resumes")
        let targets = try await harness.targets(campaign.id)
        #expect(targets.map(\.state) == [.failed, .failed])
        let failures = try await harness.store.events(campaign.id).filter { $0.kind == "failed" }
        #expect(failures.count == 2)
        #expect(failures.allSatisfy { $0.detail == "device deadline passed" && $0.at == resumedAt }, "\(failures)")
        #expect(harness.tasksCreated("download") == 2, "nothing pushed twice")
        #expect(try await Self.queuedTasks(harness) == 0, "the failed devices' tasks are deleted")
        #expect(harness.genieacs.stats()["connectionRequests"]?.intValue == wakes, "no device woken again")
    }

    @Test("No other campaign wants the slot: the run waits on its offline CPEs until their deadline")
    func keepsSlotWhenUncontended() async throws {
        let harness = try RunnerHarness(RunnerHarness.firmware("device_deadline: 2m"), scenario: Self.offline)
        let campaign = try await harness.create()
        let asked = Atomic(0)
        let final = try await Self.runner(harness) {
            asked.add(1, ordering: .relaxed)
            return false
        }.run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        #expect(try await harness.targets(campaign.id).map(\.state) == [.failed, .failed])
        #expect(asked.load(ordering: .relaxed) > 0, "the runner asked whether the slot was wanted")
        #expect(try await harness.store.events(campaign.id).contains { $0.kind == "yielded" } == false)
    }

    @Test("A run paced by rate_per_minute keeps its slot while it has devices to push; it yields once all wait")
    func rateLimitedKeepsSlot() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("rate_per_minute: 1\ndevice_deadline: 1h"),
            scenario: Scenario(devices: 3, onlineRatio: 0, informIntervalSeconds: 0)
        )
        let campaign = try await harness.create()
        let yielded = try await Self.runner(harness) { true }.run(campaign.id, spec: harness.spec)
        #expect(yielded.status == .running)
        let events = try await harness.store.events(campaign.id)
        let pushes = events.filter { $0.kind == "pushed" }.map(\.at)
        #expect(pushes.count == 3, "every device pushed before the slot is handed back")
        let yield = try #require(events.first { $0.kind == "yielded" })
        #expect(yield.at - (pushes.max() ?? 0) >= 10_000)
        #expect(
            yielded.statusReason
                == "not running: yielded its runner slot while its 3 devices wait; resumes when a slot frees"
        )
    }

    @Test("An offline canary: the run waiting to open the next wave yields, and the next wave is not pushed")
    func waveGateYields() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("waves: [{canary: 1}, 1]\ndevice_deadline: 1h"),
            scenario: Scenario(devices: 2, onlineRatio: 0, informIntervalSeconds: 0)
        )
        let campaign = try await harness.create()
        let yielded = try await Self.runner(harness) { true }.run(campaign.id, spec: harness.spec)
        #expect(yielded.status == .running)
        #expect(
            yielded.statusReason
                == "not running: yielded its runner slot while its 1 device waits; resumes when a slot frees"
        )
        let counts = try await harness.store.counts(campaign.id)
        #expect(counts[.pushed] == 1 && counts[.pending] == 1, "\(counts)")
        #expect(harness.tasksCreated("download") == 1)
    }
}

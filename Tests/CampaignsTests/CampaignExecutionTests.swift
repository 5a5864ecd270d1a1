import Campaigns
import GenieACSStandIn
import Synchronization
import Testing

/// `CampaignExecution` is the one assembly of a run that `ferrule campaign run|resume` and the
/// server's scheduler share: PON plane first, then the resume, then the engine, then the counts.
@Suite struct CampaignExecutionTests {
    /// A firmware campaign with `rollout` over `devices` devices, created and paused by an operator.
    static func paused(_ rollout: String, devices: Int) async throws -> (RunnerHarness, CampaignRecord) {
        let harness = try RunnerHarness(RunnerHarness.firmware(rollout), scenario: Scenario(devices: devices))
        let campaign = try await harness.create()
        _ = try await CampaignControl(store: harness.store).pause(campaign.id)
        return (harness, campaign)
    }

    @Test("resume clears the pause and runs to the end; the summary counts every device")
    func resumeRunsToTheEnd() async throws {
        let (harness, campaign) = try await Self.paused("retries: 0", devices: 3)
        let execution = CampaignExecution(store: harness.store, acs: harness.genieacs.nbi, clock: harness.clock)
        let result = try await execution.run(campaign.id, spec: harness.spec, resuming: true)
        #expect(result.campaign.status == .completed)
        #expect(result.isClean)
        #expect(result.summary == "campaign \(campaign.id) completed: 3 succeeded, 0 failed, 0 skipped")
    }

    @Test("without resuming, a paused campaign is refused and stays paused")
    func pausedWithoutResume() async throws {
        let (harness, campaign) = try await Self.paused("retries: 0", devices: 2)
        let execution = CampaignExecution(store: harness.store, acs: harness.genieacs.nbi, clock: harness.clock)
        let error = await #expect(throws: CampaignError.self) {
            _ = try await execution.run(campaign.id, spec: harness.spec)
        }
        #expect(error?.description.contains("ferrule campaign resume") == true)
        #expect(try await harness.store.campaign(campaign.id)?.status == .paused)
        #expect(harness.tasksCreated("download") == 0)
    }

    @Test("a PON plane that cannot be read fails the resume before the pause is cleared; nothing pushed")
    func unreadablePlaneChangesNothing() async throws {
        let (harness, campaign) = try await Self.paused("max_per_pon: 2", devices: 3)
        var execution = CampaignExecution(store: harness.store, acs: harness.genieacs.nbi, clock: harness.clock)
        execution.ponPlane = StubPlaneLoader(result: .failure(UnreadablePlane()))
        await #expect(throws: UnreadablePlane.self) {
            _ = try await execution.run(campaign.id, spec: harness.spec, resuming: true)
        }
        #expect(try await harness.store.campaign(campaign.id)?.status == .paused)
        #expect(harness.tasksCreated("download") == 0)
    }

    @Test("the loader is asked for the rollout's PON keys and its topology reaches the engine")
    func planeReachesTheEngine() async throws {
        let harness = try RunnerHarness(RunnerHarness.firmware("max_per_pon: 2"), scenario: Scenario(devices: 3))
        let campaign = try await harness.create()
        let targets = try await harness.targets(campaign.id)
        let plane = FakePONPlane(
            placements: Dictionary(
                uniqueKeysWithValues: targets.map { ($0.deviceID, PONPlacement(olt: "olt1", pon: "1")) }
            ),
            clock: harness.clock
        )
        let loader = StubPlaneLoader(result: .success(plane))
        var execution = CampaignExecution(store: harness.store, acs: harness.genieacs.nbi, clock: harness.clock)
        execution.ponPlane = loader
        let result = try await execution.run(campaign.id, spec: harness.spec)
        #expect(result.campaign.status == .completed)
        #expect(result.counts[.succeeded] == 3)
        #expect(loader.asked.withLock { $0.map(\.maxPerPON) } == [2])
    }
}

/// A PON plane loader that hands out one topology (no alarm plane) or fails, and records what it was asked.
final class StubPlaneLoader: PONPlaneLoader {
    let result: Result<FakePONPlane, UnreadablePlane>
    let asked = Mutex<[PONRollout]>([])

    init(result: Result<FakePONPlane, UnreadablePlane>) { self.result = result }

    func load(for rollout: PONRollout, clock: any CampaignClock) async throws -> (
        topology: (any PONTopology)?, health: (any PlaneHealth)?
    ) {
        asked.withLock { $0.append(rollout) }
        return (try result.get(), nil)
    }
}

struct UnreadablePlane: Error {}

import Campaigns
import FerruleJSON
import GenieACS
import GenieACSStandIn
import Synchronization
import Testing

/// The runner with a PON topology and alarm plane (fakes) against an in-memory GenieACS on a test
/// clock: caps per OLT and PON port, the canary spread, the signal-lost pause and the storm hold.
@Suite struct PONRunnerTests {
    /// Every device id in the in-memory GenieACS, in `_id` order.
    private static func deviceIDs(_ harness: RunnerHarness) async throws -> [String] {
        let items = try await harness.genieacs.nbi.query(.devices, CollectionQuery(projection: ["_id"])).items
        return items.compactMap { $0["_id"]?.stringValue }.sorted()
    }

    /// Runs the campaign with `plane` as topology and health; returns the final record and reports.
    private static func run(
        _ harness: RunnerHarness,
        plane: FakePONPlane,
        pollInterval: Duration = .seconds(2)
    ) async throws -> (CampaignRecord, [CampaignProgress]) {
        var creator = CampaignCreator(store: harness.store, acs: harness.genieacs.nbi, clock: harness.clock)
        creator.ponTopology = plane
        let campaign = try await creator.create(harness.spec, specText: "test").record
        var runner = harness.runner(pollInterval: pollInterval)
        runner.ponTopology = plane
        runner.planeHealth = plane
        let reports = Mutex<[CampaignProgress]>([])
        let final = try await runner.run(campaign.id, spec: harness.spec) { report in
            reports.withLock { $0.append(report) }
        }
        return (final, reports.withLock { $0 })
    }

    /// The most devices of one group in flight at once, from push and finish times.
    private static func peak(_ targets: [TargetRecord], group: (String) -> String?) -> [String: Int] {
        var out: [String: Int] = [:]
        for target in targets {
            guard let at = target.firstPushedAt, let key = group(target.deviceID) else { continue }
            let flying = targets.filter { other in
                guard group(other.deviceID) == key, let start = other.firstPushedAt else { return false }
                return start <= at && (other.finishedAt ?? .infinity) > at
            }
            out[key] = max(out[key] ?? 0, flying.count)
        }
        return out
    }

    @Test("max_per_olt and max_per_pon: never more in flight per OLT or PON port than the caps, and the caps bind")
    func caps() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("max_concurrent: 50\nmax_per_olt: 3\nmax_per_pon: 2"),
            scenario: Scenario(devices: 12)
        )
        let ids = try await Self.deviceIDs(harness)
        var placements: [String: PONPlacement] = [:]
        for (i, id) in ids.enumerated() {
            placements[id] = PONPlacement(olt: i % 2 == 0 ? "A" : "B", pon: (i / 2) % 2 == 0 ? "1" : "2")
        }
        let plane = FakePONPlane(placements: placements, clock: harness.clock)
        let (final, _) = try await Self.run(harness, plane: plane)
        #expect(final.status == .completed)
        let targets = try await harness.targets(final.id)
        #expect(targets.allSatisfy { $0.state == .succeeded })
        let perOLT = Self.peak(targets) { placements[$0]?.olt }
        let perPON = Self.peak(targets) { placements[$0].map(\.description) }
        #expect(perOLT.values.allSatisfy { $0 <= 3 }, "\(perOLT)")
        #expect(perPON.values.allSatisfy { $0 <= 2 }, "\(perPON)")
        #expect(perOLT.values.max() == 3, "the OLT cap never bound: \(perOLT)")
        #expect(perPON.values.max() == 2, "the PON cap never bound: \(perPON)")
    }

    @Test("caps with devices the topology cannot place: an unplaced event names how many and one of them")
    func unplacedDevices() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("max_concurrent: 50\nmax_per_pon: 1"),
            scenario: Scenario(devices: 4)
        )
        let ids = try await Self.deviceIDs(harness)
        let placements = [ids[0]: PONPlacement(olt: "A", pon: "1"), ids[1]: PONPlacement(olt: "A", pon: "1")]
        let plane = FakePONPlane(placements: placements, clock: harness.clock)
        let (final, _) = try await Self.run(harness, plane: plane)
        #expect(final.status == .completed)
        let events = try await harness.store.events(final.id).filter { $0.kind == "unplaced" }
        #expect(events.count == 1, "\(events)")
        #expect(events.first?.detail.hasPrefix("2 of 4 pending device(s) have no PON placement") == true, "\(events)")
        #expect(events.first?.detail.contains(ids[2]) == true, "\(events)")
        #expect(events.first?.detail.hasSuffix("max_per_pon do not hold them back") == true, "\(events)")
    }

    @Test("canary_spread: the canary wave takes devices across OLTs instead of the first N")
    func canarySpread() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("waves: [{canary: 4}, 100]\ncanary_spread: true"),
            scenario: Scenario(devices: 12)
        )
        let ids = try await Self.deviceIDs(harness)
        var placements: [String: PONPlacement] = [:]
        // The first eight (by _id) on OLT A, the last four on OLT B: the first 4 would all be on A.
        for (i, id) in ids.enumerated() { placements[id] = PONPlacement(olt: i < 8 ? "A" : "B", pon: "1") }
        let plane = FakePONPlane(placements: placements, clock: harness.clock)
        let (final, _) = try await Self.run(harness, plane: plane)
        #expect(final.status == .completed)
        let canary = try await harness.targets(final.id).filter { $0.ordinal < 4 }
        let olts = Set(canary.compactMap { placements[$0.deviceID]?.olt })
        #expect(olts == ["A", "B"], "canary on \(olts)")
        #expect(Set(canary.map(\.deviceID)).count == 4)
    }

    @Test("pon_health: signal-lost raises from pushed ONUs pause the campaign with the PON and the counts")
    func healthPause() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("max_concurrent: 4\npon_health: {max_signal_lost: 1, window: 10m, grace: 0s}"),
            scenario: Scenario(devices: 20)
        )
        let ids = try await Self.deviceIDs(harness)
        var placements: [String: PONPlacement] = [:]
        for (i, id) in ids.enumerated() { placements[id] = PONPlacement(olt: i % 2 == 0 ? "olt-A" : "olt-B", pon: "1") }
        let plane = FakePONPlane(placements: placements, clock: harness.clock)
        plane.brick(ids.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
        let (final, _) = try await Self.run(harness, plane: plane)
        #expect(final.status == .paused)
        let reason = try #require(final.statusReason)
        #expect(reason.hasPrefix("PON health: 2 of 4 device(s) pushed in the last 10m"), "\(reason)")
        #expect(reason.contains("were not back within 0s"), "\(reason)")
        #expect(reason.contains("most on olt-A PON 1 (2)"), "\(reason)")
        let pushed = try await harness.targets(final.id).filter { $0.firstPushedAt != nil }
        #expect(pushed.count == 4, "the campaign went on after the bricked ONUs: \(pushed.count) pushed")
    }

    @Test("pon_health: ONUs that go down on their push and are back within the grace (an upgrade's reboot) never pause")
    func healthRebootIsNotLoss() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("max_concurrent: 4\npon_health: {max_signal_lost: 1, window: 10m, grace: 3m}"),
            scenario: Scenario(devices: 12)
        )
        let ids = try await Self.deviceIDs(harness)
        var placements: [String: PONPlacement] = [:]
        for id in ids { placements[id] = PONPlacement(olt: "olt-A", pon: "1") }
        let plane = FakePONPlane(placements: placements, clock: harness.clock)
        plane.reboot(ids, downFor: 2 * 60_000)
        let (final, _) = try await Self.run(harness, plane: plane)
        #expect(final.status == .completed, "\(final.statusReason ?? "")")
        #expect(try await harness.targets(final.id).allSatisfy { $0.state == .succeeded })
    }

    @Test("pon_health: an ONU down longer than the grace counts as lost, and only once the grace has passed")
    func healthGraceThenLoss() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware(
                "max_concurrent: 4\nrate_per_minute: 4\npon_health: {max_signal_lost: 1, window: 10m, grace: 3m}"
            ),
            scenario: Scenario(devices: 20)
        )
        let ids = try await Self.deviceIDs(harness)
        var placements: [String: PONPlacement] = [:]
        for id in ids { placements[id] = PONPlacement(olt: "olt-A", pon: "1") }
        let plane = FakePONPlane(placements: placements, clock: harness.clock)
        // Two ONUs stay down 4 minutes: beyond the grace.
        plane.reboot(ids.prefix(2), downFor: 4 * 60_000)
        let (final, _) = try await Self.run(harness, plane: plane)
        #expect(final.status == .paused)
        let reason = try #require(final.statusReason)
        #expect(reason.contains("lost signal or power and were not back within 3m"), "\(reason)")
        let pausedAt = harness.clock.now()
        let firstPush = try #require(try await harness.targets(final.id).compactMap(\.firstPushedAt).min())
        #expect(pausedAt - firstPush >= 3 * 60_000, "paused before the grace passed")
    }

    @Test("storm_hold: devices on a stormy PON stay pending while others go, and go once the storm clears")
    func stormHold() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("storm_hold: true"),
            scenario: Scenario(devices: 8)
        )
        let ids = try await Self.deviceIDs(harness)
        var placements: [String: PONPlacement] = [:]
        for (i, id) in ids.enumerated() { placements[id] = PONPlacement(olt: i % 2 == 0 ? "A" : "B", pon: "1") }
        let plane = FakePONPlane(placements: placements, clock: harness.clock)
        let clears = RunnerHarness.monday + 30 * 60_000
        plane.storm(PONPlacement(olt: "A", pon: "1"), until: clears)
        let (final, reports) = try await Self.run(harness, plane: plane, pollInterval: .seconds(60))
        #expect(final.status == .completed)
        let targets = try await harness.targets(final.id)
        #expect(targets.allSatisfy { $0.state == .succeeded })
        for target in targets {
            let pushedAt = try #require(target.firstPushedAt)
            if placements[target.deviceID]?.olt == "A" {
                #expect(pushedAt >= clears, "\(target.deviceID) pushed during the storm")
            } else {
                #expect(pushedAt < clears, "\(target.deviceID) waited for another PON's storm")
            }
        }
        #expect(reports.contains { $0.waiting == "holding 4 device(s) on A PON 1 (active storm)" })
    }
}

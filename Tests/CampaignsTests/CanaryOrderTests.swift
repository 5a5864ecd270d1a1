import Campaigns
import FerruleCore
import FerruleJSON
import GenieACS
import GenieACSStandIn
import Testing

/// The canary wave holds as many devices to push as it says: targets frozen as already done take
/// no canary place, with or without `canary_spread`.
@Suite struct CanaryOrderTests {
    /// The fleet's device ids, sorted as GenieACS lists them.
    static func deviceIDs(_ harness: RunnerHarness) async throws -> [String] {
        let items = try await harness.genieacs.nbi.query(.devices, CollectionQuery(projection: ["_id"])).items
        return items.compactMap { $0["_id"]?.stringValue }.sorted()
    }

    /// Upgrades `ids` to FW2 with a campaign of their own, run to its end.
    static func upgrade(_ ids: [String], _ harness: RunnerHarness) async throws {
        let list = ids.map { "\"\($0)\"" }.joined(separator: ", ")
        var diagnostics = DiagnosticCollector()
        let spec = try #require(
            CampaignFile.parse(
                """
                name: first
                firmware: {file: FW2.bin, target_version: FW2}
                devices: {id: {$in: [\(list)]}}

                """,
                file: "first.yaml",
                diagnostics: &diagnostics
            ),
            "\(diagnostics.sorted)"
        )
        let created = try await CampaignCreator(store: harness.store, acs: harness.genieacs.nbi, clock: harness.clock)
            .create(spec, specText: "first")
        let final = try await harness.runner().run(created.record.id, spec: spec)
        #expect(final.status == .completed)
        #expect(try await harness.targets(created.record.id).allSatisfy { $0.state == .succeeded })
    }

    @Test("without canary_spread: the first devices by _id already on the target version take no canary place")
    func canarySkipsAlreadyDone() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("waves: [{canary: 3}, 100]"),
            scenario: Scenario(devices: 10)
        )
        let ids = try await Self.deviceIDs(harness)
        let done = Array(ids.prefix(3))
        try await Self.upgrade(done, harness)

        let campaign = try await harness.create()
        let targets = try await harness.targets(campaign.id)
        #expect(targets.count == 10)
        let canary = targets.filter { $0.ordinal < 3 }
        #expect(canary.map(\.state) == [.pending, .pending, .pending], "\(canary.map(\.deviceID))")
        #expect(canary.map(\.deviceID) == Array(ids[3..<6]), "the first pending devices by _id, in order")
        let skipped = targets.filter { $0.state == .skipped }
        #expect(Set(skipped.map(\.deviceID)) == Set(done))
        #expect(skipped.allSatisfy { $0.errorCode == "already-done" })

        // The canary pushes three devices and nothing else until they have finished.
        let final = try await harness.runner().run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        let pushes = try await harness.pushTimes(campaign.id)
        let first = try #require(pushes.values.compactMap(\.first).min())
        let canaryPushes = pushes.filter { $0.value.first == first }.keys.sorted()
        #expect(canaryPushes == Array(ids[3..<6]), "\(pushes)")
        #expect(pushes.count == 7, "every pending device pushed once")
    }
}

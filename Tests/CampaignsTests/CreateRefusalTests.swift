import Campaigns
import FerruleJSON
import GenieACS
import GenieACSStandIn
import Testing

/// `campaign create` (and every REST route that creates a campaign) refuses what would push a
/// device twice or flash the wrong model; nothing is stored then.
@Suite struct CreateRefusalTests {
    @Test("a second campaign over devices an open campaign targets is refused naming it; after a cancel it is created")
    func overlapRefused() async throws {
        let harness = try RunnerHarness(RunnerHarness.firmware("max_concurrent: 2"), scenario: Scenario(devices: 3))
        let first = try await harness.create()
        let refusal = await #expect(throws: CampaignOverlapError.self) { try await harness.create() }
        #expect(refusal?.campaignID == first.id)
        #expect(refusal?.devices == 3)
        #expect(refusal?.description.contains("open campaign \(first.id) (created)") == true)
        #expect(try await harness.store.campaigns().map(\.id) == [first.id], "nothing of the refused one is stored")

        _ = try await CampaignControl(store: harness.store, clock: harness.clock)
            .cancel(first.id, acs: harness.genieacs.nbi, rollout: harness.spec.rollout)
        let second = try await harness.create()
        #expect(second.id != first.id)
        #expect(try await harness.targets(second.id).count == 3)
    }

    @Test("a firmware file GenieACS records for another OUI and product class is refused, naming the models")
    func wrongModelRefused() async throws {
        let harness = try RunnerHarness(RunnerHarness.firmware("max_concurrent: 2"), scenario: Scenario(devices: 2))
        let devices = try await harness.genieacs.nbi.query(.devices, CollectionQuery(projection: ["_deviceId"])).items
        let model = try #require(devices.first?["_deviceId"])
        let oui = try #require(model["_OUI"]?.stringValue)
        let productClass = try #require(model["_ProductClass"]?.stringValue)

        let wrong = fileFor(oui: "3C52A1", productClass: "EX220", base: harness.genieacs.nbi)
        let refusal = await #expect(throws: FirmwareModelError.self) {
            try await CampaignCreator(store: harness.store, acs: wrong, clock: harness.clock)
                .create(harness.spec, specText: "test")
        }
        #expect(refusal?.devices == 2)
        #expect(refusal?.description.contains("OUI 3C52A1, product class EX220") == true)
        #expect(refusal?.description.contains("\(oui)/\(productClass) (2)") == true, "\(String(describing: refusal))")
        #expect(try await harness.store.campaigns().isEmpty)

        // The devices' own model (the OUI in lower case: hex digits) is accepted.
        let right = fileFor(oui: oui.lowercased(), productClass: productClass, base: harness.genieacs.nbi)
        let created = try await CampaignCreator(store: harness.store, acs: right, clock: harness.clock)
            .create(harness.spec, specText: "test").record
        #expect(try await harness.targets(created.id).count == 2)
    }
}

/// The in-memory GenieACS, with `FW2.bin` recorded for `oui` / `productClass`.
private func fileFor(oui: String, productClass: String, base: any GenieACSNBI) -> HookedNBI {
    HookedNBI(
        base,
        answer: { collection, _ in
            guard collection == .files else { return nil }
            let metadata = JSONValue.object([
                ("fileType", .string("1 Firmware Upgrade Image")), ("oui", .string(oui)),
                ("productClass", .string(productClass)), ("version", .string("FW2")),
            ])
            return CollectionPage(items: [.object([("_id", .string("FW2.bin")), ("metadata", metadata)])], total: 1)
        }
    )
}

import Campaigns
import FerruleJSON
import FerruleTestSupport
import Foundation
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

    @Test(
        "a campaign over devices an open campaign of a store beside it targets (ferrule serve's tenant or state-directory store) is refused and deleted"
    )
    func neighbourOverlapRefused() async throws {
        let harness = try RunnerHarness(RunnerHarness.firmware("max_concurrent: 2"), scenario: Scenario(devices: 3))
        let root = try Scratch.directory("ferrule-state")
        let tenantDirectory = root.appendingPathComponent("tenants/acme")
        try FileManager.default.createDirectory(at: tenantDirectory, withIntermediateDirectories: true)
        let tenantStore = try CampaignStore(path: tenantDirectory.appendingPathComponent("campaigns.sqlite").path)
        let operatorStore = try CampaignStore(path: root.appendingPathComponent("campaigns.sqlite").path)
        let tenantCampaign = try await CampaignCreator(
            store: tenantStore,
            acs: harness.genieacs.nbi,
            clock: harness.clock
        )
        .create(harness.spec, specText: "test").record

        // The CLI's view: the state directory's store has the tenant's store beside it.
        let beside = CampaignNeighbour.around(storePath: operatorStore.path)
        #expect(beside.neighbours.map(\.owner) == [.tenant("acme")] && beside.problems.isEmpty)
        var creator = CampaignCreator(store: operatorStore, acs: harness.genieacs.nbi, clock: harness.clock)
        creator.neighbours = beside.neighbours
        let refusal = await #expect(throws: CampaignOverlapError.self) {
            try await creator.create(harness.spec, specText: "test")
        }
        #expect(refusal?.campaignID == tenantCampaign.id && refusal?.devices == 3)
        #expect(refusal?.neighbour?.owner == .tenant("acme"))
        #expect(refusal?.description.contains("tenant acme's open campaign \(tenantCampaign.id)") == true)
        #expect(try await operatorStore.campaigns().isEmpty, "nothing of the refused campaign is left")

        // And the other way: a tenant store sees the state directory's store.
        let fromTenant = CampaignNeighbour.around(storePath: tenantStore.path)
        #expect(fromTenant.neighbours.map(\.owner) == [.operatorStore])

        // Once the tenant's campaign is cancelled, the operator's is created.
        _ = try await CampaignControl(store: tenantStore, clock: harness.clock)
            .cancel(tenantCampaign.id, acs: harness.genieacs.nbi, rollout: harness.spec.rollout)
        let created = try await creator.create(harness.spec, specText: "test").record
        #expect(try await operatorStore.campaigns().map(\.id) == [created.id])
    }

    @Test("only campaigns on the same GenieACS count: URLs compare by scheme, host, port and path")
    func sameGenieACS() {
        let identity = CampaignNeighbour.acsIdentity
        #expect(identity("HTTP://ACS.example/") == identity("http://acs.example:80"))
        #expect(identity("https://acs.example/nbi/") == identity("https://user:pw@acs.example:443/nbi"))
        #expect(identity("http://acs.example:7557") != identity("http://acs.example"))
        #expect(identity("http://acs-a.example:7557") != identity("http://acs-b.example:7557"))
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

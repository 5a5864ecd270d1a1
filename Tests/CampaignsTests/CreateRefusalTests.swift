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

        let wrong = FileMetadataNBI(base: harness.genieacs.nbi, oui: "3C52A1", productClass: "EX220")
        let refusal = await #expect(throws: FirmwareModelError.self) {
            try await CampaignCreator(store: harness.store, acs: wrong, clock: harness.clock)
                .create(harness.spec, specText: "test")
        }
        #expect(refusal?.devices == 2)
        #expect(refusal?.description.contains("OUI 3C52A1, product class EX220") == true)
        #expect(refusal?.description.contains("\(oui)/\(productClass) (2)") == true, "\(String(describing: refusal))")
        #expect(try await harness.store.campaigns().isEmpty)

        // The devices' own model (the OUI in lower case: hex digits) is accepted.
        let right = FileMetadataNBI(base: harness.genieacs.nbi, oui: oui.lowercased(), productClass: productClass)
        let created = try await CampaignCreator(store: harness.store, acs: right, clock: harness.clock)
            .create(harness.spec, specText: "test")
        #expect(try await harness.targets(created.id).count == 2)
    }
}

/// Answers the `files` collection with one file whose metadata names a model; forwards the rest.
private struct FileMetadataNBI: GenieACSNBI {
    let base: any GenieACSNBI
    let oui: String
    let productClass: String

    var baseURL: String { base.baseURL }

    func query(_ collection: NBICollection, _ query: CollectionQuery) async throws -> CollectionPage {
        guard collection == .files else { return try await base.query(collection, query) }
        let metadata = JSONValue.object([
            ("fileType", .string("1 Firmware Upgrade Image")), ("oui", .string(oui)),
            ("productClass", .string(productClass)), ("version", .string("FW2")),
        ])
        return CollectionPage(items: [.object([("_id", .string("FW2.bin")), ("metadata", metadata)])], total: 1)
    }

    func submit(_ request: TaskRequest, to device: String, connectionRequest: Bool, sessionStart: Duration?)
        async throws -> TaskSubmission
    {
        try await base.submit(request, to: device, connectionRequest: connectionRequest, sessionStart: sessionStart)
    }
    func connectionRequest(to device: String) async throws -> ConnectionRequestResult {
        try await base.connectionRequest(to: device)
    }
    func deleteTask(_ id: String) async throws { try await base.deleteTask(id) }
    func putPreset(_ name: String, _ document: JSONValue) async throws { try await base.putPreset(name, document) }
    func deletePreset(_ name: String) async throws { try await base.deletePreset(name) }
    func putScript(_ kind: ScriptKind, _ name: String, script: String) async throws {
        try await base.putScript(kind, name, script: script)
    }
    func deleteScript(_ kind: ScriptKind, _ name: String) async throws { try await base.deleteScript(kind, name) }
    func putObject(_ name: String, _ document: JSONValue) async throws { try await base.putObject(name, document) }
    func deleteObject(_ name: String) async throws { try await base.deleteObject(name) }
}

import Campaigns
import FerruleJSON
import GenieACS
import GenieACSStandIn
import Synchronization
import Testing

/// The firmware file's model (`metadata.oui` / `metadata.productClass`) is held against the devices left to push
/// at every start of a run and before every push, not only at `campaign create`: the file may be uploaded after the
/// create (a missing file is only a warning there), or replaced under the same name (GenieACS 1.2.16 `PUT
/// /files/<name>` deletes and stores again, lib/nbi.ts:493-524). A refused `resume` leaves the campaign paused.
@Suite struct FirmwareModelAtRunTests {
    /// A firmware campaign of `FW3.bin` (which the in-memory GenieACS lacks) over 2 TR-098 devices.
    static func harness(rollout: String = "retries: 0") throws -> RunnerHarness {
        try RunnerHarness(
            """
            name: fw
            firmware: {file: FW3.bin, target_version: FW2}
            devices: {all: true}
            rollout: {\(rollout), device_deadline: 10m}

            """,
            scenario: Scenario(devices: 2)
        )
    }

    /// The devices' own OUI and product class.
    static func deviceModel(_ harness: RunnerHarness) async throws -> (oui: String, productClass: String) {
        let devices = try await harness.genieacs.nbi.query(.devices, CollectionQuery(projection: ["_deviceId"])).items
        let model = try #require(devices.first?["_deviceId"])
        return (try #require(model["_OUI"]?.stringValue), try #require(model["_ProductClass"]?.stringValue))
    }

    @Test("a file for another model uploaded after create: run and resume refuse before any push, state kept")
    func uploadedAfterCreate() async throws {
        let harness = try Self.harness()
        let campaign = try await MissingFirmwareFileTests.create(harness).record
        let own = try await Self.deviceModel(harness)
        try await harness.genieacs.nbi.uploadFile(
            "FW3.bin",
            contents: [1],
            metadata: FileMetadata(oui: "3C52A1", productClass: "EX220", version: "FW2")
        )
        let error = await #expect(throws: CampaignError.self) {
            _ = try await harness.runner().run(campaign.id, spec: harness.spec)
        }
        let text = error?.description ?? ""
        #expect(text.contains("firmware file FW3.bin is for OUI 3C52A1, product class EX220"), "\(text)")
        #expect(text.contains("2 of the pending device(s) are other models: \(own.oui)/\(own.productClass) (2)"))
        #expect(text.contains("nothing was pushed and the campaign keeps its state"), "\(text)")
        #expect(harness.tasksCreated("download") == 0)
        #expect(try await harness.store.campaign(campaign.id)?.status == .created)

        // Paused, then resumed: refused the same way, and still paused with no `resumed` event.
        _ = try await CampaignControl(store: harness.store, clock: harness.clock).pause(campaign.id)
        let execution = CampaignExecution(store: harness.store, acs: harness.genieacs.nbi, clock: harness.clock)
        await #expect(throws: CampaignError.self) {
            _ = try await execution.run(campaign.id, spec: harness.spec, resuming: true)
        }
        #expect(try await harness.store.campaign(campaign.id)?.status == .paused)
        #expect(try await !harness.store.events(campaign.id).contains { $0.kind == "resumed" })
        #expect(harness.tasksCreated("download") == 0)

        // The image for the devices' own model under the same name: the resume runs it.
        try await harness.genieacs.nbi.uploadFile(
            "FW3.bin",
            contents: [2],
            metadata: FileMetadata(oui: own.oui.lowercased(), productClass: own.productClass, version: "FW2")
        )
        let result = try await execution.run(campaign.id, spec: harness.spec, resuming: true)
        #expect(result.campaign.status == .completed)
        #expect(harness.tasksCreated("download") == 2)
    }

    @Test("a resume refused for a missing file leaves a started campaign paused, and a never-started one too")
    func resumeRefusedKeepsPause() async throws {
        for started in [true, false] {
            let harness = try Self.harness(rollout: "retries: 0, max_concurrent: 1, connection_request: false")
            let campaign = try await MissingFirmwareFileTests.create(harness).record
            let control = CampaignControl(store: harness.store, clock: harness.clock)
            if started {
                // Run until an operator pauses it at its first push; then the file goes.
                try await harness.genieacs.nbi.uploadFile(
                    "FW3.bin",
                    contents: [1],
                    metadata: FileMetadata(version: "FW2")
                )
                let pausing = HookedNBI(
                    harness.genieacs.nbi,
                    onSubmit: { count in
                        if count == 1 { _ = try await control.pause(campaign.id) }
                    }
                )
                let paused = try await CampaignRunner(store: harness.store, acs: pausing, clock: harness.clock)
                    .run(campaign.id, spec: harness.spec)
                #expect(paused.status == .paused && paused.startedAt != nil)
                try await harness.genieacs.nbi.deleteFile("FW3.bin")
            } else {
                _ = try await control.pause(campaign.id)
            }
            let before = try await harness.store.campaign(campaign.id)
            let execution = CampaignExecution(store: harness.store, acs: harness.genieacs.nbi, clock: harness.clock)
            let error = await #expect(throws: CampaignError.self) {
                _ = try await execution.run(campaign.id, spec: harness.spec, resuming: true)
            }
            #expect(error?.description.contains("is not among the files") == true)
            let after = try await harness.store.campaign(campaign.id)
            #expect(after?.status == .paused, "started: \(started)")
            #expect(after?.statusReason == before?.statusReason)
            #expect(try await !harness.store.events(campaign.id).contains { $0.kind == "resumed" })
        }
    }

    @Test("the file replaced by another model's image during the run: paused before the next push")
    func replacedDuringRun() async throws {
        let harness = try Self.harness(rollout: "retries: 0, max_concurrent: 1")
        try await harness.genieacs.nbi.uploadFile("FW3.bin", contents: [1], metadata: FileMetadata(version: "FW2"))
        let campaign = try await MissingFirmwareFileTests.create(harness).record
        let replaced = Mutex(false)
        let wrong = JSONValue.object([
            ("_id", .string("FW3.bin")),
            ("metadata", .object([("oui", .string("3C52A1")), ("productClass", .string("EX220"))])),
        ])
        let acs = HookedNBI(
            harness.genieacs.nbi,
            onSubmit: { _ in replaced.withLock { $0 = true } },
            answer: { collection, _ in
                guard collection == .files, replaced.withLock({ $0 }) else { return nil }
                return CollectionPage(items: [wrong], total: 1)
            }
        )
        let runner = CampaignRunner(store: harness.store, acs: acs, clock: harness.clock)
        let final = try await runner.run(campaign.id, spec: harness.spec)
        #expect(final.status == .paused)
        let reason = final.statusReason ?? ""
        #expect(reason.contains("firmware file FW3.bin is for OUI 3C52A1, product class EX220"), "\(reason)")
        #expect(reason.contains("the file changed after the run started"), "\(reason)")
        #expect(acs.submitCalls == 1, "the second device is never pushed")
    }

    @Test("a device id's model: OUI case-insensitive, product class exact and escaped, other forms refused")
    func deviceIDModels() {
        func refused(_ ids: [String], oui: String?, productClass: String?) -> Int {
            do {
                try FirmwareModelCheck.check(
                    deviceIDs: ids,
                    file: "f",
                    oui: oui,
                    productClass: productClass,
                    stage: .start(campaignID: "c")
                )
                return 0
            } catch {
                return error.devices
            }
        }
        #expect(refused(["00E0FC-HG8245H-SN%2D1"], oui: "00e0fc", productClass: "HG8245H") == 0)
        #expect(refused(["00E0FC-HG8245H-SN1"], oui: nil, productClass: "HG8245") == 1)
        #expect(refused(["00E0FC-A%20B-SN1"], oui: nil, productClass: "A B") == 0)
        #expect(refused(["00E0FC-SN1"], oui: "00E0FC", productClass: nil) == 0)
        #expect(refused(["00E0FC-SN1"], oui: nil, productClass: "HG8245H") == 1, "no product class in the id")
        #expect(refused(["nodashes", "a-b-c-d"], oui: "00E0FC", productClass: nil) == 2)
        #expect(refused(["3C52A1-EX220-1"], oui: nil, productClass: nil) == 0, "a file for any model")
    }
}

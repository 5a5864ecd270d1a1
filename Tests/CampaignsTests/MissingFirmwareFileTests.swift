import Campaigns
import FerruleCore
import FerruleJSON
import GenieACS
import GenieACSStandIn
import Testing

/// A firmware campaign whose `file` GenieACS does not serve (GenieACS 1.2.16 lib/fs.ts:102-108 answers 404 for a
/// name missing from `fs.files`): `campaign create` warns, since the file may be uploaded before the start; the
/// runner refuses to start while it is missing, before any push.
@Suite struct MissingFirmwareFileTests {
    /// A firmware campaign of `file` over 3 TR-098 devices (the in-memory GenieACS has `FW2.bin`).
    static func harness(file: String) throws -> RunnerHarness {
        let yaml = """
            name: fw
            firmware: {file: \(file), target_version: FW2}
            devices: {all: true}
            rollout: {retries: 0, device_deadline: 10m}

            """
        return try RunnerHarness(yaml, scenario: Scenario(devices: 3))
    }

    static func create(_ harness: RunnerHarness, namingACS: Bool = true) async throws -> CampaignCreation {
        var creator = CampaignCreator(store: harness.store, acs: harness.genieacs.nbi, clock: harness.clock)
        creator.namesACSAddress = namingACS
        return try await creator.create(harness.spec, specText: "test")
    }

    @Test("a file GenieACS lacks: created with warning[missing-firmware-file] at `file`, naming the file and the ACS")
    func warnsAtCreate() async throws {
        let harness = try Self.harness(file: "FW3.bin")
        let created = try await Self.create(harness)
        let warning = try #require(created.warnings.first { $0.code == .missingFirmwareFile }, "\(created.warnings)")
        #expect(warning.location == SourceLocation(file: "test.yaml", line: 2, column: 18))
        let text = warning.diagnostic.description
        #expect(
            text.hasPrefix(
                "test.yaml:2:18: warning[missing-firmware-file]: firmware file \"FW3.bin\" is not among the files "
                    + "GenieACS at memory://genieacs serves (GET /files)"
            ),
            "\(text)"
        )
        #expect(text.contains("`ferrule acs files upload IMAGE --name FW3.bin --version VERSION`"), "\(text)")
        #expect(try await harness.store.counts(created.record.id)[.pending] == 3, "created all the same")

        // An API answer names no upstream address.
        let unnamed = try await Self.create(try Self.harness(file: "FW3.bin"), namingACS: false)
        let quiet = try #require(unnamed.warnings.first { $0.code == .missingFirmwareFile })
        #expect(quiet.message.hasPrefix("firmware file \"FW3.bin\" is not among the files GenieACS serves"))
        #expect(!quiet.diagnostic.description.contains("memory://"), "\(quiet.diagnostic)")
    }

    @Test("the in-memory GenieACS has the scenario's image: a campaign of it earns no warning")
    func knownFileNoWarning() async throws {
        let files = try await Self.harness(file: "FW2.bin").genieacs.nbi.query(.files, CollectionQuery()).items
        #expect(files.compactMap { $0["_id"]?.stringValue } == ["FW2.bin"])
        #expect(files.first?["metadata"]?["version"]?.stringValue == "FW2")
        #expect(try await Self.create(Self.harness(file: "FW2.bin")).warnings.isEmpty)
    }

    @Test("run refuses to start while GenieACS lacks the file, pushing nothing; once uploaded, it runs")
    func runRefusesUntilUploaded() async throws {
        let harness = try Self.harness(file: "FW3.bin")
        let campaign = try await Self.create(harness).record
        let error = await #expect(throws: CampaignError.self) {
            _ = try await harness.runner().run(campaign.id, spec: harness.spec)
        }
        let text = error?.description ?? ""
        #expect(text.contains("firmware file \"FW3.bin\" is not among the files the campaign's GenieACS serves"))
        #expect(!text.contains("memory://"), "a server's runner records it: no upstream address")
        #expect(text.contains("nothing was pushed"), "\(text)")
        #expect(text.contains("`ferrule campaign run \(campaign.id)` again"), "\(text)")
        #expect(harness.tasksCreated("download") == 0)
        #expect(try await harness.store.campaign(campaign.id)?.status == .created)

        try await harness.genieacs.nbi.uploadFile(
            "FW3.bin",
            contents: [1, 2, 3],
            metadata: FileMetadata(version: "FW2")
        )
        let final = try await harness.runner().run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        #expect(try await harness.store.counts(campaign.id)[.succeeded] == 3)
        #expect(harness.tasksCreated("download") == 3)
    }
}

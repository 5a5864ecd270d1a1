import FerruleTestSupport
import Foundation
import Testing

/// A firmware campaign whose image GenieACS does not have: `create` warns (exit 0), `run` refuses before any push
/// (exit 1), and once the image is uploaded `run` completes.
@Suite("ferrule campaign: a firmware file GenieACS lacks (end to end)")
struct CampaignFirmwareFileEndToEndTests {
    @Test("create warns with warning[missing-firmware-file]; run refuses until the file is uploaded")
    func missingFile() async throws {
        let standIn = try await StandInProcess.start(devices: 2)
        defer { standIn.stop() }
        let state = try CampaignEndToEndTests.statePath()
        let file = try CampaignEndToEndTests.firmwareFile()
        let created = try await CampaignEndToEndTests.campaign(standIn, state, ["create", file])
        #expect(created.status == 0, "\(created.combined)")
        #expect(
            created.stderr.contains(
                "fw.yaml:3:9: warning[missing-firmware-file]: firmware file \"EX220-1.3.0.bin\" is not among the "
                    + "files GenieACS at \(standIn.url) serves"
            ),
            "\(created.stderr)"
        )
        #expect(created.stderr.contains("ferrule acs files upload IMAGE --name EX220-1.3.0.bin"), "\(created.stderr)")
        let id = try CampaignEndToEndTests.createdID(created)

        let refused = try await CampaignEndToEndTests.campaign(standIn, state, ["run", id, "--poll-interval", "0.1"])
        #expect(refused.status == 1, "\(refused.combined)")
        #expect(
            refused.stderr.contains("firmware file \"EX220-1.3.0.bin\" is not among the files"),
            "\(refused.stderr)"
        )
        #expect(refused.stderr.contains("nothing was pushed"), "\(refused.stderr)")
        #expect(try await CampaignEndToEndTests.tasksCreated(standIn, "download") == 0)

        try await CampaignEndToEndTests.upload(standIn)
        let run = try await CampaignEndToEndTests.campaign(standIn, state, ["run", id, "--poll-interval", "0.1"])
        #expect(run.status == 0, "\(run.combined)")
        #expect(try await CampaignEndToEndTests.tasksCreated(standIn, "download") == 2)
    }
}

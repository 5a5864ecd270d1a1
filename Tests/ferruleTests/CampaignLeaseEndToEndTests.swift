import FerruleTestSupport
import Foundation
import Testing

/// Two `ferrule campaign run` (or a `run` and a `resume`) of one campaign: the second is refused while the first
/// holds the campaign.
@Suite("ferrule campaign run: one runner per campaign (end to end)")
struct CampaignLeaseEndToEndTests {
    @Test("a second runner (`run`, or `resume` of the running campaign) exits 3 naming the first; one runner pushes")
    func secondRunnerRefused() async throws {
        let standIn = try await StandInProcess.start(devices: 3)
        defer { standIn.stop() }
        try await CampaignEndToEndTests.upload(standIn)
        let state = try CampaignEndToEndTests.statePath()
        // One push a minute: the first runner pushes one device and then holds the campaign, waiting.
        let file = try CampaignEndToEndTests.firmwareFile("  rate_per_minute: 1")
        let created = try await CampaignEndToEndTests.campaign(standIn, state, ["create", file])
        #expect(created.status == 0, "\(created.combined)")
        let id = try CampaignEndToEndTests.createdID(created)

        // Its first progress line comes after its first push, under the lease.
        let first = try await ServerProcess.start(
            FerruleRunner.executable,
            ["campaign", "run", id, "--poll-interval", "0.1", "--state", state, "--acs", standIn.url],
            environment: FerruleRunner.childEnvironment([:])
        )
        defer { first.forceStop() }
        let line = first.firstLine
        #expect(line.contains("%"), "\(line)")

        let show = try await CampaignEndToEndTests.campaign(standIn, state, ["show", id])
        #expect(show.stdout.contains("runner:   pid \(first.processIdentifier) on host"), "\(show.stdout)")

        let second = try await CampaignEndToEndTests.campaign(standIn, state, ["run", id, "--poll-interval", "0.1"])
        #expect(second.status == 3, "\(second.combined)")
        #expect(
            second.stderr.contains("is already being run by pid \(first.processIdentifier) on host"),
            "\(second.stderr)"
        )
        #expect(second.stderr.contains("last heartbeat"))

        // `resume` of the running campaign: nothing to resume (a note, not an error), then the same refusal.
        let resume = try await CampaignEndToEndTests.campaign(standIn, state, ["resume", id, "--poll-interval", "0.1"])
        #expect(resume.status == 3, "\(resume.combined)")
        #expect(
            resume.stderr.contains("note: campaign \(id) is running, not paused: nothing to resume"),
            "\(resume.stderr)"
        )
        #expect(
            resume.stderr.contains("is already being run by pid \(first.processIdentifier) on host"),
            "\(resume.stderr)"
        )
        #expect(try await CampaignEndToEndTests.tasksCreated(standIn, "download") == 1, "only the first runner pushed")
    }
}

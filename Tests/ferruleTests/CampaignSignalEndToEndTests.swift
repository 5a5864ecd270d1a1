import FerruleTestSupport
import Foundation
import Testing

/// `ferrule campaign run` stopped by SIGTERM, SIGINT or SIGHUP, as systemd, Ctrl-C or a dropped ssh
/// session stop it.
@Suite("ferrule campaign run: SIGTERM, SIGINT and SIGHUP (end to end)")
struct CampaignSignalEndToEndTests {
    @Test(
        "the step in flight finishes, the lease is given back, exit 128+signal; run again finishes, one task per device",
        arguments: [SIGTERM, SIGINT, SIGHUP]
    )
    func stopAndResume(number: Int32) async throws {
        let name = number == SIGINT ? "SIGINT" : number == SIGHUP ? "SIGHUP" : "SIGTERM"
        let standIn = try await StandInProcess.start(devices: 2)
        defer { standIn.stop() }
        try await CampaignEndToEndTests.upload(standIn)
        let state = try CampaignEndToEndTests.statePath()
        // Without connection requests and with informs off, the pushed tasks stay queued: the
        // runner keeps polling them, holding the campaign, until the test lets the devices in.
        let file = try CampaignEndToEndTests.firmwareFile("  connection_request: false\n  max_concurrent: 2")
        let created = try await CampaignEndToEndTests.campaign(standIn, state, ["create", file])
        #expect(created.status == 0, "\(created.combined)")
        let id = try CampaignEndToEndTests.createdID(created)

        let run = try FollowedProcess([
            "campaign", "run", id, "--poll-interval", "0.1", "--state", state, "--acs", standIn.url,
        ])
        var lines = run.lines.makeAsyncIterator()
        // Its first progress line comes after the cycle that pushed both devices, under the lease.
        let first = await lines.next()
        #expect(first?.contains("%") == true, "\(first ?? "no line")")
        let holding = try await CampaignEndToEndTests.campaign(standIn, state, ["show", id])
        #expect(holding.stdout.contains("runner:   pid "), "\(holding.stdout)")

        run.send(number)
        var rest: [String] = []
        while let line = await lines.next() { rest.append(line) }
        #expect(await run.status() == 128 + number, "\(rest)")
        let last = rest.last ?? ""
        #expect(last.contains("campaign \(id) stopped by \(name) after its step in flight"), "\(rest)")
        #expect(last.contains("its lease is released; `ferrule campaign run \(id)`"), "\(last)")

        // The lease row is gone (any runner, from any host, may take the campaign now) and the
        // state is what a restart resumes: both devices pushed, none half-way.
        let show = try await CampaignEndToEndTests.campaign(standIn, state, ["show", id])
        #expect(!show.stdout.contains("runner:"), "\(show.stdout)")
        #expect(show.stdout.contains("status:   running"), "\(show.stdout)")
        #expect(show.stdout.contains("pushing 0  pushed 2"), "\(show.stdout)")
        #expect(try await CampaignEndToEndTests.tasksCreated(standIn, "download") == 2)

        // The devices come online and run their queued downloads; run again finishes the campaign.
        for index in 0..<2 { try await standIn.inform(StandInProcess.deviceID(index)) }
        let resumed = try await CampaignEndToEndTests.campaign(standIn, state, ["run", id, "--poll-interval", "0.1"])
        #expect(resumed.status == 0, "\(resumed.combined)")
        #expect(resumed.stdout.contains("completed: 2 succeeded, 0 failed, 0 skipped"), "\(resumed.combined)")
        #expect(!resumed.stdout.contains("lease-taken-over"))
        #expect(try await CampaignEndToEndTests.tasksCreated(standIn, "download") == 2, "no device got a second task")
        let events = try await CampaignEndToEndTests.campaign(standIn, state, ["show", id, "--events", "100"])
        #expect(!events.stdout.contains("lease-taken-over"), "the second run found no lease: \(events.stdout)")
    }
}

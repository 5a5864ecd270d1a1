import FerruleTestSupport
import Foundation
import Testing

/// End to end: the `session_wait` rollout key through the built `ferrule campaign` against `genieacs-standin`,
/// with the NBI calls counted at the stand-in (`/_standin/stats` `calls`).
@Suite("ferrule campaign session_wait (end to end)")
struct CampaignSessionWaitEndToEndTests {
    /// The stand-in's NBI calls by method and route.
    static func calls(_ standIn: StandInProcess) async throws -> [String: Int] {
        let stats = try await standIn.stats()
        return (stats["calls"] as? [String: Any])?.compactMapValues { $0 as? Int } ?? [:]
    }

    @Test("devices that answer within session_wait succeed with one NBI call each: no separate wake-up, no task poll")
    func oneCallPerDevice() async throws {
        let devices = 6
        let standIn = try await StandInProcess.start(devices: devices)
        defer { standIn.stop() }
        try await CampaignEndToEndTests.upload(standIn)
        let state = try CampaignEndToEndTests.statePath()
        // The stand-in's CPEs open their session 50 ms after the connection request and end it 100 ms later: well
        // within 10 s, so GenieACS answers each task POST 200 (GenieACS 1.2.16 lib/nbi.ts:382-415).
        let file = try CampaignEndToEndTests.firmwareFile("  session_wait: 10s\n  max_concurrent: \(devices)")
        let created = try await CampaignEndToEndTests.campaign(standIn, state, ["create", file])
        #expect(created.status == 0, "\(created.combined)")
        let id = try CampaignEndToEndTests.createdID(created)
        let before = try await Self.calls(standIn)

        let run = try await CampaignEndToEndTests.campaign(standIn, state, ["run", id, "--poll-interval", "0.1"])
        #expect(run.status == 0, "\(run.combined)")
        #expect(run.stdout.contains("completed: \(devices) succeeded, 0 failed, 0 skipped"), "\(run.combined)")

        let after = try await Self.calls(standIn)
        func made(_ key: String) -> Int { (after[key] ?? 0) - (before[key] ?? 0) }
        #expect(made("POST /devices/{id}/tasks") == devices, "one task POST per device, its own wake-up: \(after)")
        #expect(made("GET /tasks") == 0, "a 200 settles the task: no task poll (\(after))")
        #expect(made("DELETE /tasks/{id}") == 0, "\(after)")
        let stats = try await standIn.stats()
        #expect(stats["connectionRequests"] as? Int == devices, "the task POST's connection_request woke each device")
        #expect(try await CampaignEndToEndTests.tasksCreated(standIn, "download") == devices)
        let report = try await CampaignEndToEndTests.campaign(standIn, state, ["report", id, "--format", "json"])
        let rows = try report.jsonRows()
        #expect(rows.count == devices)
        #expect(rows.allSatisfy { $0["state"] as? String == "succeeded" && $0["attempts"] as? Int == 1 })
    }

    @Test("a device that does not answer within session_wait still succeeds, through the batched task poll")
    func slowDeviceFallsBackToPolls() async throws {
        let standIn = try await StandInProcess.start(
            devices: 2,
            scenario: "latencies:\n  crToSessionMs: 1500\n  sessionDurationMs: 100\n"
        )
        defer { standIn.stop() }
        try await CampaignEndToEndTests.upload(standIn)
        let state = try CampaignEndToEndTests.statePath()
        let file = try CampaignEndToEndTests.firmwareFile("  session_wait: 1s\n  max_concurrent: 2")
        let created = try await CampaignEndToEndTests.campaign(standIn, state, ["create", file])
        #expect(created.status == 0, "\(created.combined)")
        let id = try CampaignEndToEndTests.createdID(created)
        let run = try await CampaignEndToEndTests.campaign(standIn, state, ["run", id, "--poll-interval", "0.1"])
        #expect(run.status == 0, "\(run.combined)")
        #expect(run.stdout.contains("completed: 2 succeeded, 0 failed, 0 skipped"), "\(run.combined)")
        let calls = try await Self.calls(standIn)
        #expect(calls["POST /devices/{id}/tasks"] == 2, "still one POST per device: \(calls)")
        #expect((calls["GET /tasks"] ?? 0) >= 1, "202 Task queued but not processed: the task is polled (\(calls))")
    }
}

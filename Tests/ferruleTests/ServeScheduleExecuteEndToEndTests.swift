import FerruleTestSupport
import Foundation
import Testing

/// DotMac's `POST …/schedules/{id}/execute` through the built `ferrule serve` and a GenieACS
/// stand-in: the schedule starts now, not at its `scheduled_at`.
@Suite("ferrule serve: schedule execute (end to end)")
struct ServeScheduleExecuteEndToEndTests {
    @Test("execute of a schedule due in 2030 pushes the firmware now; the runner is woken, not waited for")
    func executeStartsNow() async throws {
        let standIn = try await StandInProcess.start(devices: 3)
        defer { standIn.stop() }
        let image = try Scratch.file("fw9.bin", Array("firmware".utf8))
        let upload = try await standIn.ferrule([
            "acs", "files", "upload", image, "--name", "fw9.bin", "--version", "V9",
        ])
        #expect(upload.status == 0, "\(upload.combined)")
        // A scan every 10 minutes: only the execute's wake makes the runner act within the test.
        let (server, token) = try await ServeEndToEndTests.serveWithToken(
            config: """
                runner: {scan_seconds: 600, poll_seconds: 0.2}
                tenants:
                  acme: {genieacs: {url: "\(standIn.url)"}}

                """,
            tenant: "acme"
        )
        let headers = ["X-API-Key": token, "Content-Type": "application/json"]
        let body = #"""
            {"name": "fw9", "firmware_file": "fw9.bin", "device_filter": {"_id": {"$exists": true}},
             "scheduled_at": "2030-01-01T00:00:00Z", "max_concurrent": 3}
            """#
        let created = try await server.request(
            "POST",
            "/api/v1/genieacs/firmware-upgrades/schedule",
            headers: headers,
            body: body
        )
        #expect(created.status == 201, "\(created.body)")
        let schedule = try #require(
            (try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [String: Any])?["schedule"]
                as? [String: Any]
        )
        let id = try #require(schedule["schedule_id"] as? String)
        #expect(schedule["status"] as? String == "pending")
        let path = "/api/v1/genieacs/firmware-upgrades/schedules/\(id)"

        let executed = try await server.request("POST", path + "/execute", headers: headers)
        #expect(executed.status == 200, "\(executed.body)")
        #expect(!executed.body.contains("2030-01-01"), "scheduled_at is now: \(executed.body)")
        try await until(.seconds(90), "download tasks pushed after the execute; log: \(server.log)") {
            try await CampaignEndToEndTests.tasksCreated(standIn, "download") >= 3
        }
        let shown = try await server.request("GET", path, headers: headers)
        #expect(shown.body.contains(#""status":"running""#), "\(shown.body)")
        #expect(await server.terminate() == 0, "\(server.log)")
    }
}

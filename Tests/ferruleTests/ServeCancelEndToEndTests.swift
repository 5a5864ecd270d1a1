import FerruleTestSupport
import Foundation
import Testing

/// Cancelling a campaign through `ferrule serve` while one of its CPEs is in a GenieACS session.
@Suite("ferrule serve: cancel (end to end)")
struct ServeCancelEndToEndTests {
    @Test("cancel while a CPE is in session: 200 naming the task left, the others deleted, the runner deletes the rest")
    func cancelDuringSession() async throws {
        // Sessions last 20 s, so the CPE the test makes inform is still in session when the cancel
        // comes, however loaded the machine.
        let standIn = try await StandInProcess.start(devices: 3, scenario: "latencies:\n  sessionDurationMs: 20000\n")
        defer { standIn.stop() }
        let (server, token) = try await ServeEndToEndTests.serveWithToken(
            config: """
                runner: {scan_seconds: 0.2, poll_seconds: 0.1}
                tenants:
                  acme: {genieacs: {url: "\(standIn.url)"}}

                """,
            tenant: "acme"
        )
        let headers = ["X-API-Key": token, "Content-Type": "application/json"]
        let spec = """
            name: cancel-in-session
            configuration:
              - periodicInform: {enabled: true, interval: 901}
            devices:
              model: EX220
            rollout:
              max_concurrent: 3
              connection_request: false
            """
        let body = try JSONSerialization.data(withJSONObject: ["spec": spec])
        let created = try await server.request(
            "POST",
            "/api/v1/ferrule/campaigns",
            headers: headers,
            body: String(decoding: body, as: UTF8.self)
        )
        #expect(created.status == 201, "\(created.body)")
        let object = try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [String: Any]
        let id = try #require(object?["id"] as? String)
        let path = "/api/v1/ferrule/campaigns/\(id)"
        #expect(try await server.request("POST", path + "/start", headers: headers).status == 200)
        try await until(.seconds(60), "three queued tasks") { try await standIn.documents("tasks").count == 3 }

        let busy = StandInProcess.deviceID(0)
        async let session: Void = standIn.inform(busy)
        try await until(.seconds(60), "a session") { (try await standIn.stats()["sessions"] as? Int ?? 0) >= 1 }
        let cancel = try await server.request("POST", path + "/cancel", headers: headers)
        #expect(cancel.status == 200, "the cancel is done: \(cancel.body)")
        #expect(cancel.body.contains(#""status":"cancelled""#), "\(cancel.body)")
        #expect(cancel.body.contains("1 queued task(s) not deleted yet"), "\(cancel.body)")
        #expect(cancel.body.contains("Device is in session"), "\(cancel.body)")
        let left = try await standIn.documents("tasks").compactMap { $0["device"] as? String }
        #expect(left.allSatisfy { $0 == busy }, "only the task of the CPE in session is left: \(left)")

        // Once the session ended the runner retries: the campaign no longer says a task is left.
        try await session
        var reason = ""
        try await until(.seconds(60), "the runner to retry the deletion: \(reason)") {
            let campaign = try await server.request("GET", path, headers: headers).body
            let json = try JSONSerialization.jsonObject(with: Data(campaign.utf8)) as? [String: Any]
            reason = json?["status_reason"] as? String ?? ""
            return reason.hasPrefix("cancelled by ") && !reason.contains("not deleted yet")
        }
        #expect(try await standIn.documents("tasks").isEmpty)
        let again = try await server.request("POST", path + "/cancel", headers: headers)
        #expect(again.status == 409, "\(again.body)")
        #expect(await server.terminate() == 0, "\(server.log)")
    }
}

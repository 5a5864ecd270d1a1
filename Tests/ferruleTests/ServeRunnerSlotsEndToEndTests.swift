import FerruleTestSupport
import Foundation
import Testing

/// `runner.max_campaigns` shared between tenants through `ferrule serve`: a campaign whose pushed
/// CPEs are offline hands its slot to another tenant's campaign and resumes after it, its
/// devices' deadline still enforced (docs/serve.md, "Runner slots are shared between tenants").
@Suite("ferrule serve: runner slots between tenants (end to end)")
struct ServeRunnerSlotsEndToEndTests {
    /// A firmware campaign file for the stand-in's EX220 fleet, as a REST create body.
    static func body(_ name: String, deadline: String) throws -> String {
        let spec = """
            name: \(name)
            firmware:
              file: EX220-1.3.0.bin
              target_version: "\(CampaignEndToEndTests.target)"
            devices:
              model: EX220
            rollout:
              retries: 0
              device_deadline: \(deadline)
            """
        return String(decoding: try JSONSerialization.data(withJSONObject: ["spec": spec]), as: UTF8.self)
    }

    static func json(_ response: ServeProcess.Response) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any])
    }

    static func date(_ value: Any?) throws -> Date {
        let text = try #require(value as? String)
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    @Test(
        "one slot: acme's campaign on offline CPEs yields it to beta's, resumes after it and fails its devices at device_deadline, their tasks deleted",
        .timeLimit(.minutes(10))
    )
    func offlineCampaignYieldsToOtherTenant() async throws {
        let acmeACS = try await StandInProcess.start(devices: 2, ["--online-ratio", "0"])
        defer { acmeACS.stop() }
        // Beta's CPEs answer a connection request after 3 s: its run lasts long enough for the test
        // to see acme's campaign say it yielded, however fast the machine.
        let betaACS = try await StandInProcess.start(devices: 2, scenario: "latencies:\n  crToSessionMs: 3000\n")
        defer { betaACS.stop() }
        try await CampaignEndToEndTests.upload(acmeACS)
        try await CampaignEndToEndTests.upload(betaACS)
        let state = try Scratch.directory("ferrule-serve").path
        let config = try Scratch.directory([
            "serve.yaml": """
            runner: {scan_seconds: 0.2, poll_seconds: 0.1, max_campaigns: 1, yield_after_seconds: 1}
            tenants:
              acme: {genieacs: {url: "\(acmeACS.url)"}}
              beta: {genieacs: {url: "\(betaACS.url)"}}

            """
        ])
        let check = try await FerruleRunner.execute([
            "serve", "--check-config", "--config", config + "/serve.yaml", "--state", state,
        ])
        #expect(check.status == 0, "\(check.combined)")
        let server = try await ServeProcess.start([
            "--port", "0", "--state", state, "--config", config + "/serve.yaml",
        ])
        let acmeToken = try await ServeEndToEndTests.createToken(state, ["--tenant", "acme", "--permission", "isp.*"])
        let betaToken = try await ServeEndToEndTests.createToken(state, ["--tenant", "beta", "--permission", "isp.*"])
        let acme = ["X-API-Key": acmeToken, "Content-Type": "application/json"]
        let beta = ["X-API-Key": betaToken, "Content-Type": "application/json"]
        let campaigns = "/api/v1/ferrule/campaigns"

        // Acme's campaign pushes both devices; they are offline, so it waits on them.
        let acmeCreated = try await server.request(
            "POST",
            campaigns,
            headers: acme,
            body: try Self.body("a", deadline: "1m")
        )
        #expect(acmeCreated.status == 201, "\(acmeCreated.body)")
        let acmeID = try #require(try Self.json(acmeCreated)["id"] as? String)
        #expect(try await server.request("POST", "\(campaigns)/\(acmeID)/start", headers: acme).status == 200)
        try await until(.seconds(120), "acme's two tasks queued; log: \(server.log)") {
            try await acmeACS.documents("tasks").count == 2
        }

        // Beta's campaign is due and there is no free slot: acme's hands its slot back.
        let betaCreated = try await server.request(
            "POST",
            campaigns,
            headers: beta,
            body: try Self.body("b", deadline: "10m")
        )
        #expect(betaCreated.status == 201, "\(betaCreated.body)")
        let betaID = try #require(try Self.json(betaCreated)["id"] as? String)
        #expect(try await server.request("POST", "\(campaigns)/\(betaID)/start", headers: beta).status == 200)
        var reason = ""
        try await until(.seconds(120), "acme's campaign to say it yielded its slot: \(reason); log: \(server.log)") {
            let campaign = try Self.json(try await server.request("GET", "\(campaigns)/\(acmeID)", headers: acme))
            reason = campaign["status_reason"] as? String ?? ""
            return campaign["status"] as? String == "running"
                && reason == "not running: yielded its runner slot while its 2 devices wait; resumes when a slot frees"
        }
        try await until(.seconds(120), "beta's campaign completed; log: \(server.log)") {
            let campaign = try Self.json(try await server.request("GET", "\(campaigns)/\(betaID)", headers: beta))
            return campaign["status"] as? String == "completed"
        }
        #expect(try await CampaignEndToEndTests.tasksCreated(betaACS, "download") == 2)

        // Acme's campaign resumes once the slot is free and fails its offline devices at their deadline.
        var report: [String: Any] = [:]
        try await until(.seconds(240), "acme's campaign completed; log: \(server.log)") {
            report = try Self.json(try await server.request("GET", "\(campaigns)/\(acmeID)/report", headers: acme))
            return (report["campaign"] as? [String: Any])?["status"] as? String == "completed"
        }
        let targets = try #require(report["targets"] as? [[String: Any]])
        #expect(targets.count == 2)
        for target in targets {
            #expect(target["state"] as? String == "failed", "\(target)")
            #expect(target["error_code"] as? String == "deadline", "\(target)")
            let waited = try Self.date(target["finished_at"]).timeIntervalSince(
                try Self.date(target["first_pushed_at"])
            )
            #expect(waited >= 59, "failed at its deadline, a minute after its push: \(waited) s")
        }
        let events = try #require(report["campaign_events"] as? [[String: Any]]).compactMap { $0["kind"] as? String }
        #expect(events.contains("yielded"), "\(events)")
        let betaCampaign = try Self.json(try await server.request("GET", "\(campaigns)/\(betaID)", headers: beta))
        let acmeCampaign = try #require(report["campaign"] as? [String: Any])
        #expect(
            try Self.date(betaCampaign["finished_at"]) <= Self.date(acmeCampaign["finished_at"]),
            "beta's campaign ran while acme's devices waited, not after them"
        )
        #expect(acmeCampaign["status_reason"] == nil || acmeCampaign["status_reason"] is NSNull, "\(acmeCampaign)")
        #expect(try await acmeACS.documents("tasks").isEmpty, "the failed devices' tasks are deleted")
        #expect(try await CampaignEndToEndTests.tasksCreated(acmeACS, "download") == 2, "nothing pushed twice")

        let metricsToken = try await ServeEndToEndTests.createToken(
            state,
            ["--tenant", "acme", "--permission", "ferrule.metrics.read"]
        )
        let metrics = try await server.request("GET", "/metrics", headers: ["X-API-Key": metricsToken]).body
        #expect(metrics.contains("\nferrule_runner_runs_total{outcome=\"yielded\"} "), "\(metrics)")
        #expect(!metrics.contains("\nferrule_runner_runs_total{outcome=\"yielded\"} 0\n"), "\(metrics)")
        #expect(metrics.contains("\nferrule_runner_runs_total{outcome=\"completed\"} 2\n"), "\(metrics)")
        #expect(metrics.contains("\nferrule_runner_queued_campaigns 0"), "\(metrics)")
        #expect(await server.terminate() == 0, "\(server.log)")
    }
}

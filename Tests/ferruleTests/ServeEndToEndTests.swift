import FerruleTestSupport
import Foundation
import Testing

/// `ferrule serve` and `ferrule token` through the built executable, as an operator runs them.
@Suite("ferrule serve (end to end)")
struct ServeEndToEndTests {
    /// `ferrule token create …` in `state`; returns the token from the last line of its output.
    static func createToken(_ state: String, _ arguments: [String]) async throws -> String {
        let created = try await FerruleRunner.execute(["token", "create", "--state", state] + arguments)
        #expect(created.status == 0, "\(created.combined)")
        let last = try #require(created.stdout.split(separator: "\n").last.map(String.init))
        #expect(last.hasPrefix("frl_") && !last.contains(" "), "the token alone on the last line: \(created.stdout)")
        return last
    }

    /// `ferrule serve` on port 0 and a fresh state (with `config` as its `--config` file when
    /// given), and a token of `tenant` with every permission.
    static func serveWithToken(
        config: String? = nil,
        environment: [String: String] = [:],
        tenant: String = "default"
    ) async throws -> (server: ServeProcess, token: String) {
        let state = try Scratch.directory("ferrule-serve").path
        var arguments = ["--port", "0", "--state", state]
        if let config {
            arguments = ["--config", try Scratch.directory(["serve.yaml": config]) + "/serve.yaml"] + arguments
        }
        let server = try await ServeProcess.start(arguments, environment: environment)
        let token = try await createToken(state, ["--tenant", tenant, "--permission", "isp.*"])
        return (server, token)
    }

    @Test("embedded defaults: listening line, a token from `token create`, 401 without it, revoke, SIGTERM exits 0")
    func embeddedDefaults() async throws {
        let state = try Scratch.directory("ferrule-serve").path
        let server = try await ServeProcess.start(["--port", "0", "--state", state])
        #expect(server.url.hasPrefix("http://127.0.0.1:"))
        let token = try await Self.createToken(
            state,
            ["--tenant", "default", "--permission", "isp.*", "--permission", "ferrule.metrics.read", "--name", "e2e"]
        )

        let health = try await server.request("GET", "/healthz")
        #expect(health.status == 200)
        let ready = try await server.request("GET", "/readyz")
        #expect(ready.status == 200, "\(ready.body)")

        let anonymous = try await server.request("GET", "/metrics")
        #expect(anonymous.status == 401)
        #expect(anonymous.body.contains(#""detail":"Not authenticated""#), "\(anonymous.body)")
        #expect(anonymous.headers["www-authenticate"] == "Bearer")
        let metrics = try await server.request("GET", "/metrics", headers: ["X-API-Key": token])
        #expect(metrics.status == 200)
        #expect(metrics.body.contains("ferrule_http_requests_total{route=\"/healthz\""), "\(metrics.body)")
        let bearer = try await server.request("GET", "/metrics", headers: ["Authorization": "Bearer \(token)"])
        #expect(bearer.status == 200)

        let list = try await FerruleRunner.execute(["token", "list", "--state", state, "--format", "json"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("\"e2e\""))
        let secret = String(token.split(separator: "_").last ?? "")
        #expect(!list.stdout.contains(secret), "the list never shows a secret")
        let id = String(token.split(separator: "_")[1])
        let revoke = try await FerruleRunner.execute(["token", "revoke", id, "--state", state])
        #expect(revoke.status == 0, "\(revoke.combined)")
        let revoked = try await server.request("GET", "/metrics", headers: ["X-API-Key": token])
        #expect(revoked.status == 401)
        #expect(revoked.body.contains(#""detail":"Token has been revoked""#))

        let status = await server.terminate(timeout: .seconds(30))
        #expect(status == 0, "\(server.log)")
        #expect(!server.log.contains(secret), "no token secret in the log")
        #expect(server.log.contains("request_id="), "access log lines: \(server.log)")
    }

    @Test("HEAD answers like GET without content wherever GET does (RFC 9110 §9.3.2), with the same access rules")
    func head() async throws {
        let (server, token) = try await Self.serveWithToken()
        for path in ["/healthz", "/readyz", "/openapi.json", "/api/v1/openapi.json"] {
            let response = try await server.request("HEAD", path)
            #expect(response.status == 200, "HEAD \(path)")
            #expect(response.body.isEmpty, "HEAD \(path)")
            // GET's header fields, its length included (not the 0 of an empty body).
            let get = try await server.request("GET", path)
            #expect(
                response.headers["content-length"] == String(get.body.utf8.count),
                "HEAD \(path): Content-Length \(response.headers["content-length"] ?? "none"), GET \(get.body.utf8.count)"
            )
        }
        let anonymous = try await server.request("HEAD", "/api/v1/ferrule/campaigns")
        #expect(anonymous.status == 401)
        let campaigns = try await server.request("HEAD", "/api/v1/ferrule/campaigns", headers: ["X-API-Key": token])
        #expect(campaigns.status == 200)
        #expect(campaigns.body.isEmpty)
        let lint = try await server.request("HEAD", "/api/v1/ferrule/rules/lint", headers: ["X-API-Key": token])
        #expect(lint.status == 405)
        #expect(lint.headers["allow"] == "POST")
        let options = try await server.request("OPTIONS", "/healthz")
        #expect(options.status == 405)
        #expect(options.headers["allow"] == "GET, HEAD")
        #expect(await server.terminate(timeout: .seconds(30)) == 0, "\(server.log)")
    }

    @Test(
        "a request naming its own tenant and another is 403; a query parameter given twice or a fractional integer is 422 naming it"
    )
    func ambiguousRequests() async throws {
        let (server, token) = try await Self.serveWithToken()
        for (path, header) in [
            ("/api/v1/ferrule/campaigns?tenant_id=other", "default"),
            ("/api/v1/ferrule/campaigns?tenant_id=default&tenant_id=other", ""),
        ] {
            var headers = ["X-API-Key": token]
            if !header.isEmpty { headers["X-Tenant-ID"] = header }
            let response = try await server.request("GET", path, headers: headers)
            #expect(response.status == 403, "\(path): \(response.body)")
            #expect(response.body.contains("User does not have access to this tenant"), "\(response.body)")
        }
        let twice = try await server.request(
            "GET",
            "/api/v1/genieacs/devices?limit=5&limit=7",
            headers: ["X-API-Key": token]
        )
        #expect(twice.status == 422, "\(twice.body)")
        #expect(twice.body.contains("the query parameter 'limit' is given more than once"), "\(twice.body)")
        #expect(twice.headers["x-correlation-id"] != nil, "\(twice.headers)")
        let fraction = try await server.request(
            "POST",
            "/api/v1/genieacs/firmware-upgrades/schedule",
            headers: ["X-API-Key": token, "Content-Type": "application/json"],
            body:
                #"{"name": "x", "firmware_file": "f.bin", "device_filter": {"_id": "a"}, "scheduled_at": "2026-12-08T02:00:00Z", "max_concurrent": 10.5}"#
        )
        #expect(fraction.status == 422, "\(fraction.body)")
        #expect(
            fraction.body.contains("field body.max_concurrent must be an integer between 1 and 10000; got 10.5"),
            "\(fraction.body)"
        )
        #expect(await server.terminate(timeout: .seconds(30)) == 0, "\(server.log)")
    }

    @Test("/readyz: one tenant's GenieACS down of two is ready and counted, tenant names only with a metrics token")
    func readinessOneTenantDown() async throws {
        let standIn = try await StandInProcess.start(devices: 1)
        defer { standIn.stop() }
        let directory = try Scratch.directory([
            "serve.yaml": """
            limits: {readiness_cache_seconds: 0}
            tenants:
              acme: {genieacs: {url: "\(standIn.url)"}}
              globex: {genieacs: {url: "http://127.0.0.1:9"}}

            """
        ])
        let state = try Scratch.directory("ferrule-serve").path
        let server = try await ServeProcess.start([
            "--config", directory + "/serve.yaml", "--port", "0", "--state", state,
        ])
        var ready = try await server.request("GET", "/readyz")
        for _ in 0..<4 where ready.status != 200 { ready = try await server.request("GET", "/readyz") }
        #expect(ready.status == 200, "\(ready.body)")
        #expect(
            ready.body.contains(#"{"name":"genieacs","ok":true,"detail":"1 of 2 tenants ok, 1 down"}"#),
            "\(ready.body)"
        )
        #expect(!ready.body.contains("acme") && !ready.body.contains("globex"), "\(ready.body)")
        let token = try await Self.createToken(state, ["--tenant", "acme", "--permission", "ferrule.metrics.read"])
        let detailed = try await server.request("GET", "/readyz", headers: ["X-API-Key": token])
        #expect(detailed.body.contains(#"{"name":"genieacs:globex","ok":false,"detail":"down"}"#), "\(detailed.body)")
        #expect(await server.terminate(timeout: .seconds(30)) == 0, "\(server.log)")
    }

    @Test("--check-config: 0 for a valid file, 1 with file:line:col for an unknown key")
    func checkConfig() async throws {
        let directory = try Scratch.directory([
            "good.yaml": "listen: {port: 0}\ntenants:\n  acme:\n    genieacs: {url: \"http://acs:7557\"}\n",
            "bad.yaml": "listen:\n  prot: 0\n",
        ])
        let good = try await FerruleRunner.execute(["serve", "--check-config", "--config", directory + "/good.yaml"])
        #expect(good.status == 0, "\(good.combined)")
        #expect(good.stdout.contains("configuration ok"))
        #expect(good.stdout.contains("tenant acme"))
        let bad = try await FerruleRunner.execute(["serve", "--check-config", "--config", directory + "/bad.yaml"])
        #expect(bad.status == 1)
        #expect(
            bad.stderr.contains("bad.yaml:2:3: error[unknown-key]: unknown key \"prot\" in listen"),
            "\(bad.stderr)"
        )
    }

    @Test("token create refuses a malformed permission as a usage error (64)")
    func tokenUsage() async throws {
        let state = try Scratch.directory("ferrule-serve").path
        let bad = try await FerruleRunner.execute(["token", "create", "--state", state, "--permission", "isp..read"])
        #expect(bad.status == 64, "\(bad.combined)")
    }

    @Test("a wildcard grant is told it does not give ferrule.metrics.read, and /metrics refuses it with 403")
    func metricsByNameOnly() async throws {
        let state = try Scratch.directory("ferrule-serve").path
        let created = try await FerruleRunner.execute([
            "token", "create", "--state", state, "--tenant", "default", "--permission", "*",
        ])
        #expect(created.status == 0, "\(created.combined)")
        #expect(
            created.stderr.contains("note: * does not grant ferrule.metrics.read (the metrics of every tenant)"),
            "\(created.stderr)"
        )
        let everything = try #require(created.stdout.split(separator: "\n").last.map(String.init))
        let server = try await ServeProcess.start(["--port", "0", "--state", state])
        let refused = try await server.request("GET", "/metrics", headers: ["X-API-Key": everything])
        #expect(refused.status == 403, "\(refused.body)")
        #expect(await server.terminate(timeout: .seconds(30)) == 0, "\(server.log)")
    }

    /// A stand-in with the firmware image and a campaign scheduled in the past, in `state`/campaigns.sqlite.
    static func scheduledCampaign(_ standIn: StandInProcess, state: String, rollout: String) async throws -> String {
        try await CampaignEndToEndTests.upload(standIn)
        let file = try CampaignEndToEndTests.firmwareFile("  scheduled_at: \"2026-01-01T00:00:00Z\"\n" + rollout)
        let created = try await CampaignEndToEndTests.campaign(standIn, state + "/campaigns.sqlite", ["create", file])
        #expect(created.status == 0, "\(created.combined)")
        return try CampaignEndToEndTests.createdID(created)
    }

    static func runnerConfig(_ state: String) throws -> String {
        try Scratch.directory(["serve.yaml": "runner: {scan_seconds: 0.2, poll_seconds: 0.1}\n"]) + "/serve.yaml"
    }

    static func status(_ id: String, state: String) async throws -> String {
        let list = try await FerruleRunner.execute([
            "campaign", "list", "--state", state + "/campaigns.sqlite", "--format", "json",
        ])
        return try list.jsonRows().first { $0["id"] as? String == id }?["status"] as? String ?? ""
    }

    @Test("a campaign scheduled in the past is started by ferrule serve and run to completion")
    func scheduledCampaignCompletes() async throws {
        let standIn = try await StandInProcess.start(devices: 4)
        defer { standIn.stop() }
        let state = try Scratch.directory("ferrule-serve").path
        let id = try await Self.scheduledCampaign(standIn, state: state, rollout: "")
        let server = try await ServeProcess.start(
            ["--port", "0", "--state", state, "--config", try Self.runnerConfig(state)],
            environment: ["FERRULE_ACS_URL": standIn.url]
        )
        try await until(.seconds(120), "campaign \(id) completed; log: \(server.log)") {
            try await Self.status(id, state: state) == "completed"
        }
        #expect(try await CampaignEndToEndTests.tasksCreated(standIn, "download") == 4)
        // The run is on /metrics (docs/serve.md): counted once it ended, none running after it.
        let token = try await Self.createToken(state, ["--tenant", "default", "--permission", "ferrule.metrics.read"])
        var metrics = ""
        try await until(.seconds(30), "the run counted on /metrics: \(metrics)") {
            metrics = try await server.request("GET", "/metrics", headers: ["X-API-Key": token]).body
            return metrics.contains("\nferrule_runner_runs_total{outcome=\"completed\"} 1\n")
        }
        #expect(metrics.contains("\nferrule_runner_active_campaigns 0"), "\(metrics)")
        #expect(metrics.contains("\nferrule_audit_write_failures_total 0\n"), "\(metrics)")
        #expect(await server.terminate() == 0, "\(server.log)")
    }

    @Test("a second server on the same state skips the campaign the first runs, naming it; after SIGTERM it takes over")
    func secondServerRefused() async throws {
        let standIn = try await StandInProcess.start(devices: 3)
        defer { standIn.stop() }
        let state = try Scratch.directory("ferrule-serve").path
        // One push a minute: the first server pushes one device and holds the campaign, waiting.
        let id = try await Self.scheduledCampaign(standIn, state: state, rollout: "  rate_per_minute: 1\n")
        let config = try Self.runnerConfig(state)
        let environment = ["FERRULE_ACS_URL": standIn.url]
        let first = try await ServeProcess.start(
            ["--port", "0", "--state", state, "--config", config],
            environment: environment
        )
        try await first.waitForLog { $0.contains("starting scheduled campaign") }
        try await until(.seconds(60), "the first push") {
            try await CampaignEndToEndTests.tasksCreated(standIn, "download") == 1
        }

        let second = try await ServeProcess.start(
            ["--port", "0", "--state", state, "--config", config],
            environment: environment
        )
        try await second.waitForLog { $0.contains("already being run by another runner") }
        #expect(second.log.contains("pid \(first.processIdentifier) on host"), "\(second.log)")
        #expect(try await CampaignEndToEndTests.tasksCreated(standIn, "download") == 1, "only the first server pushed")

        // SIGTERM: the first stops after its step in flight, gives the lease back and exits 0.
        let clock = ContinuousClock()
        let start = clock.now
        #expect(await first.terminate() == 0, "\(first.log)")
        #expect(clock.now - start < .seconds(30), "within the shutdown bound")
        #expect(first.log.contains("campaign runner stopped"))
        try await second.waitForLog { $0.contains("resuming campaign") }
        try await until(.seconds(60), "the second server holding campaign \(id)") {
            let show = try await FerruleRunner.execute(["campaign", "show", id, "--state", state + "/campaigns.sqlite"])
            return show.stdout.contains("runner:   pid \(second.processIdentifier) on host")
        }
        #expect(await second.terminate() == 0, "\(second.log)")
    }
}

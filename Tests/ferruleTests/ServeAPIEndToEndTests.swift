import Campaigns
import FerruleTestSupport
import Foundation
import Testing

/// The REST API's credentials, paging and campaign times through the built `ferrule serve`, with
/// the GenieACS stand-in as the tenant's upstream.
@Suite("ferrule serve REST API (end to end)")
struct ServeAPIEndToEndTests {
    /// `ferrule serve` on a fresh state directory (its path returned) and `standIn` as GenieACS.
    static func serve(_ standIn: StandInProcess?) async throws -> (server: ServeProcess, state: String, token: String) {
        let state = try Scratch.directory("ferrule-serve").path
        let server = try await ServeProcess.start(
            ["--port", "0", "--state", state],
            environment: standIn.map { ["FERRULE_ACS_URL": $0.url] } ?? [:]
        )
        let token = try await ServeEndToEndTests.createToken(state, ["--tenant", "default", "--permission", "isp.*"])
        return (server, state, token)
    }

    /// The JSON object of an answer.
    static func object(_ response: ServeProcess.Response) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any]
        return try #require(object, "\(response.status) \(response.body)")
    }

    /// A request with `token` as X-API-Key (and a JSON body when given).
    static func call(
        _ server: ServeProcess,
        _ token: String,
        _ method: String,
        _ path: String,
        body: String? = nil
    ) async throws -> ServeProcess.Response {
        var headers = ["X-API-Key": token]
        if body != nil { headers["Content-Type"] = "application/json" }
        return try await server.request(method, path, headers: headers, body: body)
    }

    /// `POST /ferrule/campaigns` with a configuration campaign over every device; its id.
    static func createCampaign(_ server: ServeProcess, _ token: String, name: String) async throws -> String {
        let spec =
            "name: \(name)\nconfiguration:\n  - periodicInform: {enabled: true, interval: 901}\ndevices: {all: true}\n"
        let body = String(decoding: try JSONSerialization.data(withJSONObject: ["spec": spec]), as: UTF8.self)
        let created = try await call(server, token, "POST", "/api/v1/ferrule/campaigns", body: body)
        #expect(created.status == 201, "\(created.body)")
        return try #require(try object(created)["id"] as? String)
    }

    @Test(
        "a revoked bearer token beside a valid X-API-Key is 401, as is any second credential; one token in both is 200"
    )
    func twoCredentials() async throws {
        let (server, state, valid) = try await Self.serve(nil)
        let revoked = try await ServeEndToEndTests.createToken(state, ["--tenant", "default", "--permission", "isp.*"])
        let revoke = try await FerruleRunner.execute([
            "token", "revoke", String(revoked.split(separator: "_")[1]), "--state", state,
        ])
        #expect(revoke.status == 0, "\(revoke.combined)")
        let path = "/api/v1/ferrule/campaigns"
        let alone = try await server.request("GET", path, headers: ["X-API-Key": valid])
        #expect(alone.status == 200, "\(alone.body)")
        let same = try await server.request(
            "GET",
            path,
            headers: ["X-API-Key": valid, "Authorization": "Bearer \(valid)"]
        )
        #expect(same.status == 200, "\(same.body)")
        for (key, bearer) in [(valid, revoked), (revoked, valid), (valid, "frl_unknown")] {
            let both = try await server.request(
                "GET",
                path,
                headers: ["X-API-Key": key, "Authorization": "Bearer \(bearer)"]
            )
            #expect(both.status == 401, "\(both.body)")
            #expect(both.headers["www-authenticate"] == "Bearer")
            #expect(both.body.contains("carries 2 different credentials"), "\(both.body)")
        }
        #expect(await server.terminate(timeout: .seconds(30)) == 0, "\(server.log)")
        #expect(!server.log.contains(String(revoked.split(separator: "_").last ?? "")), "no secret in the log")
    }

    @Test(
        "a state-filtered report paged by next_cursor while devices change state: none repeated, none that stayed lost"
    )
    func reportCursor() async throws {
        let standIn = try await StandInProcess.start(devices: 12)
        defer { standIn.stop() }
        let (server, state, token) = try await Self.serve(standIn)
        let id = try await Self.createCampaign(server, token, name: "paging")
        // The tenant's store, written here as a runner would between the client's pages.
        let store = try CampaignStore(path: state + "/tenants/default/campaigns.sqlite")
        let devices = try await store.targets(id).map(\.deviceID)
        #expect(devices.count == 12)
        func move(_ ordinal: Int, to target: TargetRecord.State) async throws {
            var record = try #require(try await store.target(id, devices[ordinal]))
            record.state = target
            try await store.save([record])
        }
        // Between pages: the first pending device is pushed, a later one fails.
        let changes: [(Int, TargetRecord.State)] = [(0, .pushing), (7, .failed), (1, .pushed), (2, .succeeded)]
        var seen: [String] = []
        var cursor: String?
        var page = 0
        repeat {
            let query = "state=pending&limit=3" + (cursor.map { "&cursor=\($0)" } ?? "")
            let answer = try await Self.call(server, token, "GET", "/api/v1/ferrule/campaigns/\(id)/report?\(query)")
            #expect(answer.status == 200, "\(answer.body)")
            let report = try Self.object(answer)
            seen += (report["targets"] as? [[String: Any]] ?? []).compactMap { $0["device_id"] as? String }
            cursor = report["next_cursor"] as? String
            if page < changes.count {
                try await move(changes[page].0, to: changes[page].1)
            }
            page += 1
        } while cursor != nil && page < 20
        #expect(Set(seen).count == seen.count, "each device at most once: \(seen)")
        let left = Set(changes.map(\.0))
        let stayed = devices.indices.filter { !left.contains($0) }.map { devices[$0] }
        #expect(stayed.allSatisfy(seen.contains), "every device that stayed pending: \(seen)")
        #expect(!seen.contains(devices[7]), "device 7 failed before its page was read")
        #expect(await server.terminate(timeout: .seconds(30)) == 0, "\(server.log)")
    }

    @Test("campaign and job lists are paged: limit, skip and total; over 1,000 is 422")
    func boundedLists() async throws {
        let standIn = try await StandInProcess.start(devices: 2)
        defer { standIn.stop() }
        let (server, _, token) = try await Self.serve(standIn)
        for index in 0..<3 {
            let id = try await Self.createCampaign(server, token, name: "list-\(index)")
            let cancel = try await Self.call(server, token, "POST", "/api/v1/ferrule/campaigns/\(id)/cancel")
            #expect(cancel.status == 200, "\(cancel.body)")
            let job = try await Self.call(
                server,
                token,
                "POST",
                "/api/v1/genieacs/mass-config",
                body: #"{"name": "dry-\#(index)", "device_filter": {"query": {"_id": {"$exists": true}}}, "#
                    + #""wifi": {"ssid": "Guest"}, "dry_run": true}"#
            )
            #expect(job.status == 201, "\(job.body)")
        }
        for (path, key) in [("/api/v1/ferrule/campaigns", "campaigns"), ("/api/v1/genieacs/mass-config/jobs", "jobs")] {
            let first = try Self.object(try await Self.call(server, token, "GET", path + "?limit=2"))
            #expect((first[key] as? [Any])?.count == 2, "\(first)")
            #expect(first["total"] as? Int == 3 && first["skip"] as? Int == 0 && first["limit"] as? Int == 2)
            let rest = try Self.object(try await Self.call(server, token, "GET", path + "?limit=2&skip=2"))
            #expect((rest[key] as? [Any])?.count == 1, "\(rest)")
            let whole = try Self.object(try await Self.call(server, token, "GET", path))
            #expect(whole["limit"] as? Int == 100, "the default page size")
            let refused = try await Self.call(server, token, "GET", path + "?limit=1001")
            #expect(refused.status == 422, "\(refused.body)")
        }
        let schedules = try await Self.call(
            server,
            token,
            "GET",
            "/api/v1/genieacs/firmware-upgrades/schedules?limit=5"
        )
        #expect(try Self.object(schedules)["limit"] as? Int == 5, "\(schedules.body)")
        #expect(await server.terminate(timeout: .seconds(30)) == 0, "\(server.log)")
    }

    @Test(
        "start answers with started_at and the views keep it; a schedule's execute answers DotMac's queued without it"
    )
    func startedAt() async throws {
        let standIn = try await StandInProcess.start(devices: 2)
        defer { standIn.stop() }
        try await CampaignEndToEndTests.upload(standIn)
        let (server, _, token) = try await Self.serve(standIn)
        // A schedule due next year: executed now, its runner waits, and it stays queued.
        let schedule = try await Self.call(
            server,
            token,
            "POST",
            "/api/v1/genieacs/firmware-upgrades/schedule",
            body: #"""
                {"name": "fw", "firmware_file": "EX220-1.3.0.bin", "device_filter": {"_id": {"$exists": true}},
                 "scheduled_at": "2027-12-08T02:00:00Z", "timezone": "UTC", "max_concurrent": 1}
                """#
        )
        #expect(schedule.status == 201, "\(schedule.body)")
        let created = try #require(try Self.object(schedule)["schedule"] as? [String: Any])
        let scheduleID = try #require(created["schedule_id"] as? String)
        let campaignID = try #require(created["campaign_id"] as? String)
        let executed = try Self.object(
            try await Self.call(
                server,
                token,
                "POST",
                "/api/v1/genieacs/firmware-upgrades/schedules/\(scheduleID)/execute"
            )
        )
        let executedSchedule = try #require(executed["schedule"] as? [String: Any], "\(executed)")
        #expect(executedSchedule["status"] as? String == "queued")
        #expect(executedSchedule["started_at"] == nil, "DotMac: queued has no started_at")

        let campaign = try Self.object(
            try await Self.call(server, token, "GET", "/api/v1/ferrule/campaigns/\(campaignID)")
        )
        let startedAt = try #require(campaign["started_at"] as? String, "the execute started it: \(campaign)")
        // Execute starts it now: its scheduled_at is brought forward from 2027 to the execute's time.
        let scheduledAt = try #require(campaign["scheduled_at"] as? String, "\(campaign)")
        #expect(!scheduledAt.hasPrefix("2027-12-08") && scheduledAt.prefix(10) == startedAt.prefix(10), "\(campaign)")
        let progress = try Self.object(
            try await Self.call(server, token, "GET", "/api/v1/ferrule/campaigns/\(campaignID)/progress")
        )
        #expect(progress["started_at"] as? String == startedAt, "\(progress)")
        let cancel = try await Self.call(server, token, "POST", "/api/v1/ferrule/campaigns/\(campaignID)/cancel")
        #expect(cancel.status == 200, "\(cancel.body)")

        let id = try await Self.createCampaign(server, token, name: "times")
        let started = try Self.object(
            try await Self.call(server, token, "POST", "/api/v1/ferrule/campaigns/\(id)/start")
        )
        #expect(started["status"] as? String == "running", "\(started)")
        let at = try #require(started["started_at"] as? String, "the start answer carries started_at: \(started)")
        let shown = try Self.object(try await Self.call(server, token, "GET", "/api/v1/ferrule/campaigns/\(id)"))
        #expect(shown["started_at"] as? String == at, "\(shown)")
        #expect(await server.terminate(timeout: .seconds(30)) == 0, "\(server.log)")
    }
}

import Campaigns
import FerruleJSON
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import FerruleServer

/// When a campaign was created, is scheduled, was started and finished, in every view of it; the
/// DotMac schedule and job views keep DotMac's `queued` without `started_at` until pushes begin.
@Suite("API campaign times")
struct APICampaignTimesTests {
    @Test("start answers with started_at, and get, list, progress and report show it; scheduled_at from the file")
    func startedAt() async throws {
        let harness = try APITestHarness(devices: 2)
        try await harness.test { client in
            let spec = """
                name: times
                configuration:
                  - periodicInform: {enabled: true, interval: 901}
                devices: {all: true}
                rollout:
                  scheduled_at: "2026-12-08T02:00:00Z"

                """
            let created = try await client.send(.createCampaign(spec: spec))
            let id = try #require(created.json["id"]?.stringValue, "\(created.text)")
            let createdAt = try #require(created.json["created_at"]?.stringValue)
            #expect(created.json["started_at"] == nil, "not started: left out")
            #expect(created.json["scheduled_at"]?.stringValue?.hasPrefix("2026-12-08T02:00:00") == true)
            let path = "/api/v1/ferrule/campaigns/\(id)"
            let beforeStart = try await client.send(APIRequest(path: path + "/progress"))
            #expect(beforeStart.json["created_at"]?.stringValue == createdAt)
            #expect(beforeStart.json["started_at"] == nil)

            // The clock stands at the creation time: started_at is the start request's time.
            let started = try await client.send(APIRequest(method: .post, path: path + "/start"))
            #expect(started.status == 200, "\(started.text)")
            #expect(started.json["status"]?.stringValue == "running")
            #expect(started.json["started_at"]?.stringValue == createdAt, "\(started.text)")
            let again = try await client.send(APIRequest(method: .post, path: path + "/start"))
            #expect(again.json == started.json, "a second start changes nothing")

            let views: [(String, JSONValue?)] = [
                ("get", try await client.send(APIRequest(path: path)).json),
                ("progress", try await client.send(APIRequest(path: path + "/progress")).json),
                ("report", try await client.send(APIRequest(path: path + "/report")).json["campaign"]),
                (
                    "list",
                    try await client.send(APIRequest(path: "/api/v1/ferrule/campaigns")).json["campaigns"]?.arrayValue?
                        .first
                ),
            ]
            for (name, view) in views {
                #expect(view?["started_at"]?.stringValue == createdAt, "\(name): \(view ?? .null)")
                #expect(view?["scheduled_at"]?.stringValue?.hasPrefix("2026-12-08T02:00:00") == true, "\(name)")
                #expect(view?["finished_at"] == nil, "\(name)")
            }
            let cancelled = try await client.send(APIRequest(method: .post, path: path + "/cancel"))
            #expect(cancelled.json["finished_at"]?.stringValue == createdAt, "\(cancelled.text)")
            #expect(cancelled.json["started_at"]?.stringValue == createdAt)
        }
    }

    @Test("execute: DotMac's queued without started_at; running with started_at (the execute's time) once pushing")
    func seedExecute() async throws {
        let harness = try APITestHarness(devices: 2)
        try await APICampaignRouteTests.uploadFirmware(harness)
        try await harness.test { client in
            let created = try await client.send(APICampaignRouteTests.scheduleRequest())
            let id = try #require(created.json["schedule"]?["schedule_id"]?.stringValue, "\(created.text)")
            let campaign = try #require(created.json["schedule"]?["campaign_id"]?.stringValue)
            let createdAt = try #require(created.json["schedule"]?["created_at"]?.stringValue)
            let path = "/api/v1/genieacs/firmware-upgrades/schedules/\(id)"
            let executed = try await client.send(APIRequest(method: .post, path: path + "/execute"))
            #expect(executed.json["schedule"]?["status"]?.stringValue == "queued")
            #expect(executed.json["schedule"]?["started_at"] == nil, "DotMac: queued has no started_at")
            // The campaign behind it was started by the execute.
            let view = try await client.send(APIRequest(path: "/api/v1/ferrule/campaigns/\(campaign)"))
            #expect(view.json["status"]?.stringValue == "running")
            #expect(view.json["started_at"] != nil, "\(view.text)")

            // The runner pushes the first device.
            let store = try TenantCampaignStores(root: harness.state.path).campaigns(for: "acme")
            var target = try #require(try await store.targets(campaign).first)
            target.state = .pushed
            try await store.save([target])
            let running = try await client.send(APIRequest(path: path))
            #expect(running.json["schedule"]?["status"]?.stringValue == "running", "\(running.text)")
            #expect(running.json["schedule"]?["started_at"]?.stringValue == createdAt, "the execute's time")
            let listed = try await client.send(APIRequest(path: "/api/v1/genieacs/firmware-upgrades/schedules"))
            #expect(listed.json["schedules"]?.arrayValue?.first?["started_at"]?.stringValue == createdAt)
        }
    }

    @Test("mass-config execute: queued without started_at, then running with it")
    func seedJobExecute() async throws {
        let harness = try APITestHarness(devices: 2)
        try await harness.test { client in
            let body = #"""
                {"name": "guest", "device_filter": {"query": {"_id": {"$exists": true}}},
                 "wifi": {"ssid": "Guest"}, "dry_run": false}
                """#
            let created = try await client.send(.massConfig(body))
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(created.json["job"]?["job_id"]?.stringValue)
            let campaign = try #require(created.json["job"]?["campaign_id"]?.stringValue)
            let createdAt = try #require(created.json["job"]?["created_at"]?.stringValue)
            let path = "/api/v1/genieacs/mass-config/jobs/\(id)"
            let executed = try await client.send(APIRequest(method: .post, path: path + "/execute"))
            #expect(executed.json["job"]?["status"]?.stringValue == "queued", "\(executed.text)")
            #expect(executed.json["job"]?["started_at"] == nil)
            let store = try TenantCampaignStores(root: harness.state.path).campaigns(for: "acme")
            var target = try #require(try await store.targets(campaign).first)
            target.state = .verifying
            try await store.save([target])
            let running = try await client.send(APIRequest(path: path))
            #expect(running.json["job"]?["status"]?.stringValue == "running", "\(running.text)")
            #expect(running.json["job"]?["started_at"]?.stringValue == createdAt, "\(running.text)")
        }
    }
}

import Campaigns
import FerruleJSON
import FerruleServer
import Foundation
import HTTPTypes
import Synchronization
import Testing

/// `POST …/firmware-upgrades/schedules/{id}/execute` starts the schedule now, not at its
/// `scheduled_at` (the document's summary; DotMac's execute queues the upgrade at once).
@Suite("API schedule execute")
struct APIScheduleExecuteTests {
    @Test("execute before scheduled_at: the campaign starts now (scheduled_at brought forward), the runner is woken")
    func executeStartsNow() async throws {
        var harness = try APITestHarness(devices: 2)
        try await APICampaignRouteTests.uploadFirmware(harness)
        let wakes = Wakes()
        harness.campaignStarted = { wakes.count.add(1, ordering: .relaxed) }
        let now = Date(timeIntervalSince1970: harness.now / 1000).formatted(.iso8601)  // 2026-12-07T00:00:00Z
        try await harness.test { [harness] client in
            // Tomorrow 02:00 in Berlin: a day after the harness's clock.
            let created = try await client.send(APICampaignRouteTests.scheduleRequest())
            let id = try #require(created.json["schedule"]?["schedule_id"]?.stringValue, "\(created.text)")
            let campaign = try #require(created.json["schedule"]?["campaign_id"]?.stringValue)
            #expect(created.json["schedule"]?["scheduled_at"]?.stringValue == "2026-12-08T01:00:00Z")
            let path = "/api/v1/genieacs/firmware-upgrades/schedules/\(id)"
            let executed = try await client.send(APIRequest(method: .post, path: path + "/execute"))
            #expect(executed.status == 200, "\(executed.text)")
            #expect(executed.json["schedule"]?["scheduled_at"]?.stringValue == now, "\(executed.text)")
            #expect(executed.json["schedule"]?["status"]?.stringValue == "queued")
            #expect(executed.json["schedule"]?["status_reason"] == nil, "no `starts at` left: \(executed.text)")
            #expect(wakes.count.load(ordering: .relaxed) == 1, "the runner is told at once")

            // What every runner reads: the stored definition starts now and is open now.
            let store = try TenantCampaignStores(root: harness.state.path).campaigns(for: "acme")
            let record = try #require(try await store.campaign(campaign))
            #expect(record.status == .running)
            let spec = try CampaignStart.spec(of: record)
            #expect(spec.rollout.startAt == harness.now)
            #expect(spec.rollout.isOpen(at: harness.now), "pushes may begin now")
            #expect(spec.rollout.maxConcurrent == 10, "the rest of the definition is unchanged")
            let events = try await store.events(campaign)
            #expect(
                events.contains {
                    $0.kind == "started" && $0.detail.contains("not at scheduled_at 2026-12-08T01:00:00Z")
                },
                "\(events)"
            )

            // Idempotent: a second execute changes nothing.
            let again = try await client.send(APIRequest(method: .post, path: path + "/execute"))
            #expect(again.json == executed.json)
            #expect(try await store.campaign(campaign)?.specText == record.specText)
            #expect(try await store.events(campaign).count == events.count)
            let view = try await client.send(APIRequest(path: "/api/v1/ferrule/campaigns/\(campaign)"))
            #expect(view.json["scheduled_at"]?.stringValue?.hasPrefix(String(now.dropLast())) == true, "\(view.text)")
        }
    }

    @Test("execute of a schedule already due changes nothing of its definition")
    func executeWhenDue() async throws {
        let harness = try APITestHarness(devices: 2, now: APITestHarness.monday + 2 * 86_400_000)
        try await APICampaignRouteTests.uploadFirmware(harness)
        try await harness.test { [harness] client in
            let created = try await client.send(APICampaignRouteTests.scheduleRequest())
            let id = try #require(created.json["schedule"]?["schedule_id"]?.stringValue, "\(created.text)")
            let campaign = try #require(created.json["schedule"]?["campaign_id"]?.stringValue)
            let store = try TenantCampaignStores(root: harness.state.path).campaigns(for: "acme")
            let before = try #require(try await store.campaign(campaign))
            let path = "/api/v1/genieacs/firmware-upgrades/schedules/\(id)/execute"
            let executed = try await client.send(APIRequest(method: .post, path: path))
            #expect(executed.status == 200, "\(executed.text)")
            #expect(executed.json["schedule"]?["scheduled_at"]?.stringValue == "2026-12-08T01:00:00Z")
            #expect(try await store.campaign(campaign)?.specText == before.specText)
            #expect(try await store.campaign(campaign)?.status == .running)
        }
    }
}

/// How often the API told the runner a campaign was started.
private final class Wakes: Sendable {
    let count = Atomic(0)
}

import Campaigns
import FerruleJSON
import Foundation
import HTTPTypes
import Testing

@testable import FerruleServer

/// The report's event log is paged with its size and a truncation flag; the campaign's own
/// events (created, started, paused …) are always there, however many device events follow.
@Suite("GET /ferrule/campaigns/{id}/report: the event log")
struct APICampaignReportEventsTests {
    @Test(
        "1,500 device events: the newest 1,000 with events_total and events_truncated; created kept; pages by events_skip"
    )
    func pagedEvents() async throws {
        let harness = try APITestHarness(devices: 2)
        try await harness.test { client in
            let spec =
                "name: many-events\nconfiguration:\n  - periodicInform: {enabled: true, interval: 901}\ndevices: {all: true}\n"
            let created = try await client.send(.createCampaign(spec: spec))
            let id = try #require(created.json["id"]?.stringValue, "\(created.text)")
            let store = try TenantCampaignStores(root: harness.state.path).campaigns(for: "acme")
            let device = try #require(try await store.targets(id).first?.deviceID)
            try await store.append(
                (0..<1500).map {
                    CampaignEvent(
                        campaignID: id,
                        deviceID: device,
                        at: Double($0),
                        kind: "retry",
                        detail: "retry \($0)"
                    )
                }
            )
            let total = try await store.eventCount(id)
            #expect(total == 1501)

            let report = try await client.send(APIRequest(path: "/api/v1/ferrule/campaigns/\(id)/report?limit=1"))
            #expect(report.status == 200, "\(report.text)")
            #expect(report.json["events"]?.arrayValue?.count == 1000)
            #expect(report.json["events"]?.arrayValue?.last?["detail"]?.stringValue == "retry 1499")
            #expect(report.json["events_total"]?.intValue == total)
            #expect(report.json["events_truncated"]?.boolValue == true)
            let own = report.json["campaign_events"]?.arrayValue ?? []
            #expect(own.map { $0["kind"]?.stringValue } == ["created"], "\(own)")

            let first = try await client.send(
                APIRequest(path: "/api/v1/ferrule/campaigns/\(id)/report?limit=1&events_skip=0&events_limit=2")
            )
            let page = first.json["events"]?.arrayValue ?? []
            #expect(page.map { $0["kind"]?.stringValue } == ["created", "retry"], "\(first.text)")
            #expect(first.json["events_truncated"]?.boolValue == true)
            let last = try await client.send(
                APIRequest(path: "/api/v1/ferrule/campaigns/\(id)/report?limit=1&events_skip=1500&events_limit=10")
            )
            #expect(last.json["events"]?.arrayValue?.map { $0["detail"]?.stringValue } == ["retry 1499"])
            let whole = try await client.send(
                APIRequest(path: "/api/v1/ferrule/campaigns/\(id)/report?limit=1&events_skip=0&events_limit=10000")
            )
            #expect(whole.json["events_truncated"]?.boolValue == false)
            #expect(whole.json["events"]?.arrayValue?.count == total)
        }
    }
}

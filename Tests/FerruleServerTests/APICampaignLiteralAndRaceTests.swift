import FerruleJSON
import Foundation
import HTTPTypes
import Testing

/// Free text stays free text, and requests racing on one campaign get answers a client can act on.
@Suite("API campaign routes: literal descriptions and racing requests")
struct APICampaignLiteralAndRaceTests {
    @Test("a schedule or job description with ${…} is taken literally, not as a variable")
    func literalDescription() async throws {
        let harness = try APITestHarness(devices: 2)
        try await APICampaignRouteTests.uploadFirmware(harness)
        try await harness.test { client in
            let schedule = APICampaignRouteTests.schedule.replacingOccurrences(
                of: #""HG8245H to FW2""#,
                with: #""Promo: ${price} off""#
            )
            let created = try await client.send(APICampaignRouteTests.scheduleRequest(schedule))
            #expect(created.status == 201, "\(created.text)")
            #expect(created.json["schedule"]?["description"]?.stringValue == "Promo: ${price} off", "\(created.text)")
        }
    }

    @Test("pauses racing on one campaign: one wins, the others get 200 or 409, never 500")
    func racingPauses() async throws {
        let harness = try APITestHarness(devices: 2)
        try await harness.test { client in
            let spec = "name: race\nconfiguration:\n  - wifi: {band: 2.4GHz, ssid: Race}\ndevices: {all: true}\n"
            let created = try await client.send(.createCampaign(spec: spec))
            let id = try #require(created.json["id"]?.stringValue, "\(created.text)")
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<16 {
                    group.addTask {
                        try await client.send(APIRequest(method: .post, path: "/api/v1/ferrule/campaigns/\(id)/pause"))
                            .status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 200 || $0 == 409 }, "\(statuses)")
            #expect(statuses.contains(200), "\(statuses)")
        }
    }
}

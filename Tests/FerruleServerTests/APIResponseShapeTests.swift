import FerruleJSON
import Foundation
import HTTPTypes
import Testing

/// What every answer looks like, whatever the route: an optional field that has no value is left
/// out (the generated encoder never writes `null` for it), and every error carries a string `detail`.
@Suite("API response shapes")
struct APIResponseShapeTests {
    /// The paths of members whose value is `null`, anywhere in `value`.
    static func nulls(_ value: JSONValue, at path: String = "$") -> [String] {
        switch value {
        case .null: [path]
        case .array(let items): items.enumerated().flatMap { nulls($0.element, at: "\(path)[\($0.offset)]") }
        case .object(let members): members.flatMap { nulls($0.1, at: "\(path).\($0.0)") }
        default: []
        }
    }

    @Test("absent optional fields are omitted, never null, in device, statistics, schedule and job answers")
    func noNulls() async throws {
        let harness = try APITestHarness(devices: 3)
        try await APICampaignRouteTests.uploadFirmware(harness)
        try await harness.test { client in
            let created = try await client.send(APICampaignRouteTests.scheduleRequest())
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(created.json["schedule"]?["schedule_id"]?.stringValue)
            #expect(created.json["schedule"]?["description"]?.stringValue == "HG8245H to FW2")
            #expect(created.json["schedule"]?["started_at"] == nil, "not started: left out, not null")
            for path in [
                "/api/v1/genieacs/devices", "/api/v1/genieacs/devices/stats/summary", "/api/v1/genieacs/health",
                "/api/v1/genieacs/firmware-upgrades/schedules", "/api/v1/genieacs/firmware-upgrades/schedules/\(id)",
                "/api/v1/genieacs/mass-config/jobs", "/api/v1/ferrule/campaigns",
            ] {
                let response = try await client.send(APIRequest(path: path))
                #expect(response.status == 200, "\(path): \(response.text)")
                #expect(Self.nulls(response.json).isEmpty, "\(path): \(Self.nulls(response.json))")
            }
        }
    }

    @Test("every error answer has a string detail: 401, 403, 404, 409, 422 and 503")
    func errorsHaveDetail() async throws {
        let harness = try APITestHarness(devices: 1)
        try await harness.test { client in
            let requests: [(APIRequest, Int)] = [
                (APIRequest(path: "/api/v1/genieacs/devices", tenant: nil), 401),
                (APIRequest(path: "/api/v1/genieacs/devices", permissions: "isp.network.pon.read"), 403),
                (APIRequest(path: "/api/v1/genieacs/devices/nope"), 404),
                (APIRequest(path: "/api/v1/genieacs/firmware-upgrades/schedules/nope"), 404),
                (APIRequest(method: .post, path: "/api/v1/genieacs/tasks/reboot", body: "{"), 422),
                (APIRequest(method: .post, path: "/api/v1/genieacs/tasks/reboot", body: #"{"device":1}"#), 422),
                (APIRequest(path: "/api/v1/genieacs/devices?limit=abc"), 422),
                (APIRequest(path: "/api/v1/voltha/devices"), 503),
                (APIRequest(path: "/api/v1/genieacs/devices", tenant: "bare"), 503),
            ]
            for (request, status) in requests {
                let response = try await client.send(request)
                #expect(response.status == status, "\(request.method) \(request.path): \(response.text)")
                let detail = response.detail ?? ""
                #expect(!detail.isEmpty, "\(request.method) \(request.path): \(response.text)")
                #expect(Self.nulls(response.json).isEmpty, "\(request.path): \(response.text)")
            }
        }
    }
}

import FerruleJSON
import Foundation
import GenieACS
import GenieACSStandIn
import HTTPTypes
import Testing

/// Firmware schedules and mass-config jobs create campaigns too: their create answers carry the
/// same `warnings` as `POST /ferrule/campaigns` (a canary holding every target, waves that get no
/// device), each naming its wave in the request.
@Suite("API request campaign warnings")
struct APIRequestCampaignWarningTests {
    /// The codes and files of a create answer's `warnings`.
    static func warnings(_ answer: JSONValue) throws -> [(code: String?, file: String?, line: JSONValue?)] {
        let list = try #require(answer["warnings"]?.arrayValue, "no warnings array: \(answer.compactText)")
        return list.map { ($0["code"]?.stringValue, $0["file"]?.stringValue, $0["line"]) }
    }

    @Test("a firmware schedule whose canary holds every device: 201 with canary-holds-every-target and empty-waves")
    func schedule() async throws {
        let harness = try APITestHarness(devices: 3)
        try await APICampaignRouteTests.uploadFirmware(harness)
        try await harness.test { client in
            let body = #"""
                {"name": "canary-all", "firmware_file": "FW2.bin", "device_filter": {"_id": {"$exists": true}},
                 "scheduled_at": "2026-12-08T02:00:00Z", "rollout": {"waves": [{"canary": 200}, "10%"]}}
                """#
            let created = try await client.send(APICampaignRouteTests.scheduleRequest(body))
            #expect(created.status == 201, "\(created.text)")
            #expect(created.json["total_devices"]?.intValue == 3, "created all the same")
            let warnings = try Self.warnings(created.json)
            #expect(warnings.map(\.code) == ["canary-holds-every-target", "empty-waves"], "\(created.text)")
            #expect(warnings.map(\.file) == ["rollout.waves[0]", "rollout.waves[1]"], "\(created.text)")
            #expect(warnings.allSatisfy { $0.line == nil || $0.line == .null }, "no position in generated text")
            let canary = try #require(created.json["warnings"]?.arrayValue?.first)
            #expect(canary["severity"]?.stringValue == "warning")
            #expect(canary["message"]?.stringValue?.contains("holds all 3 target(s)") == true, "\(created.text)")
            #expect(
                canary["text"]?.stringValue?.hasPrefix("rollout.waves[0]: warning[canary-holds-every-target]: ")
                    == true,
                "\(created.text)"
            )
            // A schedule's own answer after create lists no warnings.
            let id = try #require(created.json["schedule"]?["schedule_id"]?.stringValue)
            let shown = try await client.send(APIRequest(path: "/api/v1/genieacs/firmware-upgrades/schedules/\(id)"))
            #expect(shown.status == 200)
            #expect(shown.json["warnings"] == nil, "\(shown.text)")
        }
    }

    @Test("a schedule at a time that happens twice, in an Etc/GMT zone: the reader's warnings name the fields")
    func readerWarningsOfSchedule() async throws {
        for (zone, at, code, field) in [
            ("Europe/Berlin", "2027-10-31T02:30", "ambiguous-time", "scheduled_at"),
            ("Etc/GMT+1", "2027-06-01T10:00", "inverted-zone", "timezone"),
        ] {
            // A harness each: the second schedule would target the devices the first holds (409).
            let harness = try APITestHarness(devices: 3)
            try await APICampaignRouteTests.uploadFirmware(harness)
            try await harness.test { client in
                let body = """
                    {"name": "tz", "firmware_file": "FW2.bin", "device_filter": {"_id": {"$exists": true}},
                     "scheduled_at": "\(at)", "timezone": "\(zone)"}
                    """
                let created = try await client.send(APICampaignRouteTests.scheduleRequest(body))
                #expect(created.status == 201, "\(created.text)")
                let warnings = try Self.warnings(created.json)
                #expect(warnings.map(\.code) == [code], "\(created.text)")
                #expect(warnings.map(\.file) == [field], "\(created.text)")
            }
        }
    }

    @Test("POST /ferrule/campaigns returns the file's own warnings, as `campaign create` prints them")
    func readerWarningsOfCampaignFile() async throws {
        let harness = try APITestHarness(devices: 3)
        try await harness.test { client in
            let spec =
                "name: amb\nconfiguration:\n  - wifi: {band: 2.4GHz, ssid: x}\ndevices: {all: true}\n"
                + "rollout:\n  scheduled_at: \"2027-10-31T02:30\"\n  timezone: Europe/Berlin\n"
            let created = try await client.send(.createCampaign(spec: spec))
            #expect(created.status == 201, "\(created.text)")
            let warnings = try Self.warnings(created.json)
            #expect(warnings.map(\.code) == ["ambiguous-time"], "\(created.text)")
            #expect(warnings.first?.line?.intValue == 6, "\(created.text)")
        }
    }

    @Test("a sane schedule: 201 with an empty warnings array")
    func saneSchedule() async throws {
        let harness = try APITestHarness(devices: 3)
        try await APICampaignRouteTests.uploadFirmware(harness)
        try await harness.test { client in
            let created = try await client.send(APICampaignRouteTests.scheduleRequest())
            #expect(created.status == 201, "\(created.text)")
            #expect(try Self.warnings(created.json).isEmpty, "\(created.text)")
        }
    }

    @Test("a mass-config job and its dry run whose canary holds every device: 201 with the warnings")
    func massConfig() async throws {
        let harness = try APITestHarness(devices: 3)
        try await harness.test { client in
            let body = #"""
                {"name": "guest wifi", "device_filter": {"query": {"_id": {"$exists": true}}},
                 "wifi": {"ssid": "Guest"}, "rollout": {"waves": [{"canary": 3}, 1]}, "dry_run": true}
                """#
            let dry = try await client.send(.massConfig(body))
            #expect(dry.status == 201, "\(dry.text)")
            #expect(try Self.warnings(dry.json).map(\.code) == ["canary-holds-every-target", "empty-waves"])

            let real = try await client.send(
                .massConfig(body.replacingOccurrences(of: #""dry_run": true"#, with: #""dry_run": false"#))
            )
            #expect(real.status == 201, "\(real.text)")
            #expect(real.json["results"]?.arrayValue?.count == 3, "created all the same")
            let warnings = try Self.warnings(real.json)
            #expect(warnings.map(\.code) == ["canary-holds-every-target", "empty-waves"], "\(real.text)")
            #expect(warnings.map(\.file) == ["rollout.waves[0]", "rollout.waves[1]"], "\(real.text)")
        }
    }
}

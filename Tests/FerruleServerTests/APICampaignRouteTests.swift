import FerruleCore
import FerruleJSON
import Foundation
import GenieACS
import GenieACSStandIn
import HTTPTypes
import Testing

/// Firmware schedules, mass-configuration jobs and Ferrule campaigns: DotMac's request bodies
/// become campaigns in the tenant's own store.
@Suite("API campaign routes")
struct APICampaignRouteTests {
    /// DotMac's `FirmwareUpgradeScheduleCreate`, as a DotMac client sends it.
    static let schedule = #"""
        {"name": "Q4 upgrade", "description": "HG8245H to FW2", "firmware_file": "FW2.bin",
         "file_type": "1 Firmware Upgrade Image", "device_filter": {"_id": {"$exists": true}},
         "scheduled_at": "2026-12-08T02:00:00", "timezone": "Europe/Berlin", "max_concurrent": 10}
        """#

    /// `body` (DotMac's ``schedule`` unless given) posted to the schedule route.
    static func scheduleRequest(_ body: String = schedule) -> APIRequest {
        APIRequest(method: .post, path: "/api/v1/genieacs/firmware-upgrades/schedule", body: body)
    }

    static func uploadFirmware(_ harness: APITestHarness) async throws {
        try await harness.genieacs.nbi.uploadFile(
            "FW2.bin",
            contents: Array("image".utf8),
            metadata: FileMetadata(version: "FW2")
        )
    }

    @Test("a schedule from DotMac's body: 201, its targets frozen, the zone honoured, pending until due")
    func createSchedule() async throws {
        let harness = try APITestHarness(devices: 3)
        try await Self.uploadFirmware(harness)
        try await harness.test { client in
            let created = try await client.send(Self.scheduleRequest())
            #expect(created.status == 201, "\(created.text)")
            let schedule = created.json["schedule"]
            let id = try #require(schedule?["schedule_id"]?.stringValue)
            #expect(UUID(uuidString: id) != nil)
            #expect(schedule?["name"]?.stringValue == "Q4 upgrade")
            #expect(schedule?["firmware_file"]?.stringValue == "FW2.bin")
            #expect(schedule?["timezone"]?.stringValue == "Europe/Berlin")
            #expect(schedule?["max_concurrent"]?.intValue == 10)
            #expect(schedule?["status"]?.stringValue == "pending")
            // 02:00 in Berlin on 8 December is 01:00 UTC: the zone is honoured.
            #expect(schedule?["scheduled_at"]?.stringValue == "2026-12-08T01:00:00Z")
            #expect(schedule?["device_filter"]?["_id"]?["$exists"]?.boolValue == true)
            #expect(created.json["total_devices"]?.intValue == 3)
            #expect(created.json["pending_devices"]?.intValue == 3)
            #expect(created.json["completed_devices"]?.intValue == 0)
            #expect(created.json["failed_devices"]?.intValue == 0)
            #expect(
                created.json["results"]?.arrayValue?.map { $0["status"]?.stringValue } == [
                    "pending", "pending", "pending",
                ]
            )

            let list = try await client.send(APIRequest(path: "/api/v1/genieacs/firmware-upgrades/schedules"))
            #expect(list.json["total"]?.intValue == 1)
            #expect(list.json["schedules"]?.arrayValue?.first?["schedule_id"]?.stringValue == id)

            // Another tenant does not see it.
            let foreign = try await client.send(
                APIRequest(path: "/api/v1/genieacs/firmware-upgrades/schedules/\(id)", tenant: "globex")
            )
            #expect(foreign.status == 404)
            #expect(foreign.detail == "Firmware upgrade schedule \(id) not found")
            let foreignList = try await client.send(
                APIRequest(path: "/api/v1/genieacs/firmware-upgrades/schedules", tenant: "globex")
            )
            #expect(foreignList.json["total"]?.intValue == 0)
        }
    }

    @Test("a timezone with a NUL or other stray bytes is 422 every time, also after the zone itself was used")
    func zoneWithNUL() async throws {
        let harness = try APITestHarness(devices: 1)
        try await Self.uploadFirmware(harness)
        try await harness.test { client in
            func schedule(_ zone: String) async throws -> APIResponse {
                try await client.send(
                    Self.scheduleRequest(Self.schedule.replacingOccurrences(of: "Europe/Berlin", with: zone))
                )
            }
            #expect(try await schedule("Asia/Tokyo").status == 201)
            for zone in [#"Asia/Tokyo\u0000junk"#, "Asia/Tokyo ", #"Asia/Tokyo\u0085"#] {
                let refused = try await schedule(zone)
                #expect(refused.status == 422, "\(zone): \(refused.text)")
            }
        }
    }

    @Test("execute is idempotent, cancel answers 200 with DotMac's body and stops the campaign, a second cancel is 409")
    func executeAndCancel() async throws {
        let harness = try APITestHarness(devices: 2)
        try await Self.uploadFirmware(harness)
        try await harness.test { client in
            let created = try await client.send(Self.scheduleRequest())
            let id = try #require(created.json["schedule"]?["schedule_id"]?.stringValue)
            let campaign = try #require(created.json["schedule"]?["campaign_id"]?.stringValue)
            let path = "/api/v1/genieacs/firmware-upgrades/schedules/\(id)"
            let first = try await client.send(APIRequest(method: .post, path: path + "/execute"))
            #expect(first.status == 200)
            #expect(first.json["schedule"]?["status"]?.stringValue == "queued")
            let second = try await client.send(APIRequest(method: .post, path: path + "/execute"))
            #expect(second.json == first.json)
            let running = try await client.send(APIRequest(path: "/api/v1/ferrule/campaigns/\(campaign)"))
            #expect(running.json["status"]?.stringValue == "running")

            let cancel = try await client.send(APIRequest(method: .delete, path: path))
            #expect(cancel.status == 200)
            #expect(
                cancel.json == .object([("message", .string("Schedule \(id) cancelled")), ("success", .bool(true))])
            )
            let after = try await client.send(APIRequest(path: path))
            #expect(after.json["schedule"]?["status"]?.stringValue == "cancelled")
            #expect(after.json["schedule"]?["completed_at"]?.stringValue != nil)
            let stopped = try await client.send(APIRequest(path: "/api/v1/ferrule/campaigns/\(campaign)"))
            #expect(stopped.json["status"]?.stringValue == "cancelled", "the campaign itself stops")
            let again = try await client.send(APIRequest(method: .delete, path: path))
            #expect(again.status == 409)
            #expect(again.detail == "Cannot cancel schedule with status: cancelled")
            let execute = try await client.send(APIRequest(method: .post, path: path + "/execute"))
            #expect(execute.status == 409)
        }
    }

    @Test("a schedule without target_version takes the file's metadata.version; a missing file is 400")
    func targetVersion() async throws {
        try await APITestHarness(devices: 1).test { client in
            let missing = try await client.send(Self.scheduleRequest())
            #expect(missing.status == 400)
            #expect(missing.detail?.contains("FW2.bin is not on the GenieACS file server") == true)
            let empty = try await client.send(
                Self.scheduleRequest(Self.schedule.replacingOccurrences(of: #"{"_id": {"$exists": true}}"#, with: "{}"))
            )
            #expect(empty.status == 422)
            #expect(empty.detail?.contains("would target every device") == true)
        }
    }

    @Test("a schedule with target_version still needs its file on the GenieACS file server: 400 until it is uploaded")
    func targetVersionNeedsFile() async throws {
        let harness = try APITestHarness(devices: 1)
        let body = Self.schedule.replacingOccurrences(
            of: #""max_concurrent": 10"#,
            with: #""max_concurrent": 10, "target_version": "FW2""#
        )
        try await harness.test { client in
            let request = Self.scheduleRequest(body)
            let missing = try await client.send(request)
            #expect(missing.status == 400, "\(missing.text)")
            #expect(
                missing.detail
                    == "Failed to create firmware upgrade schedule: file FW2.bin is not on the GenieACS file server; "
                    + "upload it first (ferrule acs files)"
            )
            let list = try await client.send(APIRequest(path: "/api/v1/genieacs/firmware-upgrades/schedules"))
            #expect(list.json["total"]?.intValue == 0)
            try await Self.uploadFirmware(harness)
            let created = try await client.send(request)
            #expect(created.status == 201, "\(created.text)")
        }
    }

    /// Review 2, finding 2: only top-level `$` keys were checked, so a filter with an operator inside a
    /// field reached GenieACS, stopped its NBI worker on each of three attempts and answered 504 after ~31 s.
    @Test("a schedule or mass-config filter that would stop the GenieACS NBI worker is 422, unsent, at any depth")
    func workerCrashingFilters() async throws {
        let harness = try APITestHarness(devices: 1)
        try await Self.uploadFirmware(harness)
        try await harness.test { client in
            for (filter, says) in [
                (#"{"_tags": {"$foo": 1}}"#, "device_filter at _tags.$foo: `$foo` is not an operator MongoDB knows"),
                (#"{"$or": [{"_id": {"$regex": "(a+"}}]}"#, "device_filter at $or[0]._id.$regex: the `$regex`"),
            ] {
                let body = #"""
                    {"name": "x", "firmware_file": "FW2.bin", "device_filter": \#(filter),
                     "scheduled_at": "2027-12-05T12:00:00Z", "timezone": "UTC", "max_concurrent": 10}
                    """#
                let refused = try await client.send(Self.scheduleRequest(body))
                #expect(refused.status == 422, "\(filter): \(refused.text)")
                #expect(refused.detail?.contains(says) == true, "\(filter): \(refused.text)")
                #expect(refused.detail?.contains("not sent") == true, "\(refused.text)")
            }
            let job = #"""
                {"name": "wifi", "device_filter": {"query": {"_tags": {"$in": "beta"}}, "expected_count": 1},
                 "wifi": {"ssid": "Guest"}, "dry_run": true}
                """#
            let refused = try await client.send(.massConfig(job))
            #expect(refused.status == 422, "\(refused.text)")
            #expect(
                refused.detail?.contains("device_filter.query at _tags.$in: `$in` needs a list of values") == true,
                "\(refused.text)"
            )
            let list = try await client.send(APIRequest(path: "/api/v1/genieacs/firmware-upgrades/schedules"))
            #expect(list.json["total"]?.intValue == 0)
        }
    }

    @Test("a mass-config dry run previews the devices and cannot be executed; a real job runs as a campaign")
    func massConfig() async throws {
        let harness = try APITestHarness(devices: 3)
        let ids = harness.genieacs.deviceIDs()
        try await harness.test { client in
            let body = #"""
                {"name": "guest wifi", "device_filter": {"query": {"_id": {"$exists": true}}, "expected_count": 3},
                 "wifi": {"ssid": "Guest", "password": "welcome-home"}, "dry_run": true}
                """#
            let dry = try await client.send(.massConfig(body))
            #expect(dry.status == 201, "\(dry.text)")
            #expect(dry.json["preview"]?.arrayValue?.compactMap(\.stringValue) == ids)
            #expect(dry.json["job"]?["dry_run"]?.boolValue == true)
            #expect(dry.json["job"]?["status"]?.stringValue == "pending")
            #expect(dry.json["job"]?["total_devices"]?.intValue == 3)
            let jobID = try #require(dry.json["job"]?["job_id"]?.stringValue)
            let execute = try await client.send(
                APIRequest(method: .post, path: "/api/v1/genieacs/mass-config/jobs/\(jobID)/execute")
            )
            #expect(execute.status == 409)
            #expect(execute.detail?.hasPrefix("Cannot execute dry-run job") == true)

            let mismatch = try await client.send(
                .massConfig(body.replacingOccurrences(of: #""expected_count": 3"#, with: #""expected_count": 7"#))
            )
            #expect(mismatch.status == 400)
            #expect(mismatch.detail == "Device count mismatch: expected 7, found 3")

            let real = try await client.send(
                .massConfig(body.replacingOccurrences(of: #""dry_run": true"#, with: #""dry_run": false"#))
            )
            #expect(real.status == 201, "\(real.text)")
            #expect(real.json["preview"] == nil)
            let results = real.json["results"]?.arrayValue ?? []
            #expect(results.count == 3)
            let changed = results.first?["parameters_changed"]?.objectMembers ?? []
            #expect(changed.contains { $0.0.hasSuffix(".SSID") && $0.1 == .string("Guest") })
            #expect(changed.contains { $0.1 == .string("welcome-home") } == false, "the passphrase is masked")
            let realID = try #require(real.json["job"]?["job_id"]?.stringValue)
            let queued = try await client.send(
                APIRequest(method: .post, path: "/api/v1/genieacs/mass-config/jobs/\(realID)/execute")
            )
            #expect(queued.json["job"]?["status"]?.stringValue == "queued")
            let jobs = try await client.send(APIRequest(path: "/api/v1/genieacs/mass-config/jobs"))
            #expect(jobs.json["jobs"]?.arrayValue?.first?["job_id"]?.stringValue == realID, "newest first")
        }
    }

    @Test("a campaign using a secret the tenant does not hold is 422 at create; with it, 201")
    func missingSecretAtCreate() async throws {
        var configured = try APITestHarness(devices: 2)
        configured.secrets = ["acme": SecretStore(values: ["WIFI": "Wp-s3cret-123"])]
        let harness = configured
        try await harness.test { client in
            func create(_ secret: String) async throws -> APIResponse {
                let spec = """
                    name: wifi
                    configuration:
                      - wifi: {band: 2.4GHz, ssid: Acme, passphrase: "${secret:\(secret)}"}
                    devices: {all: true}

                    """
                return try await client.send(.createCampaign(spec: spec))
            }
            let refused = try await create("NOPE")
            #expect(refused.status == 422, "\(refused.text)")
            #expect(refused.detail?.contains("${secret:NOPE}") == true && refused.detail?.contains("NOPE=…") == true)
            let list = try await client.send(APIRequest(path: "/api/v1/ferrule/campaigns"))
            #expect(list.json["total"]?.intValue == 0, "nothing was created: \(list.text)")
            let created = try await create("WIFI")
            #expect(created.status == 201, "\(created.text)")
            #expect(!created.text.contains("Wp-s3cret-123"))
        }
    }

    @Test("a campaign file through the API: created, progress, pause and resume; another tenant gets 404")
    func campaigns() async throws {
        let harness = try APITestHarness(devices: 2)
        try await harness.test { client in
            let spec = """
                name: wifi-rename
                configuration:
                  - wifi: {band: 2.4GHz, ssid: Acme-API}
                devices: {all: true}

                """
            let created = try await client.send(.createCampaign(spec: spec))
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(created.json["id"]?.stringValue)
            #expect(created.json["status"]?.stringValue == "created")
            let progress = try await client.send(APIRequest(path: "/api/v1/ferrule/campaigns/\(id)/progress"))
            #expect(progress.json["total"]?.intValue == 2)
            #expect(progress.json["counts"]?["pending"]?.intValue == 2)
            let paused = try await client.send(APIRequest(method: .post, path: "/api/v1/ferrule/campaigns/\(id)/pause"))
            #expect(paused.json["status"]?.stringValue == "paused")
            let resumed = try await client.send(
                APIRequest(method: .post, path: "/api/v1/ferrule/campaigns/\(id)/resume")
            )
            // Paused before anyone started it: resumed, it waits for a start again.
            #expect(resumed.json["status"]?.stringValue == "created")
            let started = try await client.send(
                APIRequest(method: .post, path: "/api/v1/ferrule/campaigns/\(id)/start")
            )
            #expect(started.json["status"]?.stringValue == "running")
            let report = try await client.send(APIRequest(path: "/api/v1/ferrule/campaigns/\(id)/report?limit=1"))
            #expect(report.json["targets"]?.arrayValue?.count == 1)
            #expect((report.json["events"]?.arrayValue?.count ?? 0) >= 3)
            let second = try await client.send(
                APIRequest(path: "/api/v1/ferrule/campaigns/\(id)/report?state=pending&skip=1&limit=5")
            )
            let secondPage = second.json["targets"]?.arrayValue ?? []
            #expect(secondPage.count == 1, "\(second.text)")
            #expect(secondPage.first?["state"]?.stringValue == "pending")
            let beyond = try await client.send(
                APIRequest(path: "/api/v1/ferrule/campaigns/\(id)/report?state=pending&skip=2&limit=5")
            )
            #expect(beyond.json["targets"]?.arrayValue?.isEmpty == true, "\(beyond.text)")
            let badState = try await client.send(
                APIRequest(path: "/api/v1/ferrule/campaigns/\(id)/report?state=bogus")
            )
            #expect(badState.status == 422)
            #expect(
                badState.detail?.hasPrefix("Request validation failed: state must be one of pending,") == true,
                "the query parameter is named, not the body: \(badState.text)"
            )
            let foreign = try await client.send(APIRequest(path: "/api/v1/ferrule/campaigns/\(id)", tenant: "globex"))
            #expect(foreign.status == 404)

            let bad = try await client.send(.createCampaign(spec: "name: x\nfirmware: {file: a}\n"))
            #expect(bad.status == 422)
            #expect(bad.detail?.contains("campaign.yaml:") == true, "diagnostics keep file:line:col")
        }
    }
}

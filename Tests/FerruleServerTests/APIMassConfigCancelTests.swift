import FerruleJSON
import Foundation
import HTTPTypes
import Testing

/// A cancelled mass-configuration job reports counts that add up, dry run or not.
@Suite("API mass-config cancel")
struct APIMassConfigCancelTests {
    /// The job object's counts: total, then completed, failed, pending, skipped.
    static func counts(_ job: JSONValue?) -> (total: Int?, parts: [Int?]) {
        (
            job?["total_devices"]?.intValue,
            ["completed_devices", "failed_devices", "pending_devices", "skipped_devices"].map { job?[$0]?.intValue }
        )
    }

    @Test("a cancelled dry run: its devices are skipped, so completed + failed + pending + skipped = total")
    func cancelledDryRun() async throws {
        let harness = try APITestHarness(devices: 3)
        try await harness.test { client in
            let body = #"""
                {"name": "guest wifi", "device_filter": {"query": {"_id": {"$exists": true}}},
                 "wifi": {"ssid": "Guest"}, "dry_run": true}
                """#
            let dry = try await client.send(.massConfig(body))
            #expect(dry.status == 201, "\(dry.text)")
            #expect(Self.counts(dry.json["job"]) == (3, [0, 0, 3, 0]), "\(dry.text)")
            let id = try #require(dry.json["job"]?["job_id"]?.stringValue)
            let path = "/api/v1/genieacs/mass-config/jobs/\(id)"
            let cancel = try await client.send(APIRequest(method: .delete, path: path))
            #expect(cancel.status == 200, "\(cancel.text)")
            let job = try await client.send(APIRequest(path: path))
            #expect(job.json["job"]?["status"]?.stringValue == "cancelled", "\(job.text)")
            #expect(Self.counts(job.json["job"]) == (3, [0, 0, 0, 3]), "\(job.text)")
            let listed = try await client.send(APIRequest(path: "/api/v1/genieacs/mass-config/jobs"))
            let entry = listed.json["jobs"]?.arrayValue?.first
            #expect(Self.counts(entry) == (3, [0, 0, 0, 3]), "\(listed.text)")
        }
    }

    @Test("a cancelled job that was not a dry run: its unpushed devices are skipped, the counts add up")
    func cancelledJob() async throws {
        let harness = try APITestHarness(devices: 3)
        try await harness.test { client in
            let body = #"""
                {"name": "guest wifi", "device_filter": {"query": {"_id": {"$exists": true}}},
                 "wifi": {"ssid": "Guest"}, "dry_run": false}
                """#
            let created = try await client.send(.massConfig(body))
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(created.json["job"]?["job_id"]?.stringValue)
            let path = "/api/v1/genieacs/mass-config/jobs/\(id)"
            #expect(try await client.send(APIRequest(method: .delete, path: path)).status == 200)
            let job = try await client.send(APIRequest(path: path))
            #expect(job.json["job"]?["status"]?.stringValue == "cancelled", "\(job.text)")
            #expect(Self.counts(job.json["job"]) == (3, [0, 0, 0, 3]), "\(job.text)")
        }
    }
}

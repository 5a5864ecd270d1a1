import Campaigns
import FerruleJSON
import Foundation
import HTTPTypes
import HummingbirdTesting
import Synchronization
import Testing

@testable import FerruleServer

/// A schedule's progress answer is kept between polls, and never outlives a commit, its start
/// time, or a caller the handler would refuse.
@Suite("Schedule progress answers kept between writes")
struct ProgressCacheTests {
    /// A clock a test moves by hand.
    final class ManualClock: CampaignClock {
        private let time: Mutex<Double>
        init(_ time: Double) { self.time = Mutex(time) }
        func now() -> Double { time.withLock { $0 } }
        func set(_ value: Double) { time.withLock { $0 = value } }
        func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
    }

    static func createSchedule(_ client: any TestClientProtocol) async throws -> (id: String, campaign: String) {
        let created = try await client.send(APICampaignRouteTests.scheduleRequest())
        #expect(created.status == 201, "\(created.text)")
        return (
            try #require(created.json["schedule"]?["schedule_id"]?.stringValue),
            try #require(created.json["schedule"]?["campaign_id"]?.stringValue)
        )
    }

    @Test("every commit shows at the next GET: another connection's target and campaign writes, the API's cancel")
    func commitsShowAtOnce() async throws {
        let harness = try APITestHarness(devices: 3)
        try await APICampaignRouteTests.uploadFirmware(harness)
        let file = harness.state.appendingPathComponent("tenants/acme/campaigns.sqlite").path
        try await harness.test { client in
            let (id, campaign) = try await Self.createSchedule(client)
            let path = "/api/v1/genieacs/firmware-upgrades/schedules/\(id)"
            let first = try await client.send(APIRequest(path: path))
            let again = try await client.send(APIRequest(path: path))
            #expect(first.status == 200 && again.status == 200)
            #expect(again.text == first.text)
            #expect(first.json["failed_devices"]?.intValue == 0)

            // Another connection to the file, as `ferrule campaign` in another process.
            let other = try CampaignStore(path: file)
            var target = try #require(try await other.targets(campaign, limit: 1).first)
            target.state = .failed
            target.errorCode = "9010"
            target.errorMessage = "download failed"
            try await other.save([target])
            let failed = try await client.send(APIRequest(path: path))
            #expect(failed.json["failed_devices"]?.intValue == 1)
            #expect(failed.json["pending_devices"]?.intValue == 2)
            #expect(failed.json["results"]?.arrayValue?.first?["status"]?.stringValue == "failed")
            #expect(failed.json["results"]?.arrayValue?.first?["error_message"]?.stringValue == "9010: download failed")

            var record = try #require(try await other.campaign(campaign))
            record.status = .paused
            record.statusReason = "paused by test"
            try await other.update(record)
            let paused = try await client.send(APIRequest(path: path))
            #expect(paused.json["schedule"]?["status"]?.stringValue == "paused")
            #expect(paused.json["schedule"]?["status_reason"]?.stringValue == "paused by test")

            let cancel = try await client.send(APIRequest(method: .delete, path: path))
            #expect(cancel.status == 200)
            let cancelled = try await client.send(APIRequest(path: path))
            #expect(cancelled.json["schedule"]?["status"]?.stringValue == "cancelled")
        }
    }

    @Test("a kept answer is byte for byte the answer made afresh, under either prefix")
    func keptAnswerIsTheSame() async throws {
        let harness = try APITestHarness(devices: 3)
        try await APICampaignRouteTests.uploadFirmware(harness)
        try await harness.test { client in
            let (id, _) = try await Self.createSchedule(client)
            let kept = try await client.send(APIRequest(path: "/api/v1/genieacs/firmware-upgrades/schedules/\(id)"))
            let keptAgain = try await client.send(
                APIRequest(path: "/api/isp/v1/genieacs/firmware-upgrades/schedules/\(id)")
            )
            // An Accept header is part of the key: this answer is made afresh.
            var fresh = APIRequest(path: "/api/v1/genieacs/firmware-upgrades/schedules/\(id)")
            fresh.accept = "application/json"
            let afresh = try await client.send(fresh)
            #expect(kept.status == 200)
            #expect(keptAgain.text == kept.text)
            #expect(afresh.text == kept.text)
            #expect(keptAgain.headers[.contentType] == kept.headers[.contentType])
        }
    }

    @Test("answers made afresh (a new Accept each time) show every campaign commit and the same bytes otherwise")
    func freshAnswersFollowCommits() async throws {
        let harness = try APITestHarness(devices: 3)
        try await APICampaignRouteTests.uploadFirmware(harness)
        let file = harness.state.appendingPathComponent("tenants/acme/campaigns.sqlite").path
        try await harness.test { client in
            let (id, campaign) = try await Self.createSchedule(client)
            var polls = 0
            func poll() async throws -> APIResponse {
                polls += 1
                var request = APIRequest(path: "/api/v1/genieacs/firmware-upgrades/schedules/\(id)")
                request.accept = "application/json, text/x-poll-\(polls)"
                let response = try await client.send(request)
                #expect(response.status == 200, "\(response.text)")
                return response
            }
            let first = try await poll()
            let second = try await poll()
            #expect(second.text == first.text)
            #expect(second.headers[.contentType] == first.headers[.contentType])
            let other = try CampaignStore(path: file)
            var record = try #require(try await other.campaign(campaign))
            record.status = .paused
            record.statusReason = "paused by test"
            try await other.update(record)
            let paused = try await poll()
            #expect(paused.json["schedule"]?["status"]?.stringValue == "paused")
            #expect(paused.json["schedule"]?["status_reason"]?.stringValue == "paused by test")
            record.status = .running
            record.statusReason = nil
            try await other.update(record)
            var target = try #require(try await other.targets(campaign, limit: 1).first)
            target.state = .succeeded
            try await other.save([target])
            let resumed = try await poll()
            #expect(resumed.json["schedule"]?["status"]?.stringValue != "paused")
            #expect(resumed.json["schedule"]?["status_reason"]?.stringValue != "paused by test")
            #expect(resumed.json["completed_devices"]?.intValue == 1)
            // The kept answer (the plain Accept) is the same as one made afresh.
            let plain = try await client.send(APIRequest(path: "/api/v1/genieacs/firmware-upgrades/schedules/\(id)"))
            let again = try await poll()
            #expect(plain.text == again.text)
        }
    }

    @Test("a schedule answered pending before its start is queued once the clock passes scheduled_at, with no write")
    func startTimeEndsTheAnswer() async throws {
        var harness = try APITestHarness(devices: 2)
        let clock = ManualClock(harness.now)
        harness.clock = clock
        let start = harness.now
        try await APICampaignRouteTests.uploadFirmware(harness)
        try await harness.test { client in
            let (id, _) = try await Self.createSchedule(client)
            let path = "/api/v1/genieacs/firmware-upgrades/schedules/\(id)"
            let before = try await client.send(APIRequest(path: path))
            #expect(before.json["schedule"]?["status"]?.stringValue == "pending")
            #expect(before.json["schedule"]?["status_reason"]?.stringValue?.hasPrefix("starts at") == true)
            let still = try await client.send(APIRequest(path: path))
            #expect(still.text == before.text)
            // 2026-12-08T02:00 in Berlin is 01:00 UTC, 25 hours after the harness's Monday 00:00.
            clock.set(start + 25 * 3_600_000)
            let due = try await client.send(APIRequest(path: path))
            #expect(due.json["schedule"]?["status"]?.stringValue == "queued")
            #expect(due.json["schedule"]?["status_reason"] == nil)
        }
    }

    @Test("after an answer was kept, a caller without the permission, of another tenant or unknown is refused")
    func refusedCallersStayRefused() async throws {
        let harness = try APITestHarness(devices: 1)
        try await APICampaignRouteTests.uploadFirmware(harness)
        try await harness.test { client in
            let (id, _) = try await Self.createSchedule(client)
            let path = "/api/v1/genieacs/firmware-upgrades/schedules/\(id)"
            #expect(try await client.send(APIRequest(path: path)).status == 200)
            let denied = try await client.send(APIRequest(path: path, permissions: "isp.cpe.write"))
            #expect(denied.status == 403)
            let foreign = try await client.send(APIRequest(path: path, tenant: "globex"))
            #expect(foreign.status == 404)
            #expect(foreign.detail == "Firmware upgrade schedule \(id) not found")
            let unknown = try await client.send(APIRequest(path: path, tenant: "nobody"))
            #expect(unknown.status == 404)
            let anonymous = try await client.send(APIRequest(path: path, tenant: nil))
            #expect(anonymous.status == 401)
        }
    }

    static func entry(_ versions: TenantStoreChanges.Versions, at: Double, until: Double, bytes: Int)
        -> ProgressResponseCache.Entry
    {
        .init(
            versions: versions,
            madeAt: at,
            validUntil: until,
            response: HTTPResponse(status: .ok),
            body: Array(repeating: 0x20, count: bytes)
        )
    }

    @Test("a kept answer is dropped on another version, at its time, past its lifetime or a clock gone back")
    func entryValidity() {
        let cache = ProgressResponseCache(lifetime: 1_000, capacity: 8, byteBudget: 1_000)
        let v1 = TenantStoreChanges.Versions(campaigns: 1, jobs: 1)
        let v2 = TenantStoreChanges.Versions(campaigns: 2, jobs: 1)
        let v3 = TenantStoreChanges.Versions(campaigns: 1, jobs: 2)
        cache.store("a", Self.entry(v1, at: 100, until: 500, bytes: 10))
        #expect(cache.entry("a", versions: v1, now: 499) != nil)
        #expect(cache.entry("a", versions: v1, now: 500) == nil, "its status changes at 500")
        cache.store("a", Self.entry(v1, at: 100, until: .infinity, bytes: 10))
        #expect(cache.entry("a", versions: v2, now: 100) == nil, "a commit to the campaign store")
        cache.store("a", Self.entry(v1, at: 100, until: .infinity, bytes: 10))
        #expect(cache.entry("a", versions: v3, now: 100) == nil, "a commit to the job store")
        cache.store("a", Self.entry(v1, at: 100, until: .infinity, bytes: 10))
        #expect(cache.entry("a", versions: v1, now: 1_100) == nil, "past the lifetime")
        cache.store("a", Self.entry(v1, at: 100, until: .infinity, bytes: 10))
        #expect(cache.entry("a", versions: v1, now: 99) == nil, "the clock went back")
        #expect(cache.count == 0)
    }

    @Test("kept answers stay within the entry count and the byte budget; a larger answer is not kept")
    func bounded() {
        let cache = ProgressResponseCache(lifetime: 1_000, capacity: 2, byteBudget: 100)
        let v = TenantStoreChanges.Versions(campaigns: 1, jobs: 1)
        cache.store("big", Self.entry(v, at: 0, until: .infinity, bytes: 101))
        #expect(cache.count == 0)
        cache.store("a", Self.entry(v, at: 0, until: .infinity, bytes: 60))
        cache.store("b", Self.entry(v, at: 0, until: .infinity, bytes: 60))
        #expect(cache.count == 1, "a and b together exceed 100 bytes")
        #expect(cache.entry("b", versions: v, now: 0) != nil)
        cache.store("c", Self.entry(v, at: 0, until: .infinity, bytes: 10))
        cache.store("d", Self.entry(v, at: 0, until: .infinity, bytes: 10))
        #expect(cache.count <= 2)
        #expect(cache.entry("d", versions: v, now: 0) != nil)
    }
}

import Campaigns
import FerruleJSON
import FerruleTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import FerruleServer

/// Report pages filtered by state follow a cursor on the campaign's device order, so devices that
/// change state between pages are neither repeated nor lost; campaign, schedule and job lists come
/// a page at a time.
@Suite("API campaign paging")
struct APICampaignPagingTests {
    static let spec =
        "name: paging\nconfiguration:\n  - periodicInform: {enabled: true, interval: 901}\ndevices: {all: true}\n"

    /// A configuration campaign over every device of `harness`, its id and the tenant's store.
    static func campaign(_ client: any TestClientProtocol, _ harness: APITestHarness) async throws
        -> (id: String, store: CampaignStore)
    {
        let created = try await client.send(.createCampaign(spec: spec))
        let id = try #require(created.json["id"]?.stringValue, "\(created.text)")
        return (id, try TenantCampaignStores(root: harness.state.path).campaigns(for: "acme"))
    }

    /// Puts the devices at `ordinals` of campaign `id` in `state`, as the runner would.
    static func move(_ ordinals: [Int], to state: TargetRecord.State, id: String, store: CampaignStore) async throws {
        let targets = try await store.targets(id)
        try await store.save(
            ordinals.map { ordinal in
                var target = targets[ordinal]
                target.state = state
                return target
            }
        )
    }

    /// The devices of one report page and its `next_cursor`.
    static func page(_ client: any TestClientProtocol, _ path: String) async throws -> (
        devices: [String], next: String?
    ) {
        let answer = try await client.send(APIRequest(path: path))
        #expect(answer.status == 200, "\(path): \(answer.text)")
        let devices = (answer.json["targets"]?.arrayValue ?? []).compactMap { $0["device_id"]?.stringValue }
        return (devices, answer.json["next_cursor"]?.stringValue)
    }

    @Test("a device leaving the state between pages: skip paging loses the next one, the cursor does not")
    func leavingDevice() async throws {
        let harness = try APITestHarness(devices: 5)
        try await harness.test { client in
            let (id, store) = try await Self.campaign(client, harness)
            let devices = try await store.targets(id).map(\.deviceID)
            let report = "/api/v1/ferrule/campaigns/\(id)/report?state=pending&limit=2"

            let first = try await Self.page(client, report)
            #expect(first.devices == Array(devices[0..<2]))
            let cursor = try #require(first.next)
            // The runner pushes the first device before the client asks for the next page.
            try await Self.move([0], to: .pushing, id: id, store: store)
            let byOffset = try await Self.page(client, report + "&skip=2")
            #expect(byOffset.devices == Array(devices[3..<5]), "the offset moved: \(devices[2]) is never shown")
            let byCursor = try await Self.page(client, report + "&cursor=\(cursor)")
            #expect(byCursor.devices == Array(devices[2..<4]))
            let last = try await Self.page(client, report + "&cursor=\(try #require(byCursor.next))")
            #expect(last.devices == [devices[4]])
            #expect(last.next == nil, "the last page has no next_cursor")
        }
    }

    @Test(
        "paging by cursor while devices change state: each device at most once, each that stayed in the state exactly once",
        arguments: [1, 2, 3, 4, 5, 6] as [UInt64]
    )
    func changingStates(seed: UInt64) async throws {
        let harness = try APITestHarness(devices: 40)
        try await harness.test { client in
            let (id, store) = try await Self.campaign(client, harness)
            var generator = SeededGenerator(seed: seed)
            let states: [TargetRecord.State] = [.pending, .pushed, .failed, .succeeded]
            let devices = try await store.targets(id).map(\.deviceID)
            var current = devices.map { _ in states.randomElement(using: &generator) ?? .pending }
            for state in states {
                try await Self.move(current.indices.filter { current[$0] == state }, to: state, id: id, store: store)
            }
            // Devices in `failed` at every moment of the paging: a retry moves failed devices to
            // pending and back, the runner moves pending ones on.
            var stayed = Set(current.indices.filter { current[$0] == .failed })
            var seen: [String] = []
            var cursor: String?
            let limit = Int.random(in: 1...4, using: &generator)
            repeat {
                let query = "state=failed&limit=\(limit)" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await Self.page(client, "/api/v1/ferrule/campaigns/\(id)/report?\(query)")
                seen += page.devices
                cursor = page.next
                for _ in 0..<Int.random(in: 0...6, using: &generator) {
                    let ordinal = Int.random(in: 0..<devices.count, using: &generator)
                    let state = states.randomElement(using: &generator) ?? .pending
                    if state != .failed { stayed.remove(ordinal) }
                    current[ordinal] = state
                    try await Self.move([ordinal], to: state, id: id, store: store)
                }
                #expect(seen.count <= devices.count, "paging ends")
            } while cursor != nil && seen.count <= devices.count
            #expect(Set(seen).count == seen.count, "seed \(seed): a device repeated: \(seen)")
            for ordinal in stayed {
                #expect(seen.filter { $0 == devices[ordinal] }.count == 1, "seed \(seed): \(devices[ordinal]) stayed")
            }
        }
    }

    @Test("a cursor that is not one a page gave is 422; with no state the cursor pages the whole list")
    func cursorValues() async throws {
        let harness = try APITestHarness(devices: 3)
        try await harness.test { client in
            let (id, _) = try await Self.campaign(client, harness)
            let report = "/api/v1/ferrule/campaigns/\(id)/report"
            for bad in ["-1", "x", "01", "1.5", "12345678901", ""] {
                let refused = try await client.send(APIRequest(path: report + "?cursor=\(bad)"))
                #expect(refused.status == 422, "\(bad): \(refused.text)")
                #expect(refused.detail?.contains("query.cursor must be the next_cursor of a report page") == true)
            }
            var all: [String] = []
            var cursor = "0"
            while true {
                let page = try await Self.page(client, report + "?limit=2&cursor=\(cursor)")
                all += page.devices
                guard let next = page.next else { break }
                cursor = next
            }
            #expect(all.count == 3 && Set(all).count == 3)
            #expect(try await Self.page(client, report + "?cursor=9999999999").devices.isEmpty)
            #expect(try await Self.page(client, report + "?limit=3").next == nil, "a full last page has no next")
        }
    }

    @Test("campaign, schedule and job lists: 100 by default, at most 1,000, total counts them all, skip pages on")
    func boundedLists() async throws {
        let harness = try APITestHarness(devices: 1)
        try await harness.test { client in
            let store = try TenantCampaignStores(root: harness.state.path).campaigns(for: "acme")
            let jobs = try TenantCampaignStores(root: harness.state.path).seedJobs(for: "acme")
            // 105 of each, straight into the stores (creating them over the API would refuse the
            // overlapping targets): the lists read the stores only.
            for index in 0..<105 {
                let campaign = CampaignRecord(
                    id: "c-20261207-\(String(format: "%08x", index))",
                    name: "c\(index)",
                    kind: "configuration",
                    specText: Self.spec,
                    specFile: "campaign.yaml",
                    acsURL: "http://acs",
                    createdAt: harness.now + Double(index)
                )
                try await store.create(campaign, targets: [])
                for kind in ["firmware", "mass-config"] {
                    try await jobs.insert(
                        SeedJobStore.Job(
                            id: "\(kind)-\(index)",
                            kind: kind,
                            campaignID: nil,
                            request: #"{"name": "j\#(index)", "device_filter": {"query": {"_id": "x"}}}"#,
                            dryRun: true,
                            preview: "[]",
                            totalDevices: 0,
                            status: nil,
                            createdAt: harness.now + Double(index)
                        )
                    )
                }
            }
            let lists = [
                ("/api/v1/ferrule/campaigns", "campaigns", "id", "c-20261207-%08lx"),
                ("/api/v1/genieacs/firmware-upgrades/schedules", "schedules", "schedule_id", "firmware-%ld"),
                ("/api/v1/genieacs/mass-config/jobs", "jobs", "job_id", "mass-config-%ld"),
            ]
            for (path, key, field, format) in lists {
                let first = try await client.send(APIRequest(path: path))
                #expect(first.status == 200, "\(path): \(first.text)")
                let items = first.json[key]?.arrayValue ?? []
                #expect(items.count == 100, "\(path): the default page")
                #expect(first.json["total"]?.intValue == 105)
                #expect(first.json["skip"]?.intValue == 0)
                #expect(first.json["limit"]?.intValue == 100)
                #expect(items.first?[field]?.stringValue == String(format: format, 104), "newest first")
                let rest = try await client.send(APIRequest(path: path + "?skip=100&limit=1000"))
                #expect(
                    rest.json[key]?.arrayValue?.compactMap { $0[field]?.stringValue }
                        == (0..<5).reversed().map { String(format: format, $0) },
                    "\(path): \(rest.text)"
                )
                #expect(rest.json["total"]?.intValue == 105)
                for bad in ["limit=0", "limit=1001", "skip=-1", "skip=10000001"] {
                    let refused = try await client.send(APIRequest(path: path + "?" + bad))
                    #expect(refused.status == 422, "\(path)?\(bad): \(refused.text)")
                }
            }
        }
    }
}

import Campaigns
import Testing

@testable import FerruleServer

/// Campaign definitions are parsed once per stored text, and again whenever the text changes.
@Suite("CampaignSpecCache")
struct CampaignSpecCacheTests {
    static func record(id: String, maxConcurrent: Int) -> CampaignRecord {
        CampaignRecord(
            id: id,
            name: "fw",
            kind: "firmware",
            specText: """
                name: fw
                firmware: {file: FW2.bin, target_version: FW2}
                devices: {all: true}
                rollout:
                  max_concurrent: \(maxConcurrent)
                """,
            specFile: "fw.yaml",
            acsURL: "http://127.0.0.1:1",
            createdAt: 0
        )
    }

    @Test("the same stored text is parsed once; a changed text or another campaign is parsed afresh")
    func parsedOncePerText() throws {
        let cache = CampaignSpecCache(capacity: 8)
        var parses = 0
        func spec(_ record: CampaignRecord) throws -> CampaignSpec {
            try cache.spec(of: record) { record in
                parses += 1
                return try CampaignStart.spec(of: record)
            }
        }
        let first = try spec(Self.record(id: "c1", maxConcurrent: 10))
        #expect(first.rollout.maxConcurrent == 10)
        _ = try spec(Self.record(id: "c1", maxConcurrent: 10))
        #expect(parses == 1)
        let changed = try spec(Self.record(id: "c1", maxConcurrent: 3))
        #expect(changed.rollout.maxConcurrent == 3)
        #expect(parses == 2)
        _ = try spec(Self.record(id: "c2", maxConcurrent: 3))
        #expect(parses == 3)
    }

    @Test("the cache holds at most its capacity")
    func bounded() throws {
        let cache = CampaignSpecCache(capacity: 2)
        for index in 0..<5 {
            _ = try cache.spec(of: Self.record(id: "c\(index)", maxConcurrent: 1)) { try CampaignStart.spec(of: $0) }
        }
        #expect(cache.count <= 2)
    }
}

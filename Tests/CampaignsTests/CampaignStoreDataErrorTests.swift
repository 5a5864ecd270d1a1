import FerruleTestSupport
import Foundation
import GRDB
import Testing

@testable import Campaigns

@Suite struct CampaignStoreDataErrorTests {
    @Test("a status or state this version does not know is an invalid-data error naming the row and the text")
    func unknownStatusAndState() async throws {
        let store = try CampaignStore(path: Scratch.path("campaigns.sqlite", prefix: "ferrule-campaigns"))
        let campaign = CampaignRecord.fixture("c-newer", name: "newer")
        try await store.create(
            campaign,
            targets: [TargetRecord(campaignID: "c-newer", deviceID: "d0", ordinal: 0, updatedAt: 0)]
        )
        // As a newer version, or a hand edit, would leave the file.
        let queue = try DatabaseQueue(path: store.path)
        try await queue.write { db in
            try db.execute(sql: "UPDATE targets SET state = 'hibernating'")
        }
        let target = await #expect(throws: CampaignStoreError.self) {
            _ = try await store.targets("c-newer", ordinalFrom: 0)
        }
        #expect("\(String(describing: target))".contains("target d0 of c-newer has state 'hibernating'"))
        try await queue.write { db in
            try db.execute(sql: "UPDATE campaigns SET status = 'dormant'")
        }
        let record = await #expect(throws: CampaignStoreError.self) { _ = try await store.campaign("c-newer") }
        #expect("\(String(describing: record))".contains("campaign c-newer has status 'dormant'"))
    }
}

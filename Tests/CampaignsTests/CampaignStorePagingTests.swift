import FerruleTestSupport
import Testing

@testable import Campaigns

@Suite struct CampaignStorePagingTests {
    @Test("targets page by ordinal: from, below and limit together (reports stream in pages)")
    func paging() async throws {
        let store = try CampaignStore(path: Scratch.path("campaigns.sqlite", prefix: "ferrule-campaigns"))
        let campaign = CampaignRecord.fixture("c-paging", name: "paging")
        let targets = (0..<10).map {
            TargetRecord(campaignID: "c-paging", deviceID: "d\($0)", ordinal: $0, updatedAt: 0)
        }
        try await store.create(campaign, targets: targets)
        #expect(try await store.targets("c-paging", ordinalFrom: 4, limit: 3).map(\.ordinal) == [4, 5, 6])
        #expect(try await store.targets("c-paging", ordinalFrom: 8).map(\.ordinal) == [8, 9])
        #expect(try await store.targets("c-paging", ordinalFrom: 3, ordinalBelow: 5).map(\.ordinal) == [3, 4])
        #expect(try await store.targets("c-paging", ordinalFrom: 10).isEmpty)
    }
}

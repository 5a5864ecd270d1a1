import FerruleTestSupport
import Testing

@testable import Campaigns

/// What a progress answer reads of a campaign: the same campaign, counts and targets as the whole
/// snapshot, each target narrowed to what the answer shows.
@Suite struct CampaignStoreResultsSnapshotTests {
    @Test("the results snapshot is the whole snapshot narrowed: every state, time and message, in ordinal order")
    func sameAsWholeSnapshot() async throws {
        let store = try CampaignStore(path: Scratch.path("campaigns.sqlite", prefix: "ferrule-campaigns"))
        let campaign = CampaignRecord.fixture("c-results", name: "results")
        let states = TargetRecord.State.allCases
        // Created in reverse ordinal order: the snapshot lists them by ordinal, not by insertion.
        let targets = (0..<20).reversed().map { index in
            TargetRecord(
                campaignID: "c-results",
                deviceID: "d\(index)",
                ordinal: index,
                state: states[index % states.count],
                attempts: index % 3,
                taskID: index % 2 == 0 ? "task-\(index)" : nil,
                firstPushedAt: index % 3 == 0 ? nil : Double(1_790_000_000_000 + index),
                finishedAt: index % 4 == 0 ? Double(1_790_000_100_000 + index) : nil,
                errorCode: index % 5 == 0 ? "cwmp.9010" : nil,
                errorMessage: index % 2 == 1 ? "download failed \(index)" : nil,
                changesJSON: "{\"a\": \(index)}",
                versionBefore: "1.0",
                updatedAt: Double(index)
            )
        }
        try await store.create(campaign, targets: targets)
        let whole = try #require(try await store.snapshot("c-results", targetLimit: 15))
        let results = try #require(try await store.resultsSnapshot("c-results", targetLimit: 15))
        #expect(results.campaign == whole.campaign)
        #expect(results.counts == whole.counts)
        #expect(results.targets == whole.targets.map(TargetResult.init))
        #expect(results.targets.map(\.deviceID) == (0..<15).map { "d\($0)" })
        #expect(results.targets[4].firstPushedAt == 1_790_000_000_004)
        #expect(results.targets[8].finishedAt == 1_790_000_100_008)
        #expect(results.targets[5].errorCode == "cwmp.9010")
        #expect(try await store.resultsSnapshot("c-results", targetLimit: 0)?.targets.isEmpty == true)
        #expect(try await store.resultsSnapshot("c-none", targetLimit: 10) == nil)
    }
}

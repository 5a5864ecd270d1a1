import FerruleJSON
import GenieACS
import GenieACSStandIn
import Testing

@testable import Campaigns

/// The runner's own reads (tasks, faults and devices of the devices in flight) go to GenieACS as
/// `$in` lists in the query URL: hundreds of ids in one list pass Node's 16 KiB request-head limit,
/// which GenieACS answers with 431, so each list is cut by its URL length as well as by count.
@Suite struct RunnerQueryURLTests {
    struct HeaderOverflow: Error, CustomStringConvertible {
        let length: Int
        var description: String { "431 Request Header Fields Too Large (query of \(length) characters)" }
    }

    @Test("700 devices in flight: every poll and read-back query stays under 16 KiB and the campaign completes")
    func manyInFlight() async throws {
        let harness = try RunnerHarness(RunnerHarness.firmware("max_concurrent: 700"), scenario: Scenario(devices: 700))
        let campaign = try await harness.create()
        let nbi = HookedNBI(
            harness.genieacs.nbi,
            refuse: { _, query in
                let length = DeviceFilterChunkTests.encodedLength(query.query)
                return length > 16_384 - 200 ? HeaderOverflow(length: length) : nil
            }
        )
        let runner = CampaignRunner(store: harness.store, acs: nbi, clock: harness.clock, batchSize: 500)
        let final = try await runner.run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        let targets = try await harness.targets(campaign.id)
        #expect(targets.count == 700)
        #expect(targets.allSatisfy { $0.state == .succeeded }, "\(Set(targets.map(\.state.rawValue)))")
        #expect(nbi.queries(of: .devices).allSatisfy { $0 <= 500 }, "never more than batchSize ids")
    }

    @Test("batches are cut at the count or the characters, whichever comes first; an oversized id goes alone")
    func batching() {
        let ids = (0..<10).map { String(repeating: "x", count: $0 == 4 ? 50 : 10) }
        let byCount = ids.batched(count: 3, characters: 1_000) { $0.utf8.count }
        #expect(byCount.map(\.count) == [3, 3, 3, 1])
        let byCharacters = ids.batched(count: 100, characters: 30) { $0.utf8.count }
        #expect(byCharacters.map(\.count) == [3, 1, 1, 3, 2])
        #expect(byCharacters.joined().elementsEqual(ids))
        #expect([String]().batched(count: 3, characters: 30) { $0.utf8.count }.isEmpty)
    }
}

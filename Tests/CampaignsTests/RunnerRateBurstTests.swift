import Campaigns
import GenieACSStandIn
import Testing

/// The rate limit after a stall: a runner that wakes late (a loaded machine, a long poll interval)
/// resumes at the rate instead of pushing the pushes it "saved up".
@Suite struct RunnerRateBurstTests {
    @Test("rate_per_minute: 60 with a runner that wakes every 30 s: one push per wake, never 30 at once")
    func noCatchUpBurst() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("rate_per_minute: 60"),
            scenario: Scenario(devices: 6)
        )
        let (final, _) = try await harness.run(pollInterval: .seconds(30))
        #expect(final.status == .completed)
        let pushes = try await harness.targets(final.id).compactMap(\.firstPushedAt).sorted()
        #expect(pushes.count == 6)
        // A bucket that kept a minute's tokens would push all 6 on the second wake.
        let gaps = zip(pushes.dropFirst(), pushes).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 >= 1000 }, "push gaps (ms): \(gaps)")
    }
}

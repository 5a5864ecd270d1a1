import Campaigns
import GenieACSStandIn
import Testing

/// `rate_per_minute` across runs: a runner that starts again (after a restart or SIGKILL, or a
/// second server taking over) spaces its first push from the last push an earlier run recorded.
@Suite struct RunnerRateRestartTests {
    @Test("rate_per_minute: 1 after a restart 8 s after the last push: the next push waits for the minute")
    func restartKeepsTheRate() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("rate_per_minute: 1"),
            scenario: Scenario(devices: 3)
        )
        let campaign = try await harness.create()
        // An earlier run pushed the first device 8 s before this one starts, and it succeeded.
        let now = harness.clock.now()
        let lastPush = now - 8_000
        var first = try #require(try await harness.targets(campaign.id).min { $0.ordinal < $1.ordinal })
        first.state = .succeeded
        first.attempts = 1
        first.firstPushedAt = lastPush
        first.pushedAt = lastPush
        first.finishedAt = lastPush + 1_000
        first.updatedAt = lastPush + 1_000
        try await harness.store.save([first])

        let final = try await harness.runner().run(campaign.id, spec: harness.spec) { _ in }
        #expect(final.status == .completed)
        let pushes = try await harness.targets(campaign.id).compactMap(\.pushedAt).sorted()
        #expect(pushes.count == 3)
        // A fresh bucket would push at once, 8 s after the earlier run's push.
        let gaps = zip(pushes.dropFirst(), pushes).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 >= 59_000 }, "push gaps (ms): \(gaps)")
    }
}

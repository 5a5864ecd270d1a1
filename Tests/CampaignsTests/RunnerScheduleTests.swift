import Campaigns
import GenieACS
import GenieACSStandIn
import Testing

/// The runner's pace against an in-memory GenieACS on a test clock: windows, waves, rate, retries with backoff,
/// device deadlines and the failure-rate pause, each over simulated hours in milliseconds, without sleeps.
@Suite struct RunnerScheduleTests {
    @Test("Closed window: nothing is pushed until it opens; then every device is pushed and verified")
    func maintenanceWindow() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware(
                """
                timezone: UTC
                windows: [{days: daily, start: "02:00", end: "04:00"}]
                """
            ),
            scenario: Scenario(devices: 6)
        )
        let (final, reports) = try await harness.run(pollInterval: .seconds(60))
        #expect(final.status == .completed)
        let opening = RunnerHarness.monday + 2 * 3_600_000
        let targets = try await harness.targets(final.id)
        #expect(targets.count == 6)
        for target in targets {
            #expect(target.state == .succeeded, "\(target.errorCode ?? ""): \(target.errorMessage ?? "")")
            #expect((target.firstPushedAt ?? 0) >= opening, "pushed before the window opened")
        }
        #expect(reports.contains { $0.waiting?.hasPrefix("outside the rollout window") == true })
        #expect(harness.tasksCreated("download") == 6)
    }

    @Test("Waves: the canary finishes before the next wave starts, and each wave before the one after")
    func waves() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("waves: [{canary: 2}, 3]"),
            scenario: Scenario(devices: 10)
        )
        let (final, _) = try await harness.run()
        #expect(final.status == .completed)
        let targets = try await harness.targets(final.id)
        #expect(targets.allSatisfy { $0.state == .succeeded })
        for (start, end) in [(0, 2), (2, 5), (5, 8), (8, 10)] where end < targets.count {
            let waveFinished = targets[start..<end].compactMap(\.finishedAt).max() ?? .infinity
            let nextStarted = targets[end...].compactMap(\.firstPushedAt).min() ?? 0
            #expect(waveFinished <= nextStarted, "wave \(start)..<\(end) still running when the next started")
        }
    }

    @Test("rate_per_minute: 60 per minute pushes one device a second, not all at once")
    func ratePerMinute() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("rate_per_minute: 60"),
            scenario: Scenario(devices: 12)
        )
        let (final, _) = try await harness.run(pollInterval: .seconds(1))
        #expect(final.status == .completed)
        let pushes = try await harness.targets(final.id).compactMap(\.firstPushedAt).sorted()
        #expect(pushes.count == 12)
        for (i, at) in pushes.enumerated() {
            // One token at the start, then one a second.
            #expect(at - pushes[0] >= Double(max(0, i - 1)) * 1000, "push \(i) came too early")
        }
        #expect(pushes[11] - pushes[0] < 30_000, "the limiter held pushes back far beyond the rate")
    }

    @Test("A device that faults is pushed again after retry_backoff, then after twice that, then fails")
    func retriesWithDoublingBackoff() async throws {
        var scenario = Scenario(devices: 2)
        scenario.faults["download"] = Scenario.FaultRule(rate: 1, code: "cwmp.9010", message: "Download failure")
        let harness = try RunnerHarness(
            RunnerHarness.firmware(
                """
                retries: 2
                retry_backoff: 1m
                """
            ),
            scenario: scenario
        )
        let (final, _) = try await harness.run()
        #expect(final.status == .completed)
        let targets = try await harness.targets(final.id)
        let pushes = try await harness.pushTimes(final.id)
        for target in targets {
            #expect(target.state == .failed)
            #expect(target.attempts == 3)
            #expect(target.errorCode == "cwmp.9010")
            let times = pushes[target.deviceID] ?? []
            try #require(times.count == 3)
            let first = times[1] - times[0]
            let second = times[2] - times[1]
            #expect(first >= 60_000 && first < 120_000, "first retry after \(first) ms")
            #expect(second >= 120_000 && second < 180_000, "second retry after \(second) ms")
        }
        #expect(harness.tasksCreated("download") == 6)
    }

    @Test("device_deadline: a device that never runs its task fails once the deadline passes")
    func deviceDeadline() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("device_deadline: 5m"),
            scenario: Scenario(devices: 3, onlineRatio: 0, informIntervalSeconds: 0)
        )
        let (final, _) = try await harness.run()
        #expect(final.status == .completed)
        for target in try await harness.targets(final.id) {
            #expect(target.state == .failed)
            #expect(target.errorCode == "deadline")
            let took = (target.finishedAt ?? 0) - (target.firstPushedAt ?? 0)
            #expect(took > 300_000 && took < 320_000, "failed after \(took) ms")
        }
    }

    @Test("max_failure_rate with min_sample: the campaign pauses itself once enough devices failed")
    func failureRatePause() async throws {
        var scenario = Scenario(devices: 10)
        scenario.faults["download"] = Scenario.FaultRule(rate: 1)
        let harness = try RunnerHarness(
            RunnerHarness.firmware(
                """
                max_concurrent: 1
                retries: 0
                max_failure_rate: 50%
                min_sample: 3
                """
            ),
            scenario: scenario
        )
        let (final, reports) = try await harness.run()
        #expect(final.status == .paused)
        #expect(final.statusReason?.hasPrefix("failure rate 100.0% exceeds 50.0% after 3 device(s)") == true)
        let counts = try await harness.store.counts(final.id)
        #expect(counts[.failed] == 3)
        #expect(counts[.pending] == 7)
        #expect(harness.tasksCreated("download") == 3)
        #expect(reports.last?.waiting?.hasPrefix("paused: failure rate") == true)
    }
}

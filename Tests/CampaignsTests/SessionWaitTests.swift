import Campaigns
import FerruleCore
import GenieACS
import GenieACSStandIn
import Testing

/// One NBI call per device when devices are online (`session_wait`), polls batched and spaced out: the in-memory
/// GenieACS answers a task POST that waits for its session with 200 when the task ran in it, 202 otherwise
/// (GenieACS 1.2.16 lib/nbi.ts:382-415).
@Suite("Campaign runner: session wait, batched and adaptive polls")
struct SessionWaitTests {
    static func configuration(_ rollout: String) -> String {
        """
        name: cfg
        configuration:
          - periodicInform: {enabled: true, interval: 900}
        devices: {all: true}
        rollout:
        \(rollout.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))

        """
    }

    /// Runs the harness's campaign through a counting NBI.
    static func run(_ harness: RunnerHarness, batchSize: Int = 500) async throws -> (CampaignRecord, HookedNBI) {
        let campaign = try await harness.create()
        let nbi = HookedNBI(harness.genieacs.nbi)
        let runner = CampaignRunner(
            store: harness.store,
            acs: nbi,
            clock: harness.clock,
            pollInterval: .seconds(2),
            batchSize: batchSize
        )
        return (try await runner.run(campaign.id, spec: harness.spec), nbi)
    }

    @Test("`session_wait` reads as seconds; beyond a minute it is an error that names the range")
    func sessionWaitKey() throws {
        var diagnostics = DiagnosticCollector()
        let spec = CampaignFile.parse(
            RunnerHarness.firmware("session_wait: 5s"),
            file: "ok.yaml",
            diagnostics: &diagnostics
        )
        #expect(!diagnostics.hasErrors)
        #expect(spec?.rollout.sessionWaitSeconds == 5)
        #expect(
            CampaignFile.parse(RunnerHarness.firmware("max_concurrent: 5"), file: "d.yaml", diagnostics: &diagnostics)?
                .rollout.sessionWaitSeconds == 0
        )
        var bad = DiagnosticCollector()
        #expect(
            CampaignFile.parse(RunnerHarness.firmware("session_wait: 2m"), file: "bad.yaml", diagnostics: &bad) == nil
        )
        let text = bad.sorted.map { "\($0)" }.joined(separator: "\n")
        #expect(text.contains("bad.yaml:"))
        #expect(text.contains("`session_wait` must be between 1s and 1m, not 2m"), "\(text)")
    }

    @Test("A 200 from the session its POST waited for is confirmed: the task is polled and the values read back")
    func completedIsConfirmedByPoll() async throws {
        let harness = try RunnerHarness(
            Self.configuration("session_wait: 5s"),
            scenario: Scenario(devices: 6)
        )
        let (final, nbi) = try await Self.run(harness)
        #expect(final.status == .completed)
        let targets = try await harness.targets(final.id)
        #expect(targets.count == 6)
        #expect(targets.allSatisfy { $0.state == .succeeded })
        #expect(nbi.submitCalls == 6)
        #expect(nbi.connectionRequestCalls == 0)
        #expect(!nbi.queries(of: .tasks).isEmpty, "a 200 is not proof the task ran")
        #expect(!nbi.queries(of: .devices).isEmpty, "the values are read back")
        #expect(nbi.queries(of: .tasks).reduce(0, +) >= 6, "every device's task is polled")
    }

    @Test("A 200 whose session ended without running the task (a CPE that dropped it) is not a success")
    func completedButQueuedIsNotSucceeded() async throws {
        let harness = try RunnerHarness(
            Self.configuration("session_wait: 5s\ndevice_deadline: 5m\nretries: 0"),
            scenario: Scenario(devices: 3, onlineRatio: 0, informIntervalSeconds: 0)
        )
        let campaign = try await harness.create()
        let nbi = HookedNBI(harness.genieacs.nbi, claimCompleted: true)
        let runner = CampaignRunner(store: harness.store, acs: nbi, clock: harness.clock, pollInterval: .seconds(2))
        let final = try await runner.run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        let targets = try await harness.targets(final.id)
        #expect(targets.count == 3)
        #expect(targets.allSatisfy { $0.state == .failed && $0.errorCode == "deadline" }, "\(targets.map(\.state))")
    }

    @Test("Without session_wait the same campaign answers 202 and every device is polled, then verified")
    func queuedIsPolled() async throws {
        let harness = try RunnerHarness(Self.configuration("max_concurrent: 10"), scenario: Scenario(devices: 6))
        let (final, nbi) = try await Self.run(harness)
        #expect(final.status == .completed)
        #expect(try await harness.targets(final.id).allSatisfy { $0.state == .succeeded })
        #expect(nbi.submitCalls == 6)
        #expect(!nbi.queries(of: .tasks).isEmpty)
        #expect(!nbi.queries(of: .devices).isEmpty)
    }

    @Test("A session that does not start within session_wait answers 202: the task is polled until it ran")
    func slowSessionIsPolled() async throws {
        var scenario = Scenario(devices: 4)
        scenario.latencies.crToSessionMs = 8_000
        let harness = try RunnerHarness(Self.configuration("session_wait: 5s"), scenario: scenario)
        let (final, nbi) = try await Self.run(harness)
        #expect(final.status == .completed)
        #expect(try await harness.targets(final.id).allSatisfy { $0.state == .succeeded })
        #expect(nbi.queries(of: .tasks).contains(4), "the four queued tasks are read in one query")
    }

    @Test("A firmware download that ran in the waited-for session goes straight to verifying: no task poll")
    func firmwareCompletedSkipsTaskPoll() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("session_wait: 5s\nmax_concurrent: 10"),
            scenario: Scenario(devices: 5)
        )
        let (final, nbi) = try await Self.run(harness)
        #expect(final.status == .completed)
        #expect(try await harness.targets(final.id).allSatisfy { $0.state == .succeeded })
        #expect(nbi.queries(of: .tasks).isEmpty, "the 200 said the Download ran")
        #expect(!nbi.queries(of: .devices).isEmpty, "the new version is read back")
    }

    @Test("Polls read in-flight devices in one query per batch of batchSize devices")
    func pollsAreBatched() async throws {
        let harness = try RunnerHarness(RunnerHarness.firmware("max_concurrent: 5"), scenario: Scenario(devices: 5))
        let (final, nbi) = try await Self.run(harness, batchSize: 2)
        #expect(final.status == .completed)
        let tasks = nbi.queries(of: .tasks)
        #expect(Array(tasks.prefix(3)).sorted() == [1, 2, 2], "the first poll: 5 devices in 3 queries")
        #expect(tasks.allSatisfy { $0 <= 2 })
        #expect(nbi.queries(of: .faults).allSatisfy { $0 <= 2 })
        #expect(nbi.queries(of: .devices).allSatisfy { $0 <= 2 })
    }

    @Test("Polls space out while nothing changes: offline devices cost far fewer polls than one per interval")
    func pollsSpaceOut() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("device_deadline: 120s\nretries: 0\nmax_concurrent: 10"),
            scenario: Scenario(devices: 3)
        )
        for device in harness.genieacs.deviceIDs() { harness.genieacs.setOnline(device, false) }
        let (final, nbi) = try await Self.run(harness)
        #expect(final.status == .completed)
        #expect(try await harness.targets(final.id).allSatisfy { $0.state == .failed })
        // 120 s at a fixed 2 s interval would be 60 task polls; doubling up to 8 s needs about 17.
        let polls = nbi.queries(of: .tasks).count
        #expect(polls >= 10)
        #expect(polls <= 20)
    }
}

import Campaigns
import GenieACSStandIn
import Testing

/// The gate between waves, the failure-rate rule after a resume, and verification across a clock skew
/// (docs/campaigns.md, Waves and Failure rate).
@Suite("Campaign runner: wave gate, resume, clock skew")
struct WaveGateTests {
    /// `devices` CPEs whose every download faults.
    static func failing(_ devices: Int) -> Scenario {
        var scenario = Scenario(devices: devices)
        scenario.faults["download"] = Scenario.FaultRule(rate: 1, code: "cwmp.9010", message: "Download failure")
        return scenario
    }

    @Test("A canary smaller than min_sample that fails stops at the gate: the fleet is not pushed")
    func smallCanaryGates() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware(
                """
                waves: [{canary: 3}, "50%"]
                retries: 0
                max_failure_rate: 5%
                """
            ),
            scenario: Self.failing(12)
        )
        let (final, _) = try await harness.run()
        #expect(final.status == .paused)
        #expect(
            final.statusReason?.hasPrefix(
                "the canary (wave 1 of 3) finished with failure rate 100.0% (3 of 3 device(s)), over 5.0%: wave 2 waits"
            ) == true,
            "\(final.statusReason ?? "")"
        )
        #expect(harness.tasksCreated("download") == 3, "only the canary was pushed")
        #expect(try await harness.store.counts(final.id)[.pending] == 9)
    }

    @Test("Without max_failure_rate a failed canary device pauses; a resume lets the next waves run")
    func canaryWithoutRateGatesOnce() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware(
                """
                waves: [{canary: 2}, 5]
                retries: 0
                """
            ),
            scenario: Self.failing(12)
        )
        let (paused, _) = try await harness.run()
        #expect(paused.status == .paused)
        #expect(paused.statusReason?.contains("finished with 2 of 2 device(s) failed: wave 2 waits") == true)
        #expect(harness.tasksCreated("download") == 2)
        _ = try await CampaignControl(store: harness.store, clock: harness.clock).resume(paused.id)
        let final = try await harness.runner().run(paused.id, spec: harness.spec)
        #expect(final.status == .completed, "only the canary gates without a rate: \(final.statusReason ?? "")")
        #expect(harness.tasksCreated("download") == 12)
    }

    @Test("A healthy canary passes the gate with nothing recorded")
    func healthyCanaryPasses() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("waves: [{canary: 2}, 5]\nmax_failure_rate: 5%"),
            scenario: Scenario(devices: 12)
        )
        let (final, _) = try await harness.run()
        #expect(final.status == .completed)
        #expect(try await harness.targets(final.id).allSatisfy { $0.state == .succeeded })
        #expect(try await !harness.store.hasEvent(final.id, kind: "paused"))
    }

    @Test("After an automatic failure-rate pause a resume goes on, and pauses again only on later failures")
    func resumeCountsAfresh() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware(
                """
                max_concurrent: 1
                retries: 0
                max_failure_rate: 50%
                min_sample: 3
                """
            ),
            scenario: Self.failing(10)
        )
        let (paused, _) = try await harness.run()
        #expect(paused.status == .paused)
        #expect(try await harness.store.counts(paused.id)[.failed] == 3)
        _ = try await CampaignControl(store: harness.store, clock: harness.clock).resume(paused.id)
        let again = try await harness.runner().run(paused.id, spec: harness.spec)
        #expect(again.status == .paused)
        #expect(again.statusReason?.hasPrefix("failure rate 100.0% exceeds 50.0% after 3 device(s)") == true)
        #expect(try await harness.store.counts(paused.id)[.failed] == 6, "three more devices were tried")
        #expect(harness.tasksCreated("download") == 6)
    }

    @Test("A device that reports the target version is verified though GenieACS's clock is two minutes behind")
    func clockSkew() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("device_deadline: 10m"),
            scenario: Scenario(devices: 4),
            acsClockOffset: -120_000
        )
        let (final, _) = try await harness.run()
        #expect(final.status == .completed)
        let targets = try await harness.targets(final.id)
        #expect(targets.allSatisfy { $0.state == .succeeded }, "\(targets.map { $0.errorCode ?? "-" })")
    }
}

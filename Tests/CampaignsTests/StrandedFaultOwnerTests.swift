import Campaigns
import GenieACS
import GenieACSStandIn
import Testing

/// A restarted runner adopts a stranded device's Download fault only when its task may be this attempt's: a fault
/// GenieACS keeps from another campaign's (or an operator's) Download of the same file, whose task was queued
/// before this attempt, is not counted as this attempt's, nor deleted.
@Suite struct StrandedFaultOwnerTests {
    typealias State = RunnerGenieACSStateTests

    @Test("a fault of another's task, queued an hour before this attempt, is not adopted; the device is pushed")
    func olderFaultNotAdopted() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("retries: 0\ndevice_deadline: 10m"),
            scenario: Scenario(
                devices: 1,
                informIntervalSeconds: 0,
                retryDelaySeconds: 86_400,
                firmware: Scenario.Firmware(successRate: 0, faultCode: "9010", delayMs: 200)
            )
        )
        let campaign = try await harness.create()
        let device = try #require(harness.genieacs.deviceIDs().first)
        // Another campaign's Download of the same file faulted an hour ago; its fault stays in GenieACS.
        let other = try await harness.genieacs.nbi.submit(
            TaskRequest(RunnerKilledRecoveryTests.download, uniqueKey: "ferrule-c-20261206-00000000"),
            to: device,
            connectionRequest: true,
            sessionStart: .milliseconds(0)
        )
        try await harness.advance(.seconds(5))
        let otherFault = "\(device):task_\(try #require(other.task?.id))"
        #expect(try await State.held(harness).faults == [otherFault])
        try await harness.clock.sleep(for: .seconds(3600))
        // This campaign's runner is killed after saving the device `pushing`, before its POST reached GenieACS.
        var target = try #require(try await harness.targets(campaign.id).first)
        _ = target.apply(.dispatching(now: harness.clock.now()), rollout: harness.spec.rollout)
        try await harness.store.commit(targets: [target])

        let final = try await harness.runner().run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        let recovered = try await harness.store.events(campaign.id).filter { $0.kind == "recovered" }
        #expect(recovered.count == 1 && recovered.allSatisfy { !$0.detail.contains("faulted") }, "\(recovered)")
        #expect(harness.tasksCreated("download") == 2, "this attempt's Download was pushed: the other's one")
        let after = try #require(try await harness.targets(campaign.id).first)
        #expect(after.state == .failed && after.errorCode == "cwmp.9010" && after.attempts == 1, "\(after)")
        #expect(try await State.held(harness).faults == [otherFault], "the other campaign's fault is not deleted")
    }

    @Test("a fault whose task was queued at this attempt's dispatch is adopted (GenieACS's clock may run behind)")
    func ownFaultAdopted() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("retries: 0\ndevice_deadline: 10m"),
            scenario: State.failingFirmware(devices: 1),
            acsClockOffset: -120_000
        )
        let campaign = try await harness.create()
        _ = try await RunnerKilledRecoveryTests.strand(harness, campaign) { _ in RunnerKilledRecoveryTests.download }
        #expect(try await State.held(harness).faults.count == 1)
        let final = try await harness.runner().run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        #expect(harness.tasksCreated("download") == 1, "no second download")
        let recovered = try await harness.store.events(campaign.id).filter { $0.kind == "recovered" }
        #expect(recovered.allSatisfy { $0.detail.contains("its Download faulted on task ") }, "\(recovered)")
    }
}

import Campaigns
import FerruleCore
import FerruleJSON
import GenieACS
import GenieACSStandIn
import Testing

/// A runner killed (SIGKILL) after saving its devices `pushing` and before recording its task POSTs' answers: on
/// restart it recognises what the CPEs did with those tasks meanwhile — a Download that faulted, a secret that was
/// set — and pushes nothing twice. On the in-memory GenieACS, on a test clock.
@Suite("Campaign runner: restart after a kill while task POSTs were unanswered")
struct RunnerKilledRecoveryTests {
    typealias State = RunnerGenieACSStateTests

    /// What the killed runner leaves: every device `pushing` (saved before the POST), and GenieACS holding the task
    /// each POST carried, woken with `timeout=0` (GenieACS queues the task and answers before the session,
    /// lib/nbi.ts:382-415). The CPEs then run them during the next `run` seconds of the test clock.
    static func strand(
        _ harness: RunnerHarness,
        _ campaign: CampaignRecord,
        run: Duration = .seconds(5),
        task: (TargetRecord) -> GenieACSTask
    ) async throws -> [TargetRecord] {
        var targets = try await harness.targets(campaign.id)
        for i in targets.indices {
            _ = targets[i].apply(.dispatching(now: harness.clock.now()), rollout: harness.spec.rollout)
        }
        try await harness.store.commit(targets: targets)
        for target in targets {
            _ = try await harness.genieacs.nbi.submit(
                TaskRequest(task(target), uniqueKey: CampaignRunner.uniqueKey(campaign.id)),
                to: target.deviceID,
                connectionRequest: true,
                sessionStart: .milliseconds(0)
            )
        }
        try await harness.advance(run)
        return targets
    }

    static let download = GenieACSTask.download(
        fileType: "1 Firmware Upgrade Image",
        fileName: "FW2.bin",
        targetFileName: nil
    )

    @Test(
        "Killed while its POSTs were unanswered: the Download's fault is that attempt's, retried per policy, and deleted",
        arguments: [0, 1]
    )
    func strandedFaultCounted(retries: Int) async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("retries: \(retries)\nretry_backoff: 10s\ndevice_deadline: 10m"),
            scenario: State.failingFirmware(devices: 2)
        )
        let campaign = try await harness.create()
        let stranded = try await Self.strand(harness, campaign) { _ in Self.download }
        let before = try await State.held(harness)
        #expect(before.tasks == 0 && before.faults.count == 2, "the CPEs ran the tasks, which faulted: \(before)")
        #expect(State.downloadsStarted(harness) == 2)

        let final = try await harness.runner().run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        let targets = try await harness.targets(campaign.id)
        #expect(targets.allSatisfy { $0.state == .failed && $0.errorCode == "cwmp.9010" }, "\(targets.map(\.state))")
        #expect(targets.allSatisfy { $0.attempts == retries + 1 }, "the stranded attempt counts: \(targets)")
        let pushes = stranded.count * (retries + 1)
        #expect(harness.tasksCreated("download") == pushes, "one task per attempt, no extra download")
        #expect(try await State.held(harness).faults.isEmpty, "no fault left for GenieACS to retry")
        try await harness.advance(.seconds(600), step: .seconds(1))
        #expect(State.downloadsStarted(harness) == pushes, "one download per attempt, none retried by GenieACS")
        let recovered = try await harness.store.events(campaign.id).filter { $0.kind == "recovered" }
        #expect(recovered.count == 2)
        #expect(recovered.allSatisfy { $0.detail.contains("its Download faulted on task ") }, "\(recovered)")
    }

    static let secretYAML = RunnerFaultRecoveryTests.secretYAML
    static let passphrase = "InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.KeyPassphrase"

    @Test("A secret's push that ran before the runner was killed is recognised: no device gets a second task")
    func secretPushNotRepeated() async throws {
        let harness = try RunnerHarness(Self.secretYAML, scenario: Scenario(devices: 3, informIntervalSeconds: 0))
        let campaign = try await harness.create()
        let secrets = SecretStore(values: ["PW": "newpassphrase1"])
        let stranded = try await Self.strand(harness, campaign) { _ in
            .setParameterValues([(path: Self.passphrase, value: .string("newpassphrase1"), type: nil)])
        }
        #expect(try await State.held(harness).tasks == 0, "the CPEs ran the tasks")
        let values = try await harness.genieacs.nbi.query(.devices, CollectionQuery()).items.map {
            DeviceDocument($0)?.value(Self.passphrase)
        }
        #expect(values == Array(repeating: "newpassphrase1", count: 3), "GenieACS stored the value the CPE accepted")

        let final = try await harness.runner(secrets: secrets).run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        #expect(harness.tasksCreated("setParameterValues") == stranded.count, "no device got a second task")
        let targets = try await harness.targets(campaign.id)
        #expect(targets.allSatisfy { $0.state == .succeeded && $0.attempts == 1 }, "\(targets.map(\.state))")
    }
}

import Campaigns
import FerruleCore
import FerruleJSON
import GenieACS
import GenieACSStandIn
import Synchronization
import Testing

/// The campaign's Download faults are found and deleted however they come: after a runner was killed while its task
/// POSTs were unanswered, after a cancel, a pause or a device deadline that landed while the Download was still in
/// progress (its TransferComplete faults later, GenieACS 1.2.16 lib/cwmp.ts:333-355, and GenieACS retries such a
/// fault's provisions on its own, lib/cwmp.ts:402-430); a device deleted from GenieACS mid-campaign ends skipped; a
/// secret's push is recognised after a restart. On the in-memory GenieACS, on a test clock.
@Suite("Campaign runner: faults and recovery")
struct RunnerFaultRecoveryTests {
    typealias State = RunnerGenieACSStateTests

    /// Every CPE fails to install the image; its TransferComplete (fault 9010) comes `delay` after it accepted the
    /// Download; GenieACS retries a fault 30 s after it.
    static func slowFailingFirmware(devices: Int = 1, delay: Int, inform: Double = 3) -> Scenario {
        Scenario(
            devices: devices,
            informIntervalSeconds: inform,
            retryDelaySeconds: 30,
            firmware: Scenario.Firmware(successRate: 0, faultCode: "9010", delayMs: delay)
        )
    }

    // MARK: - Faults that land after a cancel, a pause, a deadline

    /// A runner over `harness`'s GenieACS that calls `act` once, as soon as GenieACS holds a pending Download of the
    /// campaign (the CPE accepted it; its TransferComplete has not come).
    static func acting(
        _ harness: RunnerHarness,
        _ campaignID: String,
        _ act: @escaping @Sendable () async throws -> Void
    ) -> HookedNBI {
        let done = Mutex(false)
        return HookedNBI(
            harness.genieacs.nbi,
            beforeQuery: { pushed in
                guard pushed >= 1, !done.withLock({ $0 }) else { return }
                let operations = try await harness.genieacs.nbi.query(.operations, CollectionQuery()).items
                guard !operations.isEmpty, try await harness.store.campaign(campaignID)?.status == .running else {
                    return
                }
                done.withLock { $0 = true }
                try await act()
            }
        )
    }

    /// No fault left, and ten minutes of informs later GenieACS started no other download.
    static func expectNothingRetried(_ harness: RunnerHarness, downloads: Int, _ context: String) async throws {
        let left = try await State.held(harness).faults
        #expect(left.isEmpty, "\(context): \(left)")
        #expect(State.downloadsStarted(harness) == downloads, "\(context)")
        try await harness.clock.sleep(for: .seconds(600))
        _ = try await State.held(harness)
        #expect(State.downloadsStarted(harness) == downloads, "\(context): GenieACS retried the Download")
    }

    @Test("Cancel while a Download is in progress: the runner deletes its fault once the TransferComplete came")
    func cancelDuringDownload() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("retries: 0\ndevice_deadline: 10m"),
            scenario: Self.slowFailingFirmware(delay: 20_000)
        )
        let campaign = try await harness.create()
        let control = CampaignControl(store: harness.store, clock: harness.clock)
        let nbi = Self.acting(harness, campaign.id) {
            _ = try await control.cancel(campaign.id, acs: harness.genieacs.nbi, rollout: harness.spec.rollout)
        }
        let started = harness.clock.now()
        let final = try await CampaignRunner(store: harness.store, acs: nbi, clock: harness.clock)
            .run(campaign.id, spec: harness.spec)
        #expect(final.status == .cancelled)
        #expect(harness.clock.now() - started >= 20_000, "the runner waited for the TransferComplete")
        #expect(try await control.pendingDeletions(campaign.id).isEmpty)
        #expect(final.statusReason == "cancelled by an operator", "\(final.statusReason ?? "")")
        let target = try #require(try await harness.targets(campaign.id).first)
        #expect(target.staleTaskID == nil, "\(target)")
        try await Self.expectNothingRetried(harness, downloads: 1, "after the cancel")
        let details = try await harness.store.events(campaign.id).filter { $0.kind == "tasks-deleted" }.map(\.detail)
        #expect(details.contains { $0.contains("whose Download is still in progress in GenieACS") }, "\(details)")
        #expect(details.contains { $0.contains("1 left-behind task(s) and fault(s) deleted") }, "\(details)")
    }

    @Test("An operator's pause while a Download is in progress: its late fault counts and is deleted")
    func pauseDuringDownload() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("retries: 0\ndevice_deadline: 10m"),
            scenario: Self.slowFailingFirmware(delay: 20_000)
        )
        let campaign = try await harness.create()
        let control = CampaignControl(store: harness.store, clock: harness.clock)
        let nbi = Self.acting(harness, campaign.id) { _ = try await control.pause(campaign.id) }
        let final = try await CampaignRunner(store: harness.store, acs: nbi, clock: harness.clock)
            .run(campaign.id, spec: harness.spec)
        #expect(final.status == .paused)
        let target = try #require(try await harness.targets(campaign.id).first)
        #expect(target.state == .failed && target.errorCode == "cwmp.9010", "\(target)")
        #expect(target.staleTaskID == nil)
        try await Self.expectNothingRetried(harness, downloads: 1, "while paused")
    }

    @Test("A device deadline passing during a long Download: its fault is deleted once the Download ends")
    func deadlineDuringDownload() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("retries: 0\ndevice_deadline: 1m"),
            scenario: Self.slowFailingFirmware(delay: 90_000)
        )
        let campaign = try await harness.create()
        let started = harness.clock.now()
        let final = try await harness.runner().run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        #expect(harness.clock.now() - started >= 90_000, "completed once the Download ended")
        let target = try #require(try await harness.targets(campaign.id).first)
        #expect(target.state == .failed && target.errorCode == "deadline")
        #expect(target.staleTaskID == nil)
        let kinds = try await harness.store.events(campaign.id).map(\.kind)
        #expect(kinds.filter { $0 == "delete-waiting" }.count == 1, "\(kinds)")
        try await Self.expectNothingRetried(harness, downloads: 1, "after the deadline")
    }

    // MARK: - A device deleted from GenieACS

    @Test("A device deleted from GenieACS while its task is in flight ends skipped (not-registered), at once")
    func deletedDeviceSkipped() async throws {
        let harness = try RunnerHarness(
            RunnerHarness.firmware("retries: 0\ndevice_deadline: 10m"),
            scenario: Scenario(devices: 3, informIntervalSeconds: 0, firmware: Scenario.Firmware(delayMs: 30_000))
        )
        let campaign = try await harness.create()
        let victim = try #require(harness.genieacs.deviceIDs().first)
        let deleted = Mutex(false)
        let nbi = HookedNBI(
            harness.genieacs.nbi,
            beforeQuery: { pushed in
                guard pushed >= 3, !deleted.withLock({ $0 }) else { return }
                try await harness.genieacs.nbi.deleteDevice(victim)
                deleted.withLock { $0 = true }
            }
        )
        let started = harness.clock.now()
        let final = try await CampaignRunner(store: harness.store, acs: nbi, clock: harness.clock)
            .run(campaign.id, spec: harness.spec)
        #expect(deleted.withLock { $0 })
        #expect(final.status == .completed)
        #expect(harness.clock.now() - started < 120_000, "nobody waited for the deadline")
        let targets = try await harness.targets(campaign.id)
        let gone = try #require(targets.first { $0.deviceID == victim })
        #expect(gone.state == .skipped && gone.errorCode == "not-registered", "\(gone)")
        #expect(targets.filter { $0.state == .succeeded }.count == 2)
        #expect(try await harness.store.counts(campaign.id)[.failed] ?? 0 == 0)
    }

    // MARK: - Secrets after a restart

    static let secretYAML = """
        name: wifi
        configuration:
          - set: {path: InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.KeyPassphrase, value: "${secret:PW}"}
        devices: {all: true}
        rollout: {retries: 0, device_deadline: 10m}

        """

    @Test("A secret's push that never reached GenieACS is sent after the restart")
    func secretPushNotLost() async throws {
        let harness = try RunnerHarness(Self.secretYAML, scenario: Scenario(devices: 2, informIntervalSeconds: 0))
        let campaign = try await harness.create()
        var targets = try await harness.targets(campaign.id)
        for i in targets.indices {
            _ = targets[i].apply(.dispatching(now: harness.clock.now()), rollout: harness.spec.rollout)
        }
        try await harness.store.commit(targets: targets)
        let final = try await harness.runner(secrets: SecretStore(values: ["PW": "newpassphrase1"]))
            .run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        #expect(harness.tasksCreated("setParameterValues") == 2)
        let values = try await harness.genieacs.nbi.query(.devices, CollectionQuery()).items.map {
            DeviceDocument($0)?.value("InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.KeyPassphrase")
        }
        #expect(values == ["newpassphrase1", "newpassphrase1"])
    }
}

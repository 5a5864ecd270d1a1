import Campaigns
import FerruleCore
import FerruleJSON
import FerruleTestSupport
import Foundation
import GenieACS
import GenieACSStandIn
import Rules
import Synchronization
import Testing

/// A campaign against an in-memory GenieACS on a test clock: create, run, and read back what happened.
struct RunnerHarness {
    let clock: TestClock
    let genieacs: InMemoryGenieACS
    let store: CampaignStore
    let spec: CampaignSpec

    /// Monday 7 December 2026, 00:00 UTC.
    static let monday = TestClock.instant("2026-12-07T00:00:00Z")

    /// `acsClockOffset`: milliseconds the in-memory GenieACS's clock runs ahead of the runner's (negative: behind).
    init(_ yaml: String, scenario: Scenario, start: Double = RunnerHarness.monday, acsClockOffset: Double = 0) throws {
        let clock = TestClock(start: start)
        self.clock = clock
        var fleet = scenario
        if fleet.fixtures.isEmpty { fleet.fixtures = [Scenario.FixtureSource(.embeddedTR098)] }
        // The file server has the image of `firmware(_:)`, which installs FW2.
        if fleet.firmware.versions.isEmpty { fleet.firmware.versions = ["FW2.bin": "FW2"] }
        genieacs = try InMemoryGenieACS(scenario: fleet) { Int64(clock.now() + acsClockOffset) }
        store = try CampaignStore(path: Scratch.path("campaigns.sqlite", prefix: "ferrule-campaigns"))
        var diagnostics = DiagnosticCollector()
        let parsed = CampaignFile.parse(yaml, file: "test.yaml", diagnostics: &diagnostics)
        let errors = diagnostics.sorted.map { "\($0)" }
        guard let parsed, !diagnostics.hasErrors else {
            throw HarnessError(description: errors.joined(separator: "\n"))
        }
        spec = parsed
    }

    /// A firmware campaign to `FW2` on every device, with the given `rollout:` block.
    static func firmware(_ rollout: String) -> String {
        """
        name: fw
        firmware: {file: FW2.bin, target_version: FW2}
        devices: {all: true}
        rollout:
        \(rollout.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))

        """
    }

    func create() async throws -> CampaignRecord {
        try await CampaignCreator(store: store, acs: genieacs.nbi, clock: clock).create(spec, specText: "test").record
    }

    func runner(secrets: SecretStore = SecretStore(), pollInterval: Duration = .seconds(2)) -> CampaignRunner {
        CampaignRunner(store: store, acs: genieacs.nbi, secrets: secrets, clock: clock, pollInterval: pollInterval)
    }

    /// Creates and runs the campaign to its end; returns the final record and every progress report.
    func run(pollInterval: Duration = .seconds(2)) async throws -> (CampaignRecord, [CampaignProgress]) {
        let campaign = try await create()
        let reports = Mutex<[CampaignProgress]>([])
        let final = try await runner(pollInterval: pollInterval).run(campaign.id, spec: spec) { report in
            reports.withLock { $0.append(report) }
        }
        return (final, reports.withLock { $0 })
    }

    func targets(_ campaignID: String) async throws -> [TargetRecord] {
        try await store.targets(campaignID)
    }

    /// Times (ms) of each device's pushes, from the event log.
    func pushTimes(_ campaignID: String) async throws -> [String: [Double]] {
        var out: [String: [Double]] = [:]
        for event in try await store.events(campaignID) where event.kind == "pushed" {
            if let device = event.deviceID { out[device, default: []].append(event.at) }
        }
        return out
    }

    /// Moves the test clock `duration` ahead a `step` at a time, letting the in-memory GenieACS run what falls due at
    /// each step. It runs due work at the time of the call that finds it, so one jump of the clock starts a session
    /// that only a later call ends: a CPE's session, its Download and the TransferComplete after it take steps.
    func advance(_ duration: Duration, step: Duration = .milliseconds(100)) async throws {
        var left = duration
        while left > .zero {
            try await clock.sleep(for: min(step, left))
            _ = genieacs.deviceIDs()
            left -= step
        }
    }

    /// Tasks GenieACS created, per task name.
    func tasksCreated(_ name: String) -> Int {
        genieacs.stats()["tasksCreated"]?[name]?.intValue ?? 0
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
}

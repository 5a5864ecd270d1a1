import Campaigns
import FerruleCore
import FerruleTestSupport
import Foundation
import GenieACS
import GenieACSStandIn
import PONEvents
import PONTriggers
import Rules
import Testing

@Suite("Trigger actions on campaigns: enroll a CPE, hold its pending target")
struct CampaignActionTests {
    static let campaignFile = """
        name: fw-hg8245h
        firmware:
          file: HG8245H-V3R017.bin
          target_version: V3R017C10S100
        devices:
          model: HG8245H
          tags: pon-active
        """

    /// Three CPEs; the first is tagged `pon-active` and frozen into the campaign.
    static func setUp() async throws -> (InMemoryGenieACS, CampaignEnrollment, CampaignRecord) {
        let acs = try ActionExecutorTests.acs()
        try await acs.nbi.addTag("pon-active", to: try ActionExecutorTests.device(acs, "HWTC00000000"))
        var diagnostics = DiagnosticCollector()
        let spec = try #require(
            CampaignFile.parse(Self.campaignFile, file: "fw.yaml", diagnostics: &diagnostics),
            "\(diagnostics.sorted)"
        )
        let store = try CampaignStore(path: Scratch.path("campaigns.sqlite", prefix: "ferrule-campaigns"))
        let record = try await CampaignCreator(store: store, acs: acs.nbi, clock: FixedClock()).create(
            spec,
            specText: Self.campaignFile
        ).record
        return (acs, CampaignEnrollment(store: store, acs: acs.nbi), record)
    }

    static let rules = """
        rules:
          - name: join
            on: voltha.onu_activated
            actions:
              - tag: {add: [pon-active]}
              - enroll: {campaign: fw-hg8245h}
          - name: gasp
            on: voltha.power_lost
            actions:
              - hold: {campaign: fw-hg8245h, for: 600}
        """

    @Test("an activated ONU's CPE is tagged, then enrolled by campaign name as the next target; twice is once")
    func enroll() async throws {
        let (acs, campaigns, record) = try await Self.setUp()
        let executor = ActionExecutorTests.executor(acs, campaigns: campaigns)
        let actions = try ActionExecutorTests.plan(Self.rules)
        let outcomes = await executor.execute(actions)
        let id = try ActionExecutorTests.device(acs, "HWTC00000001")
        #expect(outcomes.last == .done("\(id) enrolled in \(record.id) as target 2"))
        let again = await executor.execute(actions)
        #expect(again.last == .done("\(id) already a target of \(record.id) (pending)"))
        let targets = try await campaigns.store.targets(record.id)
        #expect(targets.map(\.ordinal) == [0, 1])
        #expect(targets.last?.deviceID == id && targets.last?.state == .pending)
        #expect(targets.last?.versionBefore != nil)
    }

    @Test("a CPE outside the campaign's filter is not enrolled, and says why")
    func notApplicable() async throws {
        let (acs, campaigns, record) = try await Self.setUp()
        let outcome = try await campaigns.enroll(
            try ActionExecutorTests.device(acs, "HWTC00000002"),
            in: record.id,
            now: Double(ActionExecutorTests.now)
        )
        guard case .notApplicable(_, let reason) = outcome else {
            Issue.record("\(outcome)")
            return
        }
        #expect(reason.contains("does not match the campaign's filter"))
        #expect(try await campaigns.store.targets(record.id).count == 1)
    }

    @Test("a CPE that is a target of another open campaign is not enrolled, and says which")
    func inAnotherCampaign() async throws {
        let (acs, campaigns, record) = try await Self.setUp()
        let id = try ActionExecutorTests.device(acs, "HWTC00000001")
        try await acs.nbi.addTag("pon-active", to: id)
        let otherFile = Self.campaignFile.replacingOccurrences(of: "name: fw-hg8245h", with: "name: fw-one")
            .replacingOccurrences(of: "  tags: pon-active", with: "  serial: HWTC00000001")
        var diagnostics = DiagnosticCollector()
        let spec = try #require(CampaignFile.parse(otherFile, file: "one.yaml", diagnostics: &diagnostics))
        let other = try await CampaignCreator(store: campaigns.store, acs: acs.nbi, clock: FixedClock()).create(
            spec,
            specText: otherFile
        ).record
        let outcome = try await campaigns.enroll(id, in: record.id, now: Double(ActionExecutorTests.now))
        #expect(
            outcome
                == .notApplicable(
                    campaignID: record.id,
                    reason: "\(id) is a target of open campaign \(other.id); a device is in one open campaign at a "
                        + "time, as at create"
                ),
            "\(outcome)"
        )
        #expect(try await campaigns.store.targets(record.id).count == 1, "nothing written")
    }

    @Test("a dying gasp holds the CPE's pending target for the given time; a device not in the campaign is skipped")
    func hold() async throws {
        let (acs, campaigns, record) = try await Self.setUp()
        let executor = ActionExecutorTests.executor(acs, campaigns: campaigns)
        let gasp = { (serial: String) in
            TriggerPlanner(rules: try RuleText.load(Self.rules).triggerRules)
                .plan(Events.onu("ONU_DYING_GASP_RAISE_EVENT", .powerLost, serial: serial)).actions
        }
        let held = await executor.execute(try gasp("HWTC00000000"))
        guard case .done(let text) = held.first else {
            Issue.record("\(held)")
            return
        }
        #expect(text.contains("held in \(record.id) until"))
        let target = try #require(
            try await campaigns.store.target(record.id, try ActionExecutorTests.device(acs, "HWTC00000000"))
        )
        #expect(target.notBefore == Double(ActionExecutorTests.now) + 600_000)
        let other = await executor.execute(try gasp("HWTC00000002"))
        guard case .skipped(let why) = other.first else {
            Issue.record("\(other)")
            return
        }
        #expect(why.contains("is not one of its targets"))
    }

    @Test("an unknown campaign fails the action (not retried), naming it")
    func unknownCampaign() async throws {
        let (acs, campaigns, _) = try await Self.setUp()
        let executor = ActionExecutorTests.executor(acs, campaigns: campaigns)
        let actions = try ActionExecutorTests.plan(
            "rules:\n  - name: j\n    on: voltha.onu_activated\n    actions: [{enroll: {campaign: nope}}]\n"
        )
        let outcomes = await executor.execute(actions)
        guard case .failed(let text, retryable: false) = outcomes.first else {
            Issue.record("\(outcomes)")
            return
        }
        #expect(text.contains("no campaign \"nope\""))
    }
}

/// The tests' fixed time; nothing waits on it.
struct FixedClock: CampaignClock {
    func now() -> Double { Double(ActionExecutorTests.now) }
    func sleep(for duration: Duration) async throws {}
}

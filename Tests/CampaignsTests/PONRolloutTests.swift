import Campaigns
import FerruleCore
import Testing

/// The PON rollout keys as the campaign file reads them, and the planner's pure decisions.
@Suite struct PONRolloutTests {
    private static func rollout(_ block: String) -> (Rollout?, [String]) {
        var diagnostics = DiagnosticCollector()
        let spec = CampaignFile.parse(
            RunnerHarness.firmware(block),
            file: "c.yaml",
            diagnostics: &diagnostics
        )
        return (spec?.rollout, diagnostics.sorted.map { "\($0)" })
    }

    @Test("max_per_olt, max_per_pon, canary_spread and pon_health are read; storm_hold defaults on with pon_health")
    func readsKeys() throws {
        let (rollout, errors) = Self.rollout(
            """
            max_per_olt: 40
            max_per_pon: 4
            canary_spread: true
            pon_health: {max_signal_lost: "2%", window: 10m}
            """
        )
        let pon = try #require(rollout?.pon, "\(errors)")
        #expect(pon.maxPerOLT == 40)
        #expect(pon.maxPerPON == 4)
        #expect(pon.canarySpread)
        #expect(pon.health == PONHealthGate(maxSignalLost: .fraction(0.02), windowSeconds: 600))
        #expect(pon.health?.graceSeconds == 300, "an ONT's reboot after an upgrade is not a loss by default")
        #expect(pon.holdsStorms)
        let (graced, graceErrors) = Self.rollout("pon_health: {max_signal_lost: 1, grace: 90s}")
        #expect(graced?.pon.health?.graceSeconds == 90, "\(graceErrors)")
        #expect(Self.rollout("pon_health: {max_signal_lost: 1, grace: 0s}").0?.pon.health?.graceSeconds == 0)
        let (_, longGrace) = Self.rollout("pon_health: {max_signal_lost: 1, grace: 2h}")
        #expect(longGrace.contains { $0.contains("`pon_health.grace` must be between 0s and 1h") }, "\(longGrace)")
        let (counted, _) = Self.rollout("pon_health: {max_signal_lost: 3}\nstorm_hold: false")
        #expect(counted?.pon.health?.maxSignalLost == .devices(3))
        #expect(counted?.pon.holdsStorms == false)
        #expect(Self.rollout("max_concurrent: 5").0?.pon == PONRollout())
    }

    @Test("Misspelt and bad PON keys get an error with a suggestion or the expected form")
    func badKeys() {
        let (_, misspelt) = Self.rollout("max_per_pn: 4")
        #expect(misspelt.contains { $0.contains("max_per_pon") }, "\(misspelt)")
        let (_, missing) = Self.rollout("pon_health: {window: 10m}")
        #expect(missing.contains { $0.contains("needs `max_signal_lost`") }, "\(missing)")
        let (_, badShare) = Self.rollout("pon_health: {max_signal_lost: lots}")
        #expect(badShare.contains { $0.contains("max_signal_lost") }, "\(badShare)")
        let (_, zero) = Self.rollout("max_per_olt: 0")
        #expect(zero.contains { $0.contains("max_per_olt") }, "\(zero)")
        let (_, nested) = Self.rollout("pon_health: {max_signal_lost: 2, windw: 5m}")
        #expect(nested.contains { $0.contains("window") }, "\(nested)")
    }

    private static func targets(_ ids: [String]) -> [TargetRecord] {
        ids.enumerated().map { TargetRecord(campaignID: "c", deviceID: $1, ordinal: $0, updatedAt: 0) }
    }

    @Test("admit: caps per OLT and per PON count devices already in flight; unplaced devices are never capped")
    func admitCaps() {
        let a1 = PONPlacement(olt: "A", pon: "1")
        let a2 = PONPlacement(olt: "A", pon: "2")
        let b1 = PONPlacement(olt: "B", pon: "1")
        let placements = ["d1": a1, "d2": a1, "d3": a2, "d4": a2, "d5": b1, "d6": b1]
        let admission = PONPlanner.admit(
            Self.targets(["d1", "d2", "d3", "d4", "d5", "d6", "x"]),
            placements: placements,
            inFlight: [a1],
            storms: [],
            rollout: PONRollout(maxPerOLT: 3, maxPerPON: 1),
            limit: 10
        )
        // A/1 has one in flight: d1, d2 wait; A/2 takes d3 (A: 2), d4 waits for PON 2's cap;
        // B/1 takes d5; x has no placement.
        #expect(admission.admitted.map(\.deviceID) == ["d3", "d5", "x"])
        #expect(admission.capped == 4)
    }

    @Test("admit: an active storm holds devices on its PON, or its whole OLT, only when storms are held")
    func admitStorms() {
        let placements = [
            "d1": PONPlacement(olt: "A", pon: "1"), "d2": PONPlacement(olt: "A", pon: "2"),
            "d3": PONPlacement(olt: "B", pon: "1"),
        ]
        let candidates = Self.targets(["d1", "d2", "d3"])
        let gate = PONHealthGate(maxSignalLost: .devices(1))
        let ponStorm = PONPlanner.admit(
            candidates,
            placements: placements,
            inFlight: [],
            storms: [PONPlacement(olt: "A", pon: "1")],
            rollout: PONRollout(health: gate),
            limit: 10
        )
        #expect(ponStorm.admitted.map(\.deviceID) == ["d2", "d3"])
        #expect(ponStorm.stormHeld.map(\.device) == ["d1"])
        let oltStorm = PONPlanner.admit(
            candidates,
            placements: placements,
            inFlight: [],
            storms: [PONPlacement(olt: "A")],
            rollout: PONRollout(stormHold: true),
            limit: 10
        )
        #expect(oltStorm.admitted.map(\.deviceID) == ["d3"])
        let notHeld = PONPlanner.admit(
            candidates,
            placements: placements,
            inFlight: [],
            storms: [PONPlacement(olt: "A")],
            rollout: PONRollout(health: gate, stormHold: false),
            limit: 10
        )
        #expect(notHeld.admitted.count == 3)
    }

    @Test("spreadCanary: the canary takes OLTs and models in turn, then every other device keeps its order")
    func canarySpread() {
        // Ten devices on OLT A (models X then Y), two on B (model X).
        var devices: [(id: String, model: String?)] = []
        var placements: [String: PONPlacement] = [:]
        for i in 0..<10 {
            devices.append(("a\(i)", i < 5 ? "X" : "Y"))
            placements["a\(i)"] = PONPlacement(olt: "A", pon: "1")
        }
        for i in 0..<2 {
            devices.append(("b\(i)", "X"))
            placements["b\(i)"] = PONPlacement(olt: "B", pon: "1")
        }
        let order = PONPlanner.spreadCanary(devices, placements: placements, count: 4)
        #expect(Array(order.prefix(4)) == ["a0", "b0", "a5", "b1"])
        #expect(Array(order.dropFirst(4)) == ["a1", "a2", "a3", "a4", "a6", "a7", "a8", "a9"])
        #expect(Set(order).count == devices.count)
        // The first N, unspread, would have been a0…a3: one OLT, one model.
    }

    @Test("healthVerdict: within the threshold no pause; beyond it a reason naming the worst PON and the counts")
    func healthVerdict() {
        let place = PONPlacement(olt: "olt-7", pon: "3")
        let placements = ["d1": place, "d2": place, "d3": PONPlacement(olt: "olt-2", pon: "1")]
        let gate = PONHealthGate(maxSignalLost: .fraction(0.02), windowSeconds: 600)
        #expect(PONPlanner.healthVerdict(pushed: 100, lost: ["d1", "d2"], placements: placements, gate: gate) == nil)
        let reason = PONPlanner.healthVerdict(
            pushed: 100,
            lost: ["d1", "d2", "d3"],
            placements: placements,
            gate: gate
        )
        #expect(
            reason
                == "PON health: 3 of 100 device(s) pushed in the last 10m lost signal or power and were not back within 5m (limit 2.0%); most on olt-7 PON 3 (2) across 2 OLTs"
        )
    }
}

import Foundation
import Testing

@testable import PONEvents

/// A port's outage reported by both sources, the storm detector and the OLT itself: the PON-level
/// events delivered (what `voltha.pon_down` / `pon_up` fire on) are one down and one up, in any order.
@Suite("One outage per PON port: pon_down and pon_up once, whichever source reports first")
struct PONOutageOnceTests {
    typealias S = StormSamples
    static let settings = PONStormSettings(threshold: 4, window: 60, clearAfter: 120)

    /// What happens to olt-1's PON 0, in order.
    enum Step {
        /// ONUs 1…6 lose signal at `seconds` + 1 … + 6: a storm at the fourth.
        case storm(at: Double)
        /// The OLT reports the port down at `seconds`.
        case oltDown(at: Double)
        /// The OLT reports the port up at `seconds`.
        case oltUp(at: Double)
        /// Time passes to `seconds` (a storm quiet for 120 s ends).
        case quiet(until: Double)
        /// ONUs 1…6 are back (their LOS clears) at `seconds` + 1 … + 6.
        case back(at: Double)
    }

    static func olt(_ phase: PONEventPhase, at seconds: Double) -> PONEvent {
        PONEvent(
            name: "OLT_PON_INTERFACE_DOWN_" + (phase == .raise ? "RAISE_EVENT" : "CLEAR_EVENT"),
            alarmName: "OLT_PON_INTERFACE_DOWN",
            kind: .ponDown,
            phase: phase,
            headerID: "Voltha.openolt.OLT_PON_INTERFACE_DOWN.\(Int(seconds))",
            resourceID: "olt-1",
            oltDeviceID: "olt-1",
            ponInterface: 0,
            raisedAt: S.origin.addingTimeInterval(seconds),
            context: ["oper-state": phase == .raise ? "down" : "up"]
        )
    }

    /// The PON-level events `steps` deliver, as `name phase`, with the outcome of every OLT report.
    static func run(_ steps: [Step], detector: StormDetector = StormDetector(settings: settings)) -> (
        delivered: [String], oltOutcomes: [String]
    ) {
        var detector = detector
        var outcomes: [PONEventOutcome] = []
        var oltOutcomes: [String] = []
        for step in steps {
            switch step {
            case .storm(let at):
                for n in 1...6 { outcomes += detector.process(S.los(S.serial(n), at: at + Double(n))) }
            case .oltDown(let at), .oltUp(let at):
                let event = olt(step.isDown ? .raise : .clear, at: at)
                let result = detector.process(event)
                oltOutcomes += result.compactMap { $0.event == event ? $0.name : nil }
                outcomes += result
            case .quiet(let until):
                outcomes += detector.advance(to: S.origin.addingTimeInterval(until))
            case .back(let at):
                for n in 1...6 { outcomes += detector.process(S.los(S.serial(n), at: at + Double(n), phase: .clear)) }
            }
        }
        let delivered = outcomes.compactMap { outcome -> String? in
            guard case .deliver(let event) = outcome, event.kind == .ponDown else { return nil }
            return "\(event.alarmName) \(event.phase.rawValue)"
        }
        return (delivered, oltOutcomes)
    }

    @Test("storm first, the OLT reports the port down during it and up long after: down at the storm, up at the OLT")
    func stormThenOLT() {
        let run = Self.run([.storm(at: 0), .oltDown(at: 20), .quiet(until: 300), .oltUp(at: 900)])
        #expect(run.delivered == ["PON_STORM raise", "OLT_PON_INTERFACE_DOWN clear"])
        #expect(run.oltOutcomes == ["absorbed", "deliver"])
    }

    @Test("storm first, the OLT reports the port down and up while it lasts: the storm's end is the pon_up")
    func stormAroundOLT() {
        let run = Self.run([.storm(at: 0), .oltDown(at: 20), .oltUp(at: 40), .quiet(until: 300)])
        #expect(run.delivered == ["PON_STORM raise", "PON_STORM clear"])
        #expect(run.oltOutcomes == ["absorbed", "absorbed"])
    }

    @Test("the OLT first, the storm ends while the port is still down: both from the OLT")
    func oltThenStorm() {
        let run = Self.run([.oltDown(at: 0), .storm(at: 10), .quiet(until: 300), .oltUp(at: 900)])
        #expect(run.delivered == ["OLT_PON_INTERFACE_DOWN raise", "OLT_PON_INTERFACE_DOWN clear"])
        #expect(run.oltOutcomes == ["deliver", "deliver"])
    }

    @Test("the OLT first, the port up again while the storm lasts: the storm's end is the pon_up")
    func oltUpDuringStorm() {
        let run = Self.run([.oltDown(at: 0), .storm(at: 10), .oltUp(at: 40), .quiet(until: 300)])
        #expect(run.delivered == ["OLT_PON_INTERFACE_DOWN raise", "PON_STORM clear"])
        #expect(run.oltOutcomes == ["deliver", "absorbed"])
    }

    @Test("each source alone still fires its own pair, and a second outage is a new one")
    func separateOutages() {
        let run = Self.run([
            .storm(at: 0), .quiet(until: 300), .back(at: 310), .oltDown(at: 400), .oltUp(at: 500), .storm(at: 600),
            .oltDown(at: 610), .quiet(until: 900), .oltUp(at: 1000),
        ])
        #expect(
            run.delivered == [
                "PON_STORM raise", "PON_STORM clear", "OLT_PON_INTERFACE_DOWN raise", "OLT_PON_INTERFACE_DOWN clear",
                "PON_STORM raise", "OLT_PON_INTERFACE_DOWN clear",
            ]
        )
    }

    @Test("a detector told the OLT reported the port down before it started treats a storm there as the same outage")
    func restored() {
        var detector = StormDetector(settings: Self.settings)
        detector.restoreReportedDown([PONPort(oltDeviceID: "olt-1", ponInterface: 0)])
        #expect(detector.portsReportedDown == [PONPort(oltDeviceID: "olt-1", ponInterface: 0)])
        let run = Self.run([.storm(at: 0), .quiet(until: 300), .oltUp(at: 900)], detector: detector)
        #expect(run.delivered == ["OLT_PON_INTERFACE_DOWN clear"])
    }

    /// openolt's `OLT_LOSS_OF_SIGNAL` for olt-1's PON 0 at `seconds`, through the normaliser as the
    /// consumer reads it (voltha-openolt-adapter `internal/pkg/core/openolt_eventmgr.go:245-287`:
    /// `intf-id` and `port-label`, resource the OLT, raised until the port's LOS is "off").
    static func oltLOS(_ phase: PONEventPhase, at seconds: Double) -> PONEvent {
        var event = PONEventNormaliser.deviceEvent(
            name: "OLT_LOSS_OF_SIGNAL_" + (phase == .raise ? "RAISE_EVENT" : "CLEAR_EVENT"),
            resourceID: "olt-1",
            description: "",
            context: ["intf-id": "0", "port-label": "pon-0"]
        )
        event.raisedAt = S.origin.addingTimeInterval(seconds)
        return event
    }

    @Test("a fibre cut: ONU LOS storm, then OLT_LOSS_OF_SIGNAL raised for 10 minutes: pon_up only at the OLT's clear")
    func oltLossOfSignalHoldsTheOutage() {
        var detector = StormDetector(settings: Self.settings)
        var outcomes: [PONEventOutcome] = []
        // openolt sends each ONU's LOS, then the port's (openolt_eventmgr.go:259-282).
        for n in 1...6 { outcomes += detector.process(S.los(S.serial(n), at: Double(n))) }
        let raise = Self.oltLOS(.raise, at: 7)
        #expect(raise.kind == .ponDown && raise.ponInterface == 0, "OLT_LOSS_OF_SIGNAL is the PON going down")
        outcomes += detector.process(raise)
        outcomes += detector.advance(to: S.origin.addingTimeInterval(300))
        #expect(detector.portsReportedDown == [PONPort(oltDeviceID: "olt-1", ponInterface: 0)])
        outcomes += detector.process(Self.oltLOS(.clear, at: 607))
        let delivered = outcomes.compactMap { outcome -> String? in
            guard case .deliver(let event) = outcome, event.kind == .ponDown else { return nil }
            return "\(event.alarmName) \(event.phase.rawValue)"
        }
        #expect(delivered == ["PON_STORM raise", "OLT_LOSS_OF_SIGNAL clear"], "no pon_up while the port is dark")
        #expect(detector.portsReportedDown.isEmpty)
    }

    @Test("two ONUs on a cut PON (below the storm threshold): OLT_LOSS_OF_SIGNAL alone is the outage, down and up")
    func oltLossOfSignalAlone() {
        var detector = StormDetector(settings: Self.settings)
        var outcomes: [PONEventOutcome] = []
        for n in 1...2 { outcomes += detector.process(S.los(S.serial(n), at: Double(n))) }
        outcomes += detector.process(Self.oltLOS(.raise, at: 3))
        #expect(detector.portsReportedDown == [PONPort(oltDeviceID: "olt-1", ponInterface: 0)])
        outcomes += detector.process(Self.oltLOS(.clear, at: 500))
        let delivered = outcomes.compactMap { outcome -> String? in
            guard case .deliver(let event) = outcome, event.kind == .ponDown else { return nil }
            return "\(event.alarmName) \(event.phase.rawValue)"
        }
        #expect(delivered == ["OLT_LOSS_OF_SIGNAL raise", "OLT_LOSS_OF_SIGNAL clear"])
    }

    @Test("openolt's reconcile path writes intf-id 536870913 for PON 1: read as PON 1, so its raise and the clear meet")
    func oltLossOfSignalReconcilePortNumber() async throws {
        // device_handler.go:953, :968 pass the interface id already converted; openolt_eventmgr.go:249
        // converts again: intf-id = 0x2<<28 ^ 1, port-label = pon-1.
        let raise = PONEventNormaliser.deviceEvent(
            name: "OLT_LOSS_OF_SIGNAL_RAISE_EVENT",
            resourceID: "olt-1",
            description: "",
            context: ["intf-id": "536870913", "port-label": "pon-1"]
        )
        let clear = PONEventNormaliser.deviceEvent(
            name: "OLT_LOSS_OF_SIGNAL_CLEAR_EVENT",
            resourceID: "olt-1",
            description: "",
            context: ["intf-id": "1", "port-label": "pon-1"]
        )
        #expect(raise.ponInterface == 1)
        #expect(AlarmKey(raise) == AlarmKey(clear))
        #expect(AlarmKey(raise)?.identity == "pon:olt-1/1")
        var detector = StormDetector(settings: Self.settings)
        _ = detector.process(raise, now: S.origin)
        #expect(detector.portsReportedDown == [PONPort(oltDeviceID: "olt-1", ponInterface: 1)])
        _ = detector.process(clear, now: S.origin.addingTimeInterval(60))
        #expect(detector.portsReportedDown.isEmpty)
    }

    @Test("restoring ports keeps to max-ports")
    func restoreBounded() {
        var detector = StormDetector(settings: PONStormSettings(maxPorts: 3))
        detector.restoreReportedDown((0..<10).map { PONPort(oltDeviceID: "olt-1", ponInterface: $0) })
        #expect(detector.portsReportedDown.count == 3)
    }
}

extension PONOutageOnceTests.Step {
    var isDown: Bool {
        if case .oltDown = self { return true }
        return false
    }
}

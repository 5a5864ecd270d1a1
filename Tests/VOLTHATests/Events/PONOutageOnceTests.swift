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
            .storm(at: 0), .quiet(until: 300), .oltDown(at: 400), .oltUp(at: 500), .storm(at: 600),
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

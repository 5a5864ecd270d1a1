import Foundation
import Testing

@testable import PONEvents

/// One dying gasp, two reports, as the normaliser reads them: openolt's (the OLT as resource,
/// `intf-id`, `onu-device-id`: voltha-openolt-adapter `internal/pkg/core/openolt_eventmgr.go:363-383`)
/// and openonu's OMCI ONU-G alarm (the ONU as resource, `onu-intf-id`, `onu-id` = device id,
/// `onu-serial-number`, no OLT: voltha-openonu-adapter-go `internal/pkg/almgr/alarm_manager.go:753-776`).
enum DyingGaspSamples {
    static let origin = Date(timeIntervalSince1970: 1_796_461_200)
    static let olt = "6f1c2b3a4d5e6f708192a3b4"
    static let port = PONPort(oltDeviceID: olt, ponInterface: 1)
    static let settings = PONStormSettings(threshold: 8, window: 60, clearAfter: 120, debounce: 30)

    static func device(_ n: Int) -> String { "onudev\(n)" }

    static func fromOLT(_ n: Int, at seconds: Double, _ phase: PONEventPhase = .raise) -> PONEvent {
        var event = PONEventNormaliser.deviceEvent(
            name: "ONU_DYING_GASP_\(phase == .raise ? "RAISE" : "CLEAR")_EVENT",
            resourceID: olt,
            description: "",
            context: [
                "intf-id": "1", "onu-device-id": device(n), "onu-id": "\(n)", "port-label": "pon-1",
                "serial-number": StormSamples.serial(n),
            ]
        )
        event.raisedAt = origin.addingTimeInterval(seconds)
        return event
    }

    static func fromONU(_ n: Int, at seconds: Double, _ phase: PONEventPhase = .raise) -> PONEvent {
        var event = PONEventNormaliser.deviceEvent(
            name: "ONU_DYING_GASP_\(phase == .raise ? "RAISE" : "CLEAR")_EVENT",
            resourceID: device(n),
            description: "onu DYING_GASP Event - ONU_DYING_GASP - Raised",
            context: [
                "onu-id": device(n), "onu-intf-id": "\((2 << 28) | 1)", "onu-serial-number": StormSamples.serial(n),
            ]
        )
        event.raisedAt = origin.addingTimeInterval(seconds)
        return event
    }

    /// openolt's ONU discovery: OLT, PON and serial (`openolt_eventmgr.go`, ONU_DISCOVERY).
    static func discovery(_ n: Int, at seconds: Double) -> PONEvent {
        var event = PONEventNormaliser.deviceEvent(
            name: "ONU_DISCOVERY_RAISE_EVENT",
            resourceID: olt,
            description: "",
            context: ["intf-id": "1", "onu-id": "\(n)", "serial-number": StormSamples.serial(n)]
        )
        event.raisedAt = origin.addingTimeInterval(seconds)
        return event
    }

    /// Both reports of ONUs 1...`count`, one second apart; `onuFirst`: openonu's first.
    static func gasps(_ count: Int = 10, onuFirst: Bool, from start: Double = 1) -> [PONEvent] {
        (1...count).flatMap { n -> [PONEvent] in
            let at = start + Double(n - 1)
            return onuFirst ? [fromONU(n, at: at), fromOLT(n, at: at)] : [fromOLT(n, at: at), fromONU(n, at: at)]
        }
    }

    static func run(_ events: [PONEvent], filter: inout PONEventFilter) -> [PONEventOutcome] {
        events.flatMap { filter.process($0) }
    }
}

@Suite("A dying gasp reported by both adapters counts once in a storm, whichever report comes first")
struct DyingGaspOrderTests {
    typealias D = DyingGaspSamples

    static func raised(_ outcomes: [PONEventOutcome]) -> [PONStorm] {
        outcomes.compactMap { if case .stormRaised(let storm) = $0 { storm } else { nil } }
    }

    static func delivered(_ outcomes: [PONEventOutcome], _ kind: PONEventKind) -> [PONEvent] {
        outcomes.compactMap { if case .deliver(let event) = $0, event.kind == kind { event } else { nil } }
    }

    @Test("openonu's report first: the OLT's report still reaches the storm stage; one storm on the port, one pon_down")
    func stormWhicheverFirst() throws {
        for onuFirst in [false, true] {
            var filter = PONEventFilter(settings: D.settings)
            let outcomes = D.run(D.gasps(onuFirst: onuFirst), filter: &filter)
            let storms = Self.raised(outcomes)
            #expect(storms.map(\.port) == [D.port], "onuFirst \(onuFirst)")
            #expect(try #require(storms.first).onus == (1...8).map(StormSamples.serial))
            #expect(Self.delivered(outcomes, .ponDown).count == 1)
            #expect(filter.activeStorms.first?.stillDown.count == 10, "every ONU of the storm is down")
        }
    }

    @Test("openonu first: each OLT report below the threshold completes the delivered one, never delivers again")
    func onuFirstCompletes() throws {
        var filter = PONEventFilter(settings: D.settings)
        let outcomes = D.run(D.gasps(onuFirst: true), filter: &filter)
        // Nothing told the filter the ONUs' OLT before: openonu's reports pass as they are.
        let losses = Self.delivered(outcomes, .powerLost)
        #expect(losses.count == 10 && losses.allSatisfy { $0.oltDeviceID == nil })
        let completions = outcomes.compactMap { outcome -> (PONEvent, PONEvent)? in
            if case .completes(let event, let first) = outcome { (event, first) } else { nil }
        }
        // ONUs 1-7: the OLT's report completes openonu's; 8 raises the storm, 9 and 10 are absorbed.
        #expect(completions.map { $0.0.onuSerial } == (1...7).map(StormSamples.serial))
        #expect(completions.allSatisfy { $0.0.oltDeviceID == D.olt && $0.1.oltDeviceID == nil })
        let absorbed = outcomes.filter { if case .absorbed = $0 { true } else { false } }
        #expect(absorbed.count == 3)
        // A third report of one change is a plain repeat.
        let third = filter.process(D.fromOLT(3, at: 3))
        #expect(third == [.duplicate(D.fromOLT(3, at: 3))])
    }

    @Test("an ONU seen with its OLT (discovery, an inventory) gets it filled in: openonu first is openolt first")
    func learntParents() throws {
        var reference = PONEventFilter(settings: D.settings)
        let oltFirst = D.run(D.gasps(onuFirst: false, from: 100), filter: &reference)
        var discovered = PONEventFilter(settings: D.settings)
        _ = D.run((1...10).map { D.discovery($0, at: Double($0)) }, filter: &discovered)
        var listed = PONEventFilter(settings: D.settings)
        for n in 1...10 {
            listed.learnONUParent(serial: StormSamples.serial(n), device: D.device(n), olt: D.olt, pon: 1)
        }
        for var filter in [discovered, listed] {
            let onuFirst = D.run(D.gasps(onuFirst: true, from: 100), filter: &filter)
            #expect(Self.raised(onuFirst).map(\.port) == [D.port])
            // Seven losses delivered, each once and with its OLT; the OLT's reports are duplicates.
            let losses = Self.delivered(onuFirst, .powerLost)
            #expect(losses.count == 7 && losses.allSatisfy { $0.oltDeviceID == D.olt && $0.ponInterface == 1 })
            #expect(Self.delivered(oltFirst, .powerLost).count == 7)
            #expect(onuFirst.filter { if case .duplicate = $0 { true } else { false } }.count == 10)
        }
    }

    @Test("openonu first: the clears after the storm count its ONUs back; a loss passed on before it is recovered once")
    func clearsCountBack() throws {
        var filter = PONEventFilter(settings: D.settings)
        _ = D.run(D.gasps(onuFirst: true), filter: &filter)
        // Everyone back 60 s later, openonu's clear first again (now with the OLT learnt).
        let clears = (1...10).flatMap { [D.fromONU($0, at: 60, .clear), D.fromOLT($0, at: 60, .clear)] }
        let outcomes = D.run(clears, filter: &filter) + filter.advance(to: D.origin.addingTimeInterval(400))
        let cleared = outcomes.compactMap { if case .stormCleared(let storm) = $0 { storm } else { nil } }
        #expect(cleared.count == 1 && cleared.first?.stillDown == [])
        // Every ONU's loss was passed on (openonu's reports): each gets exactly one recovery at the end.
        let recoveries = Self.delivered(outcomes, .powerLost).filter { $0.phase == .clear }
        #expect(recoveries.map(\.onuSerial) == (1...10).map(StormSamples.serial))
    }
}

@Suite("Storm timing keeps one clock per OLT")
struct StormClockPerOLTTests {
    typealias S = StormSamples

    @Test("an event from another OLT stamped 10 minutes ahead moves nothing on this OLT's port")
    func skewElsewhere() throws {
        let settings = PONStormSettings(threshold: 4, window: 60, clearAfter: 120)
        func run(skewed: Bool) -> [PONEventOutcome] {
            var detector = StormDetector(settings: settings)
            var outcomes: [PONEventOutcome] = []
            if skewed { outcomes += detector.process(S.los("ALCL00000099", at: 600, olt: "olt-9", pon: 5)) }
            for n in 1...4 { outcomes += detector.process(S.los(S.serial(n), at: Double(n))) }
            for n in 1...4 { outcomes += detector.process(S.los(S.serial(n), at: 200 + Double(n), phase: .clear)) }
            return outcomes.filter { $0.event?.oltDeviceID != "olt-9" }
        }
        let plain = run(skewed: false)
        let skewed = run(skewed: true)
        #expect(skewed == plain)
        let raised = try #require(StormDetectorTests.storms(skewed).raised.first)
        let cleared = try #require(StormDetectorTests.storms(skewed).cleared.first)
        #expect(raised.startedAt == S.origin.addingTimeInterval(1))
        #expect(cleared.endedAt == S.origin.addingTimeInterval(124))
        // Ended before the clears came: they are delivered, not absorbed.
        #expect(skewed.filter { if case .absorbed = $0 { true } else { false } }.count == 1)
    }

    @Test("another OLT's events never end a storm; its own OLT's next event or advance(to:) does")
    func endsOnItsOwnClock() throws {
        var detector = StormDetector(settings: PONStormSettings(threshold: 4, window: 60, clearAfter: 120))
        for n in 1...4 { _ = detector.process(S.los(S.serial(n), at: Double(n))) }
        let elsewhere = detector.process(S.los("ALCL00000099", at: 1000, olt: "olt-9"))
        #expect(StormDetectorTests.storms(elsewhere).cleared.isEmpty && detector.activeStorms.count == 1)
        let ended = detector.advance(to: S.origin.addingTimeInterval(1000))
        #expect(StormDetectorTests.storms(ended).cleared.map(\.endedAt) == [S.origin.addingTimeInterval(124)])
        // The same through this OLT's own later event.
        var other = StormDetector(settings: PONStormSettings(threshold: 4, window: 60, clearAfter: 120))
        for n in 1...4 { _ = other.process(S.los(S.serial(n), at: Double(n))) }
        let own = other.process(S.los("ALCL00000098", at: 1000, pon: 7))
        #expect(StormDetectorTests.storms(own).cleared.count == 1)
    }
}

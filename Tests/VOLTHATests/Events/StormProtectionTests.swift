import FerruleCore
import Foundation
import Testing

@testable import PONEvents

/// Events built in memory with the shapes the decoder gives: time in seconds from an origin.
enum StormSamples {
    static let origin = Date(timeIntervalSince1970: 1_796_461_200)

    static func los(
        _ serial: String,
        at seconds: Double,
        phase: PONEventPhase = .raise,
        olt: String = "olt-1",
        pon: UInt32 = 0,
        kind: PONEventKind = .signalLost,
        alarm: String = "ONU_LOSS_OF_SIGNAL"
    ) -> PONEvent {
        PONEvent(
            name: "\(alarm)_\(phase == .raise ? "RAISE" : "CLEAR")_EVENT",
            alarmName: alarm,
            kind: kind,
            phase: phase,
            oltDeviceID: olt,
            onuDeviceID: "dev-\(serial)",
            onuSerial: serial,
            ponInterface: pon,
            raisedAt: origin.addingTimeInterval(seconds)
        )
    }

    static func serial(_ n: Int) -> String { "BBSM" + String(format: "%08d", n) }
}

@Suite("Storm protection: many losses on one PON port become one PON event")
struct StormDetectorTests {
    typealias S = StormSamples
    static let settings = PONStormSettings(threshold: 4, window: 60, clearAfter: 120)

    static func storms(_ outcomes: [PONEventOutcome]) -> (raised: [PONStorm], cleared: [PONStorm]) {
        var raised: [PONStorm] = []
        var cleared: [PONStorm] = []
        for outcome in outcomes {
            if case .stormRaised(let storm) = outcome { raised.append(storm) }
            if case .stormCleared(let storm) = outcome { cleared.append(storm) }
        }
        return (raised, cleared)
    }

    @Test("N ONUs losing signal on one port within T seconds raise one storm; later losses are absorbed")
    func raise() throws {
        var detector = StormDetector(settings: Self.settings)
        var outcomes: [PONEventOutcome] = []
        for n in 1...3 { outcomes += detector.process(S.los(S.serial(n), at: Double(n))) }
        #expect(outcomes.allSatisfy { if case .deliver = $0 { true } else { false } })
        let fourth = detector.process(S.los(S.serial(4), at: 10))
        let storm = try #require(Self.storms(fourth).raised.first)
        #expect(storm.port == PONPort(oltDeviceID: "olt-1", ponInterface: 0))
        #expect(storm.onus == (1...4).map(S.serial) && storm.startedAt == S.origin.addingTimeInterval(1))
        #expect(
            fourth.last == .absorbed(S.los(S.serial(4), at: 10), port: PONPort(oltDeviceID: "olt-1", ponInterface: 0))
        )
        let fifth = detector.process(S.los(S.serial(5), at: 20, kind: .powerLost, alarm: "ONU_DYING_GASP"))
        #expect(fifth.count == 1 && Self.storms(fifth).raised.isEmpty)
        if case .absorbed = fifth[0] {} else { Issue.record("expected absorbed, got \(fifth)") }
        #expect(detector.activeStorms.first?.raises == 5)
    }

    @Test("losses spread wider than the window, or on other ports, make no storm")
    func noStorm() {
        var detector = StormDetector(settings: Self.settings)
        var outcomes: [PONEventOutcome] = []
        for n in 1...6 { outcomes += detector.process(S.los(S.serial(n), at: Double(n) * 30)) }
        for n in 1...3 { outcomes += detector.process(S.los(S.serial(10 + n), at: 200, pon: 1)) }
        for n in 1...3 { outcomes += detector.process(S.los(S.serial(20 + n), at: 200, olt: "olt-2")) }
        #expect(Self.storms(outcomes).raised.isEmpty)
        #expect(outcomes.count == 12)
    }

    @Test("one flapping ONU is not a storm: ONUs are counted once")
    func distinctONUs() {
        var detector = StormDetector(settings: Self.settings)
        var outcomes: [PONEventOutcome] = []
        for n in 0..<10 { outcomes += detector.process(S.los(S.serial(1), at: Double(n))) }
        #expect(Self.storms(outcomes).raised.isEmpty)
    }

    @Test("the storm clears after the quiet period, naming the ONUs still down; time comes from the events")
    func clear() throws {
        var detector = StormDetector(settings: Self.settings)
        for n in 1...4 { _ = detector.process(S.los(S.serial(n), at: Double(n))) }
        _ = detector.process(S.los(S.serial(2), at: 30, phase: .clear))
        _ = detector.process(S.los(S.serial(5), at: 50))
        // 50 + 120 = 170: not yet at 169.
        #expect(detector.advance(to: S.origin.addingTimeInterval(169)).isEmpty)
        let outcomes = detector.process(S.los(S.serial(9), at: 171, pon: 3))
        let cleared = try #require(Self.storms(outcomes).cleared.first)
        #expect(cleared.endedAt == S.origin.addingTimeInterval(170))
        #expect(cleared.stillDown == [1, 3, 4, 5].map(S.serial) && cleared.onus == (1...5).map(S.serial))
        #expect(detector.activeStorms.isEmpty)
        // After the storm, the port's events are delivered again.
        #expect(detector.process(S.los(S.serial(2), at: 180)) == [.deliver(S.los(S.serial(2), at: 180))])
    }

    /// The PON-level events delivered among `outcomes`.
    static func ponEvents(_ outcomes: [PONEventOutcome]) -> [PONEvent] {
        outcomes.compactMap { if case .deliver(let event) = $0, event.kind == .ponDown { event } else { nil } }
    }

    @Test("ONUs whose loss was passed on before the storm and that are back get their recovery when it clears")
    func recoveriesAtStormEnd() throws {
        var detector = StormDetector(settings: Self.settings)
        var outcomes: [PONEventOutcome] = []
        for n in 1...4 { outcomes += detector.process(S.los(S.serial(n), at: Double(n))) }
        // ONUs 1–3 were passed on; 2 and 3 come back during the storm, 1 stays down.
        outcomes += detector.process(S.los(S.serial(2), at: 20, phase: .clear))
        outcomes += detector.process(S.los(S.serial(3), at: 21, phase: .clear))
        outcomes += detector.process(S.los(S.serial(4), at: 22, phase: .clear))
        let end = detector.advance(to: S.origin.addingTimeInterval(500))
        let recovered = end.compactMap { outcome -> PONEvent? in
            guard case .deliver(let event) = outcome, event.onuSerial != nil else { return nil }
            return event
        }
        #expect(
            recovered.map(\.onuSerial) == [S.serial(2), S.serial(3)],
            "ONU 4's loss was never passed on; 1 is down"
        )
        let first = try #require(recovered.first)
        #expect(first.name == "ONU_LOSS_OF_SIGNAL_CLEAR_EVENT" && first.phase == .clear && first.kind == .signalLost)
        #expect(first.raisedAt == S.origin.addingTimeInterval(4 + 120))
        #expect(
            first.headerID
                == "Ferrule.recovered.olt-1.0.\(S.serial(2)).\(Int64((S.origin.timeIntervalSince1970 + 124) * 1000))"
        )
        // Through the whole filter: the debouncer sees the recoveries (passed on, not held).
        var filter = PONEventFilter(settings: PONStormSettings(threshold: 4, window: 60, clearAfter: 120, debounce: 30))
        for n in 1...4 { _ = filter.process(S.los(S.serial(n), at: Double(n))) }
        _ = filter.process(S.los(S.serial(2), at: 20, phase: .clear))
        let settled = filter.advance(to: S.origin.addingTimeInterval(500))
        #expect(
            settled.contains {
                if case .deliver(let e) = $0 { e.onuSerial == S.serial(2) && e.phase == .clear } else { false }
            }
        )
    }

    @Test("a storm delivers one PON-down event naming its OLT and PON, and one PON-up when it clears")
    func ponLevelEvents() throws {
        var detector = StormDetector(settings: Self.settings)
        var outcomes: [PONEventOutcome] = []
        for n in 1...12 { outcomes += detector.process(S.los(S.serial(n), at: Double(n), pon: 5)) }
        let down = try #require(Self.ponEvents(outcomes).only)
        #expect(down.kind == .ponDown && down.phase == .raise && down.name == "PON_STORM_RAISE_EVENT")
        #expect(down.oltDeviceID == "olt-1" && down.ponInterface == 5 && down.onuSerial == nil)
        #expect(down.raisedAt == S.origin.addingTimeInterval(1) && down.context["storm-onus"] == "4")
        // The storm event comes right after the storm, before the event that completed it (absorbed).
        let index = try #require(outcomes.firstIndex(of: .deliver(down)))
        if case .stormRaised = outcomes[index - 1] {} else { Issue.record("no storm before the PON event") }
        // The quiet period ends the storm, not the outage: its 12 ONUs are still down.
        let later = detector.advance(to: S.origin.addingTimeInterval(200))
        #expect(Self.storms(later).cleared.count == 1 && Self.ponEvents(later).isEmpty)
        // They come back (each one's LOS clear as the OLT rediscovers it); the last one is the PON up.
        var back: [PONEventOutcome] = []
        for n in 1...12 { back += detector.process(S.los(S.serial(n), at: 300 + Double(n), phase: .clear, pon: 5)) }
        let up = try #require(Self.ponEvents(back).only)
        #expect(back.last == .deliver(up), "right after the last ONU's own clear")
        #expect(up.phase == .clear && up.name == "PON_STORM_CLEAR_EVENT" && up.ponInterface == 5)
        #expect(up.raisedAt == S.origin.addingTimeInterval(312) && up.context["storm-still-down"] == "0")
        #expect(up.headerID == down.headerID, "the outage's identity: its start")
        // The same events give the same PON events: the trigger keys they lead to are stable.
        var again = StormDetector(settings: Self.settings)
        var replayed: [PONEventOutcome] = []
        for n in 1...12 { replayed += again.process(S.los(S.serial(n), at: Double(n), pon: 5)) }
        replayed += again.advance(to: S.origin.addingTimeInterval(200))
        for n in 1...12 { replayed += again.process(S.los(S.serial(n), at: 300 + Double(n), phase: .clear, pon: 5)) }
        #expect(Self.ponEvents(replayed) == [down, up])
    }

    @Test(
        "a storm that ends with ONUs still down is no pon_up: the last one back, or the OLT's port up, is; a storm there meanwhile is the same outage"
    )
    func outageOutlivesTheStorm() throws {
        var detector = StormDetector(settings: Self.settings)
        var outcomes: [PONEventOutcome] = []
        for n in 1...6 { outcomes += detector.process(S.los(S.serial(n), at: Double(n))) }
        // ONUs 1 and 2 back during the storm; it ends after the quiet period with 3…6 down.
        outcomes += detector.process(S.los(S.serial(1), at: 20, phase: .clear))
        outcomes += detector.process(S.los(S.serial(2), at: 21, phase: .clear))
        let end = detector.advance(to: S.origin.addingTimeInterval(300))
        #expect(Self.storms(end).cleared.first?.stillDown == (3...6).map(S.serial))
        #expect(Self.ponEvents(end).isEmpty, "no pon_up while 4 ONUs are dark")
        // A second burst on the port: a storm again, but the same outage: no second pon_down.
        var second: [PONEventOutcome] = []
        for n in 7...10 { second += detector.process(S.los(S.serial(n), at: 400 + Double(n))) }
        #expect(Self.storms(second).raised.count == 1 && Self.ponEvents(second).isEmpty)
        second += detector.advance(to: S.origin.addingTimeInterval(800))
        #expect(Self.ponEvents(second).isEmpty)
        // The OLT reporting the port down meanwhile is part of it too.
        var oltDown = PONEvent(
            name: "OLT_PON_INTERFACE_DOWN_RAISE_EVENT",
            alarmName: "OLT_PON_INTERFACE_DOWN",
            kind: .ponDown,
            phase: .raise,
            oltDeviceID: "olt-1",
            ponInterface: 0,
            raisedAt: S.origin.addingTimeInterval(810)
        )
        #expect(detector.process(oltDown) == [.absorbed(oltDown, port: PONPort(oltDeviceID: "olt-1", ponInterface: 0))])
        // Its up ends the outage, whatever ONUs are still down: pon_up once.
        oltDown.name = "OLT_PON_INTERFACE_DOWN_CLEAR_EVENT"
        oltDown.phase = .clear
        oltDown.raisedAt = S.origin.addingTimeInterval(900)
        #expect(detector.process(oltDown) == [.deliver(oltDown)])
        var after: [PONEventOutcome] = []
        for n in 3...10 { after += detector.process(S.los(S.serial(n), at: 1000 + Double(n), phase: .clear)) }
        #expect(Self.ponEvents(after).isEmpty, "the outage ended at the OLT's up")
        // Without the OLT: the last ONU back is the pon_up.
        var quiet = StormDetector(settings: Self.settings)
        for n in 1...4 { _ = quiet.process(S.los(S.serial(n), at: Double(n))) }
        _ = quiet.advance(to: S.origin.addingTimeInterval(300))
        var back: [PONEventOutcome] = []
        for n in 1...3 { back += quiet.process(S.los(S.serial(n), at: 400 + Double(n), phase: .clear)) }
        #expect(Self.ponEvents(back).isEmpty)
        back = quiet.process(S.los(S.serial(4), at: 500, phase: .clear))
        let up = try #require(Self.ponEvents(back).only)
        #expect(up.name == "PON_STORM_CLEAR_EVENT" && up.raisedAt == S.origin.addingTimeInterval(500))
    }

    @Test("a storm on a port the OLT already reported down adds no PON event of its own")
    func oltReportedDown() {
        var detector = StormDetector(settings: Self.settings)
        let oltDown = PONEvent(
            name: "OLT_PON_INTERFACE_DOWN_RAISE_EVENT",
            alarmName: "OLT_PON_INTERFACE_DOWN",
            kind: .ponDown,
            phase: .raise,
            oltDeviceID: "olt-1",
            ponInterface: 0,
            raisedAt: S.origin
        )
        var outcomes = detector.process(oltDown)
        #expect(outcomes == [.deliver(oltDown)])
        for n in 1...6 { outcomes += detector.process(S.los(S.serial(n), at: Double(n))) }
        outcomes += detector.advance(to: S.origin.addingTimeInterval(300))
        #expect(Self.ponEvents(outcomes) == [oltDown])
        #expect(Self.storms(outcomes).raised.count == 1 && Self.storms(outcomes).cleared.count == 1)
        // Once the OLT said the port is up, the next storm there speaks for itself.
        var clear = oltDown
        clear.phase = .clear
        clear.name = "OLT_PON_INTERFACE_DOWN_CLEAR_EVENT"
        clear.raisedAt = S.origin.addingTimeInterval(400)
        outcomes = detector.process(clear)
        for n in 1...4 { outcomes += detector.process(S.los(S.serial(n), at: 400 + Double(n))) }
        let names = Self.ponEvents(outcomes).map(\.name)
        #expect(names == ["OLT_PON_INTERFACE_DOWN_CLEAR_EVENT", "PON_STORM_RAISE_EVENT"])
    }

    @Test("a clock that goes backwards is held at its latest time")
    func monotonic() {
        var detector = StormDetector(settings: Self.settings)
        _ = detector.process(S.los(S.serial(1), at: 100))
        _ = detector.process(S.los(S.serial(2), at: 5))
        #expect(detector.clock == S.origin.addingTimeInterval(100))
    }

    @Test("memory stays bounded under a flood of ports and ONUs")
    func bounded() {
        var detector = StormDetector(
            settings: PONStormSettings(threshold: 1000, window: 60, maxPorts: 50, maxONUsPerPort: 16)
        )
        for n in 0..<20_000 {
            _ = detector.process(S.los(S.serial(n), at: Double(n) / 100, pon: UInt32(n % 200)))
        }
        #expect(detector.activeStorms.isEmpty)
    }
}

@Suite("Debounce of a flapping ONU and deduplication of dying gasp")
struct FlapAndDuplicateTests {
    typealias S = StormSamples

    @Test("a flap that comes back is suppressed; a change that holds is delivered after the interval")
    func debounce() {
        var debouncer = FlapDebouncer(interval: 30, capacity: 100)
        let serial = S.serial(1)
        #expect(debouncer.process(S.los(serial, at: 0)) == [.deliver(S.los(serial, at: 0))])
        #expect(debouncer.process(S.los(serial, at: 5, phase: .clear)) == [.held(S.los(serial, at: 5, phase: .clear))])
        #expect(debouncer.process(S.los(serial, at: 8)) == [.held(S.los(serial, at: 8))])
        #expect(debouncer.advance(to: S.origin.addingTimeInterval(37)).isEmpty)
        #expect(debouncer.advance(to: S.origin.addingTimeInterval(38)) == [.flapSuppressed(S.los(serial, at: 8))])
        // Quiet since: a clear is delivered at once… then a quick raise is held and settles.
        #expect(
            debouncer.process(S.los(serial, at: 100, phase: .clear)) == [
                .deliver(S.los(serial, at: 100, phase: .clear))
            ]
        )
        #expect(debouncer.process(S.los(serial, at: 110)) == [.held(S.los(serial, at: 110))])
        #expect(debouncer.flush() == [.deliver(S.los(serial, at: 110))])
    }

    @Test("a raise stamped before the clear already passed on arrives late and is not passed on")
    func lateRaise() {
        var debouncer = FlapDebouncer(interval: 30, capacity: 100)
        let serial = S.serial(1)
        #expect(debouncer.process(S.los(serial, at: 0)) == [.deliver(S.los(serial, at: 0))])
        #expect(
            debouncer.process(S.los(serial, at: 300, phase: .clear)) == [
                .deliver(S.los(serial, at: 300, phase: .clear))
            ]
        )
        #expect(debouncer.process(S.los(serial, at: 1)) == [.late(S.los(serial, at: 1))])
        #expect(debouncer.flush().isEmpty, "nothing was held")
        // A later raise is a new change.
        #expect(debouncer.process(S.los(serial, at: 400)) == [.deliver(S.los(serial, at: 400))])
    }

    @Test("ONUs and alarms are debounced separately")
    func separateKeys() {
        var debouncer = FlapDebouncer(interval: 30, capacity: 100)
        #expect(debouncer.process(S.los(S.serial(1), at: 0)).count == 1)
        #expect(debouncer.process(S.los(S.serial(2), at: 1)) == [.deliver(S.los(S.serial(2), at: 1))])
        let gasp = S.los(S.serial(1), at: 2, kind: .powerLost, alarm: "ONU_DYING_GASP")
        #expect(debouncer.process(gasp) == [.deliver(gasp)])
    }

    @Test("dying gasp from the OLT and from the ONU's OMCI alarm is delivered once")
    func dyingGaspOnce() throws {
        let both = try EventFixtures.decoded("ONU_DYING_GASP_RAISE_EVENT")
        try #require(both.count == 2)
        let clears = try EventFixtures.decoded("ONU_DYING_GASP_CLEAR_EVENT")
        // The fixtures are a second apart each; put the two sources' reports a second apart, as
        // the OLT's indication and the ONU's OMCI alarm arrive.
        var reports = both + clears
        for (index, offset) in [0.0, 1, 10, 11].enumerated() {
            reports[index].raisedAt = S.origin.addingTimeInterval(offset)
        }
        var deduplicator = PONEventDeduplicator(window: 30)
        // The OMCI report names the ONU by device id and serial, not by OLT: still the same ONU.
        let verdicts = reports.map { deduplicator.isDuplicate($0) }
        #expect(verdicts == [false, true, false, true])
    }

    @Test("a raise, clear, raise is three changes, and a repeat after the window is new")
    func notDuplicates() {
        var deduplicator = PONEventDeduplicator(window: 30)
        let serial = S.serial(1)
        let events = [
            S.los(serial, at: 0), S.los(serial, at: 1, phase: .clear), S.los(serial, at: 2), S.los(serial, at: 3),
            S.los(serial, at: 40),
        ]
        #expect(events.map { deduplicator.isDuplicate($0) } == [false, false, false, true, false])
    }

    @Test("the filter dedups, detects the storm and debounces, in order")
    func pipeline() {
        var filter = PONEventFilter(settings: PONStormSettings(threshold: 3, window: 60, clearAfter: 60, debounce: 30))
        var outcomes: [PONEventOutcome] = []
        outcomes += filter.process(S.los(S.serial(1), at: 0))
        outcomes += filter.process(S.los(S.serial(1), at: 0))
        outcomes += filter.process(S.los(S.serial(2), at: 1))
        outcomes += filter.process(S.los(S.serial(3), at: 2))
        outcomes += filter.advance(to: S.origin.addingTimeInterval(62))
        let names = outcomes.map { outcome -> String in
            switch outcome {
            case .deliver: "deliver"
            case .duplicate: "duplicate"
            case .completes: "completes"
            case .absorbed: "absorbed"
            case .held: "held"
            case .flapSuppressed: "suppressed"
            case .late: "late"
            case .stormRaised: "storm"
            case .stormCleared: "clear"
            }
        }
        // The storm's pon_down is delivered right after it rises; its pon_up waits for its three ONUs.
        #expect(names == ["deliver", "duplicate", "deliver", "storm", "deliver", "absorbed", "clear"])
    }
}

@Suite("Storm settings in YAML")
struct StormSettingsTests {
    @Test("the storm section sets every threshold; absent keys keep their defaults")
    func read() throws {
        let text = "storm:\n  threshold: 16\n  window-seconds: 30\n  clear-after-seconds: 300\n  debounce-seconds: 0\n"
        let (settings, diagnostics) = PONStormSettings.read(text, file: "events.yaml")
        #expect(!diagnostics.hasErrors)
        let read = try #require(settings)
        #expect(read.threshold == 16 && read.window == 30 && read.clearAfter == 300 && read.debounce == 0)
        #expect(read.duplicateWindow == PONStormSettings().duplicateWindow)
    }

    @Test("a threshold above the 1,024 ONUs a port remembers is refused at its place, naming the maximum")
    func thresholdAboveMemory() throws {
        let (refused, diagnostics) = PONStormSettings.read("storm:\n  threshold: 1100\n", file: "storm.yaml")
        #expect(refused == nil)
        #expect(
            diagnostics.sorted.map(\.description).contains(
                "storm.yaml:2:14: error[out-of-range]: threshold must be between 2 and 1024, not 1100"
            )
        )
        let (accepted, _) = PONStormSettings.read("storm:\n  threshold: 1024\n", file: "storm.yaml")
        #expect(try #require(accepted).threshold == PONStormSettings().maxONUsPerPort)
    }

    @Test("a wrong value or unknown key is reported at file:line:col with a hint")
    func errors() {
        let text = "storm:\n  threshold: 1\n  windw-seconds: 30\n"
        let (settings, diagnostics) = PONStormSettings.read(text, file: "events.yaml")
        #expect(settings == nil)
        let lines = diagnostics.sorted.map(\.description)
        #expect(lines.contains { $0.hasPrefix("events.yaml:2:14: error[out-of-range]: threshold must be between 2") })
        #expect(
            lines.contains { $0.hasPrefix("events.yaml:3:3: error[unknown-key]: ") && $0.contains("window-seconds") }
        )
    }
}

extension Array {
    /// The one element, or nil when there are none or several.
    fileprivate var only: Element? { count == 1 ? first : nil }
}

import FerruleTestSupport
import Foundation
import PONEvents
import PONTriggers
import Rules
import Testing

/// The storm and the OLT report one PON outage: the `pon_down` and `pon_up` rules fire once for it,
/// and a consumer restarted midway (warmed from its event store) keeps to that. The rules are
/// ``StormTriggerTests/rules``.
@Suite("A PON outage reported by a storm and by the OLT fires pon_down and pon_up once, across a restart")
struct PONOutageTriggerTests {
    static let settings = PONStormSettings(threshold: 4, window: 60, clearAfter: 120)

    static func stage() throws -> EventTriggerStage {
        EventTriggerStage(rules: try RuleText.load(StormTriggerTests.rules).triggerRules, storm: settings)
    }

    static func store() throws -> EventStore {
        try EventStore(path: EventStore.path(inStateDirectory: Scratch.directory("ferrule-outage").path))
    }

    /// The OLT's report that olt-7's PON 2 went down (raise) or up (clear) at `time`.
    static func olt(_ phase: PONEventPhase, at time: Date) -> PONEvent {
        var event = Events.onu(
            "OLT_PON_INTERFACE_DOWN_" + (phase == .raise ? "RAISE_EVENT" : "CLEAR_EVENT"),
            .ponDown,
            serial: nil,
            olt: "olt-7",
            pon: 2,
            header: "Voltha.openolt.OLT_PON_INTERFACE_DOWN.\(Int(time.timeIntervalSince1970))"
        )
        event.onuNumber = nil
        event.raisedAt = time
        return event
    }

    /// ONU `n` of olt-7's PON 2 losing signal at `time`.
    static func loss(_ n: Int, at time: Date) -> PONEvent {
        var event = Events.onu(
            "ONU_LOSS_OF_SIGNAL_RAISE_EVENT",
            .signalLost,
            serial: "HWTC" + String(format: "%08X", n),
            olt: "olt-7",
            pon: 2,
            header: "Voltha.openolt.ONU_LOSS_OF_SIGNAL.\(n)"
        )
        event.raisedAt = time
        return event
    }

    /// Records `events` in `store` at consecutive Kafka offsets, with what `stage` plans for them.
    static func record(_ events: [PONEvent], in store: EventStore, stage: inout EventTriggerStage) async throws
        -> [PlannedAction]
    {
        var planned: [PlannedAction] = []
        for (offset, event) in events.enumerated() {
            let result = stage.process(event, now: event.raisedAt ?? Date())
            planned += result.actions
            try await store.record(
                event,
                source: .kafka(topic: "voltha.events", partition: 0, offset: Int64(offset)),
                actions: try result.actions.map { try PendingAction(key: $0.key, encoding: $0) },
                storms: result.stormChanges
            )
        }
        return planned
    }

    /// How many outage and restore webhooks `actions` hold.
    static func count(_ actions: [PlannedAction]) -> [Int] {
        [actions.filter { $0.rule == "pon-outage" }.count, actions.filter { $0.rule == "pon-restored" }.count]
    }

    @Test("storm first, then the OLT's down and (after the storm) its up: one outage and one restore webhook")
    func stormThenOLT() throws {
        var stage = try Self.stage()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var actions: [PlannedAction] = []
        for n in 1...6 { actions += stage.process(Self.loss(n, at: start + Double(n)), now: start).actions }
        actions += stage.process(Self.olt(.raise, at: start + 20), now: start).actions
        actions += stage.process(Self.olt(.clear, at: start + 900), now: start).actions
        #expect(Self.count(actions) == [1, 1])
        #expect(
            actions.filter { $0.rule.hasPrefix("pon-") }.map(\.summary).sorted() == [
                "pon-outage: webhook POST https://noc.example/outage/olt-7/2/PON_STORM",
                "pon-restored: webhook POST https://noc.example/restored/olt-7/2",
            ]
        )
    }

    @Test("restarted after the OLT reported the port down hours ago: a storm there fires nothing, the OLT's up once")
    func restartAfterOLTReport() async throws {
        let store = try Self.store()
        let now = Date()
        var first = try Self.stage()
        let before = try await Self.record([Self.olt(.raise, at: now - 7200)], in: store, stage: &first)
        #expect(Self.count(before) == [1, 0])
        // Two hours on, the OLT's report is far older than the events a restart replays.
        var warmed = try Self.stage()
        try await warmed.warm(from: store, now: now)
        var cold = try Self.stage()
        var after: [PlannedAction] = []
        var unwarmed: [PlannedAction] = []
        let events = (1...6).map { Self.loss($0, at: now + Double($0)) } + [Self.olt(.clear, at: now + 900)]
        for event in events {
            after += warmed.process(event, now: now).actions
            unwarmed += cold.process(event, now: now).actions
        }
        #expect(Self.count(after) == [0, 1])
        // Without the store's active alarm the storm would have been a second pon_down (its outage then
        // ends at the OLT's up, as the storm's ONUs are still down: one pon_up).
        #expect(Self.count(unwarmed) == [1, 1])
    }

    @Test("restarted during a storm the OLT also reported: the OLT's up after the storm is the one restore")
    func restartDuringStorm() async throws {
        let store = try Self.store()
        let now = Date()
        var first = try Self.stage()
        let events = (1...6).map { Self.loss($0, at: now - 60 + Double($0)) } + [Self.olt(.raise, at: now - 30)]
        let before = try await Self.record(events, in: store, stage: &first)
        #expect(Self.count(before) == [1, 0])
        var warmed = try Self.stage()
        try await warmed.warm(from: store, now: now)
        let after = warmed.process(Self.olt(.clear, at: now + 900), now: now).actions
        #expect(Self.count(after) == [0, 1])
    }

    @Test("restarted an hour into a storm: the storm goes on (no second pon_down); one pon_up once its ONUs are back")
    func restartDuringLongStorm() async throws {
        let store = try Self.store()
        let now = Date()
        var first = try Self.stage()
        // The storm began an hour ago and losses kept coming (absorbed), two in the last minute.
        let ongoing = (1...35).map { Self.loss(100 + $0, at: now - 3600 + Double($0) * 100) }
        let events =
            (1...6).map { Self.loss($0, at: now - 3600 + Double($0)) } + ongoing + [
                Self.loss(20, at: now - 50), Self.loss(21, at: now - 40),
            ]
        let before = try await Self.record(events, in: store, stage: &first)
        #expect(Self.count(before) == [1, 0])
        let active = try await store.activeStorms()
        #expect(active.map(\.port) == [PONPort(oltDeviceID: "olt-7", ponInterface: 2)])
        #expect(active.first.map { Int($0.startedAt.timeIntervalSince(now).rounded()) } == -3599)
        #expect(active.first.map { Int($0.lastLoss.timeIntervalSince(now).rounded()) } == -40)

        var warmed = try Self.stage()
        try await warmed.warm(from: store, now: now)
        var after: [PlannedAction] = []
        // Three more ONUs go dark: with the last minute's two, a new storm for a consumer that forgot the first.
        for n in 22...24 { after += warmed.process(Self.loss(n, at: now + Double(n - 20)), now: now).actions }
        #expect(Self.count(after) == [0, 0], "the storm goes on: \(after.map(\.summary))")
        // Quiet for the clear-after period: the storm ends, once; the outage goes on while its ONUs are down.
        var end = warmed
        let ended = try await Self.record([Self.loss(1, at: now + 600)], in: store, stage: &end)
        #expect(Self.count(ended) == [0, 0], "no pon_up while its ONUs are dark: \(ended.map(\.summary))")
        #expect(try await store.activeStorms().isEmpty, "its end was written with the event that ended it")
        // Every ONU back (its LOS clear): the last one is the one pon_up.
        var back: [PlannedAction] = []
        for (index, n) in (Array(1...6) + Array(101...135) + Array(20...24)).enumerated() {
            var clear = Self.loss(n, at: now + 700 + Double(index))
            clear.name = "ONU_LOSS_OF_SIGNAL_CLEAR_EVENT"
            clear.phase = .clear
            back += end.process(clear, now: now).actions
        }
        #expect(Self.count(back) == [0, 1])
    }

    /// ONU `n`'s LOS clear at `time` (as the OLT reports it, naming its OLT).
    static func back(_ n: Int, at time: Date) -> PONEvent {
        var clear = loss(n, at: time)
        clear.name = "ONU_LOSS_OF_SIGNAL_CLEAR_EVENT"
        clear.phase = .clear
        clear.headerID = "Voltha.openolt.ONU_LOSS_OF_SIGNAL_CLEAR.\(n)"
        return clear
    }

    @Test("restarted hours after a storm ended with its ONUs still down: their return still sends the one pon_up")
    func restartDuringOpenOutage() async throws {
        let store = try Self.store()
        let now = Date()
        let port = PONPort(oltDeviceID: "olt-7", ponInterface: 2)
        var first = try Self.stage()
        // Six ONUs went dark three hours ago. ONU 1's return, past the quiet period, ends the storm
        // with all six down (the outage stays open) and is back itself; ONU 2 follows.
        let cut = (1...6).map { Self.loss($0, at: now - 10_800 + Double($0)) }
        let before = try await Self.record(
            cut + [Self.back(1, at: now - 9000), Self.back(2, at: now - 8000)],
            in: store,
            stage: &first
        )
        #expect(Self.count(before) == [1, 0], "\(before.map(\.summary))")
        #expect(try await store.activeStorms().isEmpty)
        let open = try await store.openOutages(limit: 10)
        #expect(open.map(\.storm.port) == [port])
        #expect(open.first?.down == ["HWTC00000003", "HWTC00000004", "HWTC00000005", "HWTC00000006"])

        // Restarted now: the events are far older than a warm-up replays, yet the outage is back.
        var warmed = try Self.stage()
        try await warmed.warm(from: store, now: now)
        #expect(warmed.openOutages.map(\.down) == open.map(\.down))
        var cold = try Self.stage()
        var after: [PlannedAction] = []
        var coldAfter: [PlannedAction] = []
        var delivered: [PONEvent] = []
        for n in 3...6 {
            let result = warmed.process(Self.back(n, at: now + Double(n)), now: now)
            after += result.actions
            for case .deliver(let event) in result.outcomes where event.alarmName == PONStorm.alarmName {
                delivered.append(event)
            }
            coldAfter += cold.process(Self.back(n, at: now + Double(n)), now: now).actions
            if n == 6 { #expect(result.outageChanges == [.outageClosed(port)]) }
        }
        #expect(Self.count(after) == [0, 1], "\(after.map(\.summary))")
        #expect(Self.count(coldAfter) == [0, 0], "without the store's open outage nothing ends it")
        // The pon_up keeps the storm's identity (its start, the first loss three hours ago).
        // The start as the store keeps it (nearest millisecond), before the restart and after.
        let started = Int64(((now - 10_800 + 1).timeIntervalSince1970 * 1000).rounded())
        #expect(delivered.map(\.headerID) == ["Ferrule.storm.olt-7.2.\(started)"])
        #expect(delivered.first?.phase == .clear)
    }

    @Test("restarted hours after a fibre cut: the repair's LOS clear (no OLT in it) gets its ONU's OLT back")
    func restartBeforeRepair() async throws {
        let store = try Self.store()
        let now = Date()
        var first = try Self.stage()
        _ = try await Self.record((1...6).map { Self.loss($0, at: now - 7200 + Double($0)) }, in: store, stage: &first)
        // voltha-openolt-adapter device_handler.go:1905-1935: resource = the ONU, no OLT in the context.
        var clear = Events.onu(
            "ONU_LOSS_OF_SIGNAL_CLEAR_EVENT",
            .signalLost,
            serial: "HWTC" + String(format: "%08X", 5),
            olt: nil,
            pon: 2,
            context: ["intf-id": "2", "onu-id": "1", "onu-device-id": "onu-5"]
        )
        clear.resourceID = "onu-5"
        clear.onuDeviceID = "onu-5"
        clear.raisedAt = now
        func delivered(_ stage: inout EventTriggerStage) -> PONEvent? {
            stage.process(clear, now: now).outcomes.compactMap { outcome -> PONEvent? in
                guard case .deliver(let event) = outcome, event.alarmName == "ONU_LOSS_OF_SIGNAL" else { return nil }
                return event
            }.first
        }
        var warmed = try Self.stage()
        try await warmed.warm(from: store, now: now)
        #expect(delivered(&warmed)?.oltDeviceID == "olt-7")
        var cold = try Self.stage()
        #expect(delivered(&cold).map { $0.oltDeviceID == nil } == true, "the raises are older than a warm-up replays")
    }
}

import FerruleTestSupport
import Foundation
import PONEvents
import PONTriggers
import Rules
import Testing

/// A storm ends when its quiet period passes on the consumer's clock, though its OLT sends nothing
/// more (``EventTriggerStage/endQuietStorms(now:)``, the live consumer's tick); the end is recorded
/// as its own event with the actions it plans (``StormEndRecorder``). The clock is injected: no
/// sleeps. The rules are ``StormTriggerTests/rules``.
@Suite("A quiet OLT's storm ends when its quiet period passes, not at the OLT's next event")
struct StormQuietEndTests {
    static let settings = PONStormSettings(threshold: 4, window: 60, clearAfter: 120)

    static func stage() throws -> EventTriggerStage {
        EventTriggerStage(rules: try RuleText.load(StormTriggerTests.rules).triggerRules, storm: settings)
    }

    /// ONUs 0..<4 of olt-7's PON 2 losing signal one second apart from ``Events/raised``, then back
    /// (their clears, absorbed by the storm) 10 s later: the storm's latest loss is at +3 s.
    @discardableResult
    static func storm(_ stage: inout EventTriggerStage) -> [(event: PONEvent, result: EventTriggerStage.Result)] {
        let losses = (0..<4).map { StormTriggerTests.loss($0, at: Double($0)) }
        let clears = (0..<4).map { n in
            var clear = StormTriggerTests.loss(n, at: 10 + Double(n))
            clear.name = "ONU_LOSS_OF_SIGNAL_CLEAR_EVENT"
            clear.phase = .clear
            return clear
        }
        return (losses + clears).map { ($0, stage.process($0, now: Events.raised)) }
    }

    /// The rules each planned action of `result` belongs to.
    static func rules(_ result: EventTriggerStage.Result) -> [String] { result.actions.map(\.rule) }

    @Test(
        "the tick notes the storm, ends it once clear-after seconds of its clock passed with no new loss; pon_up once"
    )
    func endsWhenQuiet() throws {
        var stage = try Self.stage()
        let start = Events.raised
        let raised = Self.storm(&stage)
        #expect(raised.flatMap(\.result.outcomes).contains { if case .stormRaised = $0 { true } else { false } })
        #expect(stage.activeStorms.count == 1)
        // The consumer's clock: the first tick notes the storm; before clear-after seconds, nothing.
        let clock = start.addingTimeInterval(10)
        #expect(stage.endQuietStorms(now: clock).outcomes.isEmpty)
        #expect(stage.endQuietStorms(now: clock.addingTimeInterval(119)).outcomes.isEmpty)
        #expect(stage.activeStorms.count == 1)
        let ended = stage.endQuietStorms(now: clock.addingTimeInterval(120))
        guard case .stormCleared(let storm) = ended.outcomes.first else {
            Issue.record("no storm end: \(ended.outcomes)")
            return
        }
        // Stamped on the OLT's clock, as an end on event arrival is: the latest loss + clear-after.
        #expect(storm.endedAt == start.addingTimeInterval(3 + 120))
        #expect(storm.port == PONPort(oltDeviceID: "olt-7", ponInterface: 2))
        #expect(Self.rules(ended) == ["pon-restored"], "\(ended.actions)")
        #expect(stage.activeStorms.isEmpty)
        // Ended once: later ticks and the OLT's next event end nothing again.
        #expect(stage.endQuietStorms(now: clock.addingTimeInterval(600)).outcomes.isEmpty)
        var later = Events.onu("ONU_DISCOVERY_RAISE_EVENT", .onuDiscovered, serial: "ALCL00000001", olt: "olt-7")
        later.raisedAt = start.addingTimeInterval(1000)
        #expect(!Self.rules(stage.process(later, now: clock)).contains("pon-restored"))
    }

    @Test("the same pon_up as an end on the OLT's next event: same action key")
    func sameAsOnArrival() throws {
        var ticked = try Self.stage()
        var arrived = try Self.stage()
        _ = Self.storm(&ticked)
        _ = Self.storm(&arrived)
        _ = ticked.endQuietStorms(now: Events.raised)
        let byTick = ticked.endQuietStorms(now: Events.raised.addingTimeInterval(500)).actions
        var next = Events.onu("ONU_DISCOVERY_RAISE_EVENT", .onuDiscovered, serial: "ALCL00000001", olt: "olt-7")
        next.raisedAt = Events.raised.addingTimeInterval(1000)
        let byArrival = arrived.process(next, now: Events.raised).actions.filter { $0.rule == "pon-restored" }
        #expect(byTick.map(\.key) == byArrival.map(\.key) && byTick.count == 1)
    }

    @Test("a loss joining the storm between ticks starts its quiet period again")
    func newLossRestarts() throws {
        var stage = try Self.stage()
        _ = Self.storm(&stage)
        let clock = Events.raised.addingTimeInterval(5)
        _ = stage.endQuietStorms(now: clock)
        _ = stage.process(StormTriggerTests.loss(9, at: 60), now: clock)
        var back = StormTriggerTests.loss(9, at: 61)
        back.name = "ONU_LOSS_OF_SIGNAL_CLEAR_EVENT"
        back.phase = .clear
        _ = stage.process(back, now: clock)
        #expect(stage.endQuietStorms(now: clock.addingTimeInterval(100)).outcomes.isEmpty)
        #expect(stage.endQuietStorms(now: clock.addingTimeInterval(200)).outcomes.isEmpty, "noted the new loss")
        let ended = stage.endQuietStorms(now: clock.addingTimeInterval(320))
        #expect(Self.rules(ended) == ["pon-restored"])
    }

    @Test("an OLT stamping an hour behind or ahead of the consumer: its storm still lasts clear-after seconds")
    func clockSkew() throws {
        for skew in [-3600.0, 3600] {
            var stage = try Self.stage()
            _ = Self.storm(&stage)
            let clock = Events.raised.addingTimeInterval(skew)
            #expect(stage.endQuietStorms(now: clock).outcomes.isEmpty, "skew \(skew)")
            #expect(stage.endQuietStorms(now: clock.addingTimeInterval(60)).outcomes.isEmpty, "skew \(skew)")
            #expect(Self.rules(stage.endQuietStorms(now: clock.addingTimeInterval(121))) == ["pon-restored"])
        }
    }

    @Test("recorded as PON_STORM_ENDED with its actions and the storm's end; recording again changes nothing")
    func recorded() async throws {
        let directory = try Scratch.directory("ferrule-storm-tick")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try EventStore(path: EventStore.path(inStateDirectory: directory.path))
        var stage = try Self.stage()
        for (n, (event, result)) in Self.storm(&stage).enumerated() {
            let actions = try result.actions.map { try PendingAction(key: $0.key, encoding: $0) }
            try await store.record(
                event,
                source: .file(path: "t", line: Int64(n + 1)),
                actions: actions,
                storms: result.stormChanges
            )
        }
        #expect(try await store.activeStorms().count == 1)
        let before = try await store.pendingActionCount()
        _ = stage.endQuietStorms(now: Events.raised)
        let result = stage.endQuietStorms(now: Events.raised.addingTimeInterval(120))
        let recorded = try await StormEndRecorder.record(result, in: store)
        #expect(recorded.storms.count == 1 && recorded.actionsQueued == 1 && recorded.actionsDropped == 0)
        #expect(try await store.pendingActionCount() == before + 1)
        #expect(try await store.activeStorms().isEmpty, "the storm's end is recorded: a restart does not restore it")
        let events = try await store.events(EventQuery(limit: 50)).events
        let end = try #require(events.first { $0.event.name == PONStorm.endRecordName })
        #expect(
            end.source
                == .stormEnd(olt: "olt-7", pon: 2, ended: Int64(Events.raised.timeIntervalSince1970 + 123) * 1000)
        )
        #expect(end.source.description.hasPrefix("storm-end olt-7/pon-2@"))
        #expect(end.event.kind == .unknown && end.event.phase == .bare && end.alarmID == nil)
        #expect(end.event.oltDeviceID == "olt-7" && end.event.ponInterface == 2)
        #expect(end.event.headerID == "Ferrule.storm-end.olt-7.2.\(Int64(Events.raised.timeIntervalSince1970) * 1000)")
        let queued = try #require(try await store.action(Int64(before + 1)))
        #expect(queued.eventID == end.id)
        // A second recording (a crash before the stage moved on, a repeated tick): nothing new.
        let again = try await StormEndRecorder.record(result, in: store)
        #expect(again.actionsQueued == 0)
        #expect(try await store.pendingActionCount() == before + 1)
        // A restarted consumer warms from the store: no storm left to end, nothing planned twice.
        var restarted = try Self.stage()
        try await restarted.warm(from: store, now: Events.raised.addingTimeInterval(130))
        #expect(restarted.activeStorms.isEmpty)
        _ = restarted.endQuietStorms(now: Events.raised.addingTimeInterval(130))
        #expect(restarted.endQuietStorms(now: Events.raised.addingTimeInterval(1000)).actions.isEmpty)
    }

    @Test(
        "a tick ending a storm with its ONUs still down records the open outage; their return after a restart is pon_up"
    )
    func tickRecordsOpenOutage() async throws {
        let directory = try Scratch.directory("ferrule-storm-tick-open")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try EventStore(path: EventStore.path(inStateDirectory: directory.path))
        var stage = try Self.stage()
        // Four ONUs lose signal and stay dark.
        for n in 0..<4 {
            let loss = StormTriggerTests.loss(n, at: Double(n))
            let result = stage.process(loss, now: Events.raised)
            try await store.record(loss, source: .file(path: "t", line: Int64(n + 1)), storms: result.stormChanges)
        }
        _ = stage.endQuietStorms(now: Events.raised)
        let result = stage.endQuietStorms(now: Events.raised.addingTimeInterval(120))
        #expect(result.actions.isEmpty, "no pon_up while its ONUs are dark")
        let recorded = try await StormEndRecorder.record(result, in: store)
        #expect(recorded.storms.count == 1)
        #expect(try await store.activeStorms().isEmpty)
        let open = try await store.openOutages(limit: 10)
        #expect(open.count == 1 && open.first?.down.count == 4, "\(open)")
        #expect(open.first?.storm.endedAt == Events.raised.addingTimeInterval(123))

        // A day later, a restarted consumer: the ONUs come back one by one; the last one is pon_up.
        var restarted = try Self.stage()
        try await restarted.warm(from: store, now: Events.raised.addingTimeInterval(86_400))
        var planned: [String] = []
        for n in 0..<4 {
            var clear = StormTriggerTests.loss(n, at: 86_400 + Double(n))
            clear.name = "ONU_LOSS_OF_SIGNAL_CLEAR_EVENT"
            clear.phase = .clear
            planned += Self.rules(restarted.process(clear, now: Events.raised))
        }
        #expect(planned == ["pon-restored"], "\(planned)")
    }

    @Test("a storm restored at restart (no event of its OLT since) ends clear-after seconds after the first tick")
    func restored() throws {
        var stage = try Self.stage()
        stage.warm(
            storms: [
                PONStormRecord(
                    port: PONPort(oltDeviceID: "olt-7", ponInterface: 2),
                    startedAt: Events.raised,
                    lastLoss: Events.raised.addingTimeInterval(3)
                )
            ]
        )
        let clock = Events.raised.addingTimeInterval(7200)
        #expect(stage.endQuietStorms(now: clock).outcomes.isEmpty, "the first tick only notes it")
        #expect(Self.rules(stage.endQuietStorms(now: clock.addingTimeInterval(120))) == ["pon-restored"])
    }
}

import Foundation
import PONEvents
import PONTriggers
import Rules
import Testing

@Suite("A loss storm on one PON fires pon_down once, and pon_up when it clears")
struct StormTriggerTests {
    static let rules = """
        rules:
          - name: pon-outage
            on: voltha.pon_down
            actions:
              - webhook: {url: "https://noc.example/outage/${event.olt}/${event.ponPort}/${event.alarm}"}
          - name: pon-restored
            on: voltha.pon_up
            actions:
              - webhook: {url: "https://noc.example/restored/${event.olt}/${event.ponPort}"}
          - name: lost
            on: voltha.signal_lost
            actions:
              - tag: los
        """

    /// ONU `n`'s loss of signal on olt-7's PON 2, `seconds` after ``Events/raised``.
    static func loss(_ n: Int, at seconds: Double) -> PONEvent {
        var event = Events.onu(
            "ONU_LOSS_OF_SIGNAL_RAISE_EVENT",
            .signalLost,
            serial: "HWTC" + String(format: "%08X", n),
            olt: "olt-7",
            pon: 2
        )
        event.raisedAt = Events.raised.addingTimeInterval(seconds)
        return event
    }

    /// ONU `n`'s LOS clear (``loss(_:at:)``'s).
    static func back(_ n: Int, at seconds: Double) -> PONEvent {
        var event = loss(n, at: seconds)
        event.name = "ONU_LOSS_OF_SIGNAL_CLEAR_EVENT"
        event.phase = .clear
        return event
    }

    @Test(
        "20 ONUs losing signal within the window: the first threshold's worth tag, one pon_down, one pon_up when they are back"
    )
    func onceEach() throws {
        let rules = try RuleText.load(Self.rules).triggerRules
        var stage = EventTriggerStage(rules: rules, storm: PONStormSettings(threshold: 8, window: 60, clearAfter: 300))
        var actions: [PlannedAction] = []
        for n in 0..<20 { actions += stage.process(Self.loss(n, at: Double(n)), now: Events.raised).actions }
        // Past the quiet period, the OLT's next event ends the storm (another OLT's would not: its clock is its own).
        var later = Events.onu("ONU_DISCOVERY_RAISE_EVENT", .onuDiscovered, serial: "ALCL00000001", olt: "olt-7")
        later.raisedAt = Events.raised.addingTimeInterval(1000)
        actions += stage.process(later, now: Events.raised).actions
        #expect(!actions.contains { $0.rule == "pon-restored" }, "the storm ended, its 20 ONUs are still down")
        // They come back, each with its LOS clear: the last one is the PON up.
        for n in 0..<20 { actions += stage.process(Self.back(n, at: 1100 + Double(n)), now: Events.raised).actions }
        let outages = actions.filter { $0.rule == "pon-outage" }
        let restores = actions.filter { $0.rule == "pon-restored" }
        #expect(outages.count == 1 && restores.count == 1)
        #expect(outages.first?.trigger == .ponDown && restores.first?.trigger == .ponUp)
        #expect(outages.first?.onu.oltID == "olt-7" && outages.first?.onu.ponPort == 2)
        #expect(outages.first?.summary == "pon-outage: webhook POST https://noc.example/outage/olt-7/2/PON_STORM")
        #expect(restores.first?.summary == "pon-restored: webhook POST https://noc.example/restored/olt-7/2")
        // Losses before the storm was recognised were delivered (7 of them); the rest were absorbed.
        #expect(actions.filter { $0.rule == "lost" }.count == 7)
        // The keys are the storm's: a consumer restarted and warmed with the same events plans the same.
        var again = EventTriggerStage(rules: rules, storm: PONStormSettings(threshold: 8, window: 60, clearAfter: 300))
        var replayed: [PlannedAction] = []
        for n in 0..<20 { replayed += again.process(Self.loss(n, at: Double(n)), now: Events.raised).actions }
        replayed += again.process(later, now: Events.raised).actions
        for n in 0..<20 { replayed += again.process(Self.back(n, at: 1100 + Double(n)), now: Events.raised).actions }
        #expect(replayed.map(\.key) == actions.map(\.key))
    }
}

import Foundation
import PONEvents
import Rules
import Testing

@testable import PONTriggers

/// The activation and recovery memory of the trigger stage is bounded by `max-onus`, the least
/// recently fired ONU forgotten first: never a rescan or a wipe of every ONU's memory.
@Suite("The trigger stage: bounded duplicate memory")
struct EventTriggerStageBoundTests {
    static func activated(_ serial: String, header: String) -> PONEvent {
        Events.onu("ONU_ACTIVATED_RAISE_EVENT", .onuActivated, serial: serial, header: header)
    }

    /// VOLTHA's second report of the same activation: the core's state change to ACTIVE.
    static func stateChangeToActive(_ serial: String, header: String) -> PONEvent {
        Events.onu(
            "DEVICE_STATE_CHANGE_RAISE_EVENT",
            .stateChange,
            serial: serial,
            context: [
                "is-root": "false", "oper-state": "ACTIVE", "connect-state": "REACHABLE", "admin-state": "ENABLED",
                "prev-oper-state": "ACTIVATING", "prev-connect-state": "REACHABLE",
            ],
            header: header
        )
    }

    @Test("past max-onus, a recent ONU's second activation report is still a duplicate; the memory stays bounded")
    func bounded() throws {
        let rules = try RuleText.load(OutboxExecutorTests.tagAndProvision).triggerRules
        var stage = EventTriggerStage(rules: rules, storm: PONStormSettings(maxONUs: 4))
        #expect(EventTriggerStage.firedCapacity(PONStormSettings(maxONUs: 4)) == 8)
        for number in 1...5 {
            let serial = "HWTC0000000\(number)"
            let first = stage.process(Self.activated(serial, header: "a\(number)"), now: Events.raised)
            #expect(!first.actions.isEmpty, "\(serial)'s activation is planned")
        }
        #expect(stage.firedCount <= 8)
        // ONU 5 was the newest: its state change to ACTIVE reports the same activation.
        let again = stage.process(Self.stateChangeToActive("HWTC00000005", header: "s5"), now: Events.raised)
        #expect(again.actions.isEmpty, "a second report of ONU 5's activation planned \(again.actions.map(\.summary))")
        for number in 0..<1000 {
            _ = stage.process(Self.activated("FLOOD\(number)", header: "f\(number)"), now: Events.raised)
        }
        #expect(stage.firedCount <= 8)
    }

    @Test("each outcome carries the actions it planned (what `events replay --filter --rules` prints per line)")
    func plannedPerOutcome() throws {
        let rules = try RuleText.load(OutboxExecutorTests.tagAndProvision).triggerRules
        var stage = EventTriggerStage(rules: rules)
        let first = stage.process(Self.stateChangeToActive("HWTC0000000A", header: "s"), now: Events.raised)
        #expect(first.outcomes.count == first.planned.count)
        #expect(!first.planned[0].isEmpty && first.actions == first.planned.flatMap { $0 })
        let second = stage.process(Self.activated("HWTC0000000A", header: "a"), now: Events.raised)
        #expect(second.outcomes.count == 1 && second.planned == [[]], "the second report of one activation")
        let end = stage.finish(now: Events.raised)
        #expect(end.outcomes.isEmpty)
    }
}

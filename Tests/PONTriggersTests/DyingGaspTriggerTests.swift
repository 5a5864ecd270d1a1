import Foundation
import PONEvents
import PONTriggers
import Rules
import Testing

/// One dying gasp, reported by openolt (voltha-openolt-adapter `internal/pkg/core/openolt_eventmgr.go:363-383`:
/// the OLT as resource) and by openonu's OMCI ONU-G alarm (voltha-openonu-adapter-go
/// `internal/pkg/almgr/alarm_manager.go:753-776`: the ONU as resource, no OLT), in either order.
@Suite("A power_lost rule fires once per dying gasp, scoped to the OLT or not, whichever adapter reports first")
struct DyingGaspTriggerTests {
    static let olt = "6f1c2b3a4d5e6f708192a3b4"
    static let rules = """
        rules:
          - name: power-olt
            on: voltha.power_lost
            when: {olt: "\(olt)"}
            actions:
              - webhook: {url: "https://noc.example/power/${event.serial}"}
          - name: power-any
            on: voltha.power_lost
            actions:
              - tag: dying-gasp
          - name: power-other-olt
            on: voltha.power_lost
            when: {olt: "some-other-olt"}
            actions:
              - tag: elsewhere
        """

    static func json(_ n: Int, fromOLT: Bool, at second: Int) -> String {
        let time = String(format: "2026-12-05T09:00:%02dZ", second)
        let serial = String(format: "BBSM%08d", n)
        if fromOLT {
            return """
                {"deviceEvent":{"context":{"intf-id":"1","onu-device-id":"onudev\(n)","onu-id":"\(n)","port-label":"pon-1","serial-number":"\(serial)"},"deviceEventName":"ONU_DYING_GASP_RAISE_EVENT","resourceId":"\(olt)"},"header":{"category":"COMMUNICATION","id":"Voltha.openolt.ONU_DYING_GASP.\(n)","raisedTs":"\(time)","reportedTs":"\(time)","subCategory":"ONU","type":"DEVICE_EVENT","typeVersion":"0.1"}}
                """
        }
        return """
            {"deviceEvent":{"context":{"onu-id":"onudev\(n)","onu-intf-id":"\((2 << 28) | 1)","onu-serial-number":"\(serial)"},"description":"onu DYING_GASP Event - ONU_DYING_GASP - Raised","deviceEventName":"ONU_DYING_GASP_RAISE_EVENT","resourceId":"onudev\(n)"},"header":{"category":"EQUIPMENT","id":"Voltha.openonu.ONU_DYING_GASP.\(n)","raisedTs":"\(time)","reportedTs":"\(time)","subCategory":"ONU","type":"DEVICE_EVENT","typeVersion":"0.1"}}
            """
    }

    static func event(_ n: Int, fromOLT: Bool, at second: Int) throws -> PONEvent {
        try PONEventDecoder().decode(json: Array(json(n, fromOLT: fromOLT, at: second).utf8))
    }

    /// The rules fired for `events`, by rule name, counted.
    static func fired(_ events: [PONEvent], learn: Bool = false) throws -> [String: Int] {
        var stage = EventTriggerStage(rules: try RuleText.load(rules).triggerRules)
        if learn { stage.learn(onuParents: [(serial: "BBSM00000001", device: "onudev1", olt: olt, pon: UInt32(1))]) }
        var counts: [String: Int] = [:]
        for event in events {
            for action in stage.process(event, now: Date()).actions { counts[action.rule, default: 0] += 1 }
        }
        return counts
    }

    @Test("openolt first, openonu first, and openonu first with the ONU's OLT known: each rule that matches fires once")
    func onceEitherOrder() throws {
        let oltFirst = try Self.fired([Self.event(1, fromOLT: true, at: 1), Self.event(1, fromOLT: false, at: 1)])
        let onuFirst = try Self.fired([Self.event(1, fromOLT: false, at: 1), Self.event(1, fromOLT: true, at: 2)])
        let known = try Self.fired(
            [Self.event(1, fromOLT: false, at: 1), Self.event(1, fromOLT: true, at: 2)],
            learn: true
        )
        for counts in [oltFirst, onuFirst, known] {
            #expect(counts == ["power-olt": 1, "power-any": 1], "\(counts)")
        }
    }

    @Test("the webhook of the OLT-scoped rule fired by the OLT's report names the ONU's serial")
    func completionPlansTheLocatedReport() throws {
        var stage = EventTriggerStage(rules: try RuleText.load(Self.rules).triggerRules)
        _ = stage.process(try Self.event(1, fromOLT: false, at: 1), now: Date())
        let result = stage.process(try Self.event(1, fromOLT: true, at: 2), now: Date())
        #expect(result.outcomes.map(\.name) == ["completes"])
        #expect(result.actions.map(\.summary) == ["power-olt: webhook POST https://noc.example/power/BBSM00000001"])
    }
}

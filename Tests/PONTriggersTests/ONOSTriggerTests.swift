import FerruleCore
import FerruleTestSupport
import Foundation
import PONEvents
import PONTriggers
import Rules
import Testing

/// ONOS's events (kafka-onos JSON) as trigger sources: mapping, facts, planning and the stage.
@Suite("ONOS events fire onos.* triggers")
struct ONOSTriggerTests {
    static let rules = """
        rules:
          - name: got-ip
            on: onos.dhcp_acked
            when: {serial: "BBSM*", mac: "2e:0a:00:01:00:*"}
            actions:
              - tag: {add: [rg-online]}
              - provision: {name: set-wan-ip, args: ["${event.ip}", "${event.mac}", "${event.uniPort}", "${event.uni}"]}
          - name: uni-up
            on: onos.uni_added | voltha.onu_activated
            actions:
              - tag: {add: [uni-up]}
          - name: auth
            on: onos.authenticated | onos.auth_denied
            when: {olt: "of:00000a0a0a0a0a00"}
            actions:
              - webhook: {url: "https://noc.example/aaa/${event.serial}", body: '{"port": "${event.ofPort}"}'}
        """

    static func decode(_ line: String) throws -> PONEvent {
        try ONOSEventDecoder().decode(json: Array(line.utf8), topic: "dhcp.events")
    }

    static let ack =
        #"{"type":"UPDATED","timestamp":"2026-12-05T09:00:04Z","deviceId":"of:00000a0a0a0a0a00","portNumber":"256","serialNumber":"BBSM00000001-1","messageType":"DHCPACK","macAddress":"2E:0A:00:01:00:00","ipAddress":"10.10.0.5"}"#

    @Test("after a restart, an ONOS event of an ONU VOLTHA reported days ago still gets its OLT (olt: matches)")
    func oltAfterRestart() async throws {
        let rules = """
            rules:
              - name: on-olt
                on: onos.dhcp_acked
                when: {olt: olt-7}
                actions: [{tag: {add: [rg-online]}}]
            """
        let store = try EventStore(
            path: EventStore.path(inStateDirectory: Scratch.directory("ferrule-onos-parents").path)
        )
        // VOLTHA named BBSM00000001's OLT in an event long before the restart (outside any window).
        try await store.record(
            Events.onu("ONU_ACTIVATED_RAISE_EVENT", .onuActivated, serial: "BBSM00000001", olt: "olt-7", pon: 0),
            source: .kafka(topic: "voltha.events", partition: 0, offset: 0)
        )
        let now = Events.raised + 3 * 86_400
        let triggers = try RuleText.load(rules).triggerRules
        var warmed = EventTriggerStage(rules: triggers)
        try await warmed.warm(from: store, now: now)
        var cold = EventTriggerStage(rules: triggers)
        let ack = try Self.decode(Self.ack)
        #expect(warmed.process(ack, now: now).actions.map(\.rule) == ["on-olt"])
        #expect(cold.process(ack, now: now).actions.isEmpty, "without the store the ONU's OLT is unknown")
    }

    @Test("each ONOS event name maps to its trigger; the others trigger nothing")
    func mapping() throws {
        let table: [(String, [TriggerEvent])] = [
            (#"{"status":"activated"}"#, [.onosUNIAdded]),
            (#"{"status":"disabled"}"#, [.onosUNIRemoved]),
            (#"{"status":"suspended"}"#, []),
            (#"{"authenticationState":"STARTED"}"#, [.onosAuthStarted]),
            (#"{"authenticationState":"REQUESTED"}"#, []),
            (#"{"authenticationState":"APPROVED"}"#, [.onosAuthenticated]),
            (#"{"authenticationState":"DENIED"}"#, [.onosAuthDenied]),
            (#"{"authenticationState":"TIMEOUT"}"#, [.onosAuthTimeout]),
            (#"{"type":"UPDATED","messageType":"DHCPACK"}"#, [.onosDHCPAcked]),
            (#"{"type":"UPDATED","messageType":"DHCPNAK"}"#, [.onosDHCPNak]),
            (#"{"type":"UPDATED","messageType":"DHCPRELEASE"}"#, [.onosDHCPReleased]),
            (#"{"type":"UPDATED","messageType":"DHCPREQUEST"}"#, []),
            (#"{"type":"REMOVED","messageType":"DHCPACK"}"#, []),
        ]
        for (line, expected) in table {
            #expect(TriggerMapping.triggers(for: try Self.decode(line)) == expected, "\(line)")
        }
    }

    @Test("a DHCPACK fills ${event.ip}, ${event.mac}, ${event.uniPort}, ${event.uni} and matches on serial and MAC")
    func plans() throws {
        let planner = TriggerPlanner(rules: try RuleText.load(Self.rules).triggerRules)
        let plan = planner.plan(try Self.decode(Self.ack))
        #expect(plan.triggers == [.onosDHCPAcked])
        #expect(plan.fired == ["got-ip"])
        #expect(
            plan.actions.map(\.summary) == [
                "got-ip: tag +rg-online",
                #"got-ip: provision set-wan-ip("10.10.0.5", "2E:0A:00:01:00:00", "BBSM00000001-1", "1")"#,
            ]
        )
        #expect(plan.actions.allSatisfy { $0.onu.serial == "BBSM00000001" && $0.trigger == .onosDHCPAcked })
        #expect(plan.facts.ofDevice == "of:00000a0a0a0a0a00" && plan.facts.oltID == nil)
        let other = try Self.decode(Self.ack.replacingOccurrences(of: "2E:0A:00:01", with: "AA:BB:00:01"))
        #expect(planner.plan(other).fired.isEmpty, "another client's MAC")
    }

    @Test("the olt condition matches ONOS's OpenFlow device id of authentication events")
    func olt() throws {
        let planner = TriggerPlanner(rules: try RuleText.load(Self.rules).triggerRules)
        let approved = try Self.decode(
            #"{"timestamp":"2026-12-05T09:00:02Z","deviceId":"of:00000a0a0a0a0a00","portNumber":"256","serialNumber":"BBSM00000001-1","authenticationState":"APPROVED"}"#
        )
        let plan = planner.plan(approved)
        #expect(plan.fired == ["auth"])
        #expect(plan.actions.first?.summary == "auth: webhook POST https://noc.example/aaa/BBSM00000001")
        guard case .webhook(let request) = plan.actions.first?.step else {
            Issue.record("not a webhook")
            return
        }
        #expect(request.body == #"{"port": "256"}"#)
        let elsewhere = try Self.decode(
            #"{"deviceId":"of:0000000000000002","serialNumber":"BBSM00000001-1","authenticationState":"APPROVED"}"#
        )
        #expect(planner.plan(elsewhere).fired.isEmpty)
    }

    @Test(
        "through the stage: every ONOS event is delivered (no dedup of two clients' ACKs); a redelivery plans the same keys"
    )
    func stage() throws {
        var stage = EventTriggerStage(rules: try RuleText.load(Self.rules).triggerRules)
        let now = Date()
        let first = stage.process(try Self.decode(Self.ack), now: now)
        let second = stage.process(
            try Self.decode(Self.ack.replacingOccurrences(of: "2E:0A:00:01:00:00", with: "2E:0A:00:01:00:01")),
            now: now
        )
        #expect(first.outcomes.map(\.name) == ["deliver"] && second.outcomes.map(\.name) == ["deliver"])
        #expect(first.actions.count == 2 && second.actions.count == 2)
        #expect(Set(first.actions.map(\.key)).isDisjoint(with: second.actions.map(\.key)))
        let again = TriggerPlanner(rules: try RuleText.load(Self.rules).triggerRules).plan(try Self.decode(Self.ack))
        #expect(again.actions.map(\.key) == first.actions.map(\.key))
    }

    @Test("events run refuses a rule reacting only to onos.* without ONOS's topics, warns for a mixed one")
    func sources() throws {
        let rules = try RuleText.load(Self.rules).triggerRules
        var off = DiagnosticCollector()
        ONOSTriggerSources.check(rules, consumingONOS: false, diagnostics: &off)
        func severity(_ rule: String) -> [String] {
            off.sorted.filter { $0.code == .noEventSource && $0.message.hasPrefix("rule \(rule):") }
                .map { "\($0.severity)" }
        }
        #expect(severity("got-ip") == ["error"])
        #expect(severity("auth") == ["error"])
        #expect(severity("uni-up") == ["warning"], "\(off.sorted.map(\.description))")
        var on = DiagnosticCollector()
        ONOSTriggerSources.check(rules, consumingONOS: true, diagnostics: &on)
        #expect(on.sorted.isEmpty)
    }
}

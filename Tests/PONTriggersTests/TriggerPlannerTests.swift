import Foundation
import PONEvents
import PONTriggers
import Rules
import Testing

@Suite("Planning: rules that fire, planned actions, idempotency keys, dry runs")
struct TriggerPlannerTests {
    static let rules = """
        rules:
          - name: bind
            on: voltha.onu_activated
            when: {vendor: HWTC}
            actions:
              - tag: {add: [pon-active]}
              - provision: {name: bind-gateway, args: ["${event.serial}", 7, true]}
          - name: notify
            on: [voltha.onu_activated, voltha.signal_lost]
            actions:
              - webhook:
                  url: "https://noc.example.net/onu/${event.serial}?t=${secret:TOKEN}"
                  headers: {X-Event: "${event.name}"}
                  body: '{"serial": "${event.serial}", "price": "$$5"}'
        """

    @Test("an event fires the matching rules, in rule order, with event fields filled and secrets kept as placeholders")
    func plans() throws {
        let planner = TriggerPlanner(rules: try RuleText.load(Self.rules).triggerRules)
        let plan = planner.plan(Events.onu("ONU_ACTIVATED_RAISE_EVENT", .onuActivated))
        #expect(plan.fired == ["bind", "notify"])
        #expect(
            plan.actions.map(\.summary) == [
                "bind: tag +pon-active",
                "bind: provision bind-gateway(\"HWTC00000001\", 7, true)",
                "notify: webhook POST https://noc.example.net/onu/HWTC00000001?t=${secret:TOKEN}",
            ]
        )
        guard case .webhook(let request) = plan.actions[2].step else {
            Issue.record("not a webhook")
            return
        }
        #expect(request.body == "{\"serial\": \"HWTC00000001\", \"price\": \"$$5\"}")
        #expect(request.headers == [.init(name: "X-Event", value: "ONU_ACTIVATED_RAISE_EVENT")])
        let los = planner.plan(Events.onu("ONU_LOSS_OF_SIGNAL_RAISE_EVENT", .signalLost))
        #expect(los.fired == ["notify"])
    }

    @Test("a serial condition in upper case fires for VOLTHA's lower-case hex spelling (exact, glob, regex, indexed)")
    func serialCase() throws {
        let text = """
            rules:
              - name: exact
                on: voltha.signal_lost
                when: {serial: ALCL78DE45B1}
                actions: [{tag: exact}]
              - name: glob
                on: voltha.signal_lost
                when: {serial: "alcl78DE*"}
                actions: [{tag: glob}]
              - name: regex
                on: voltha.signal_lost
                when: {serial: {regex: "^ALCL78DE[0-9A-F]{4}$"}}
                actions: [{tag: regex}]
              - name: other
                on: voltha.signal_lost
                when: {serial: ALCL78DE45B2}
                actions: [{tag: other}]
              - name: not-gpon
                on: voltha.signal_lost
                when: {serial: "abc-1"}
                actions: [{tag: not-gpon}]
            """
        let planner = TriggerPlanner(rules: try RuleText.load(text).triggerRules)
        // VOLTHA: the vendor-specific part in %x (voltha-openolt-adapter device_handler.go:2256-2270).
        let los = planner.plan(Events.onu("ONU_LOSS_OF_SIGNAL_RAISE_EVENT", .signalLost, serial: "ALCL78de45b1"))
        #expect(los.fired == ["exact", "glob", "regex"])
        // A serial that is not a GPON serial compares as written.
        let plain = planner.plan(Events.onu("ONU_LOSS_OF_SIGNAL_RAISE_EVENT", .signalLost, serial: "ABC-1"))
        #expect(plain.fired.isEmpty)
    }

    @Test("keys are stable for a re-delivered event, distinct per event, rule and action; plans survive JSON")
    func keys() throws {
        let planner = TriggerPlanner(rules: try RuleText.load(Self.rules).triggerRules)
        let event = Events.onu("ONU_ACTIVATED_RAISE_EVENT", .onuActivated)
        let first = planner.plan(event).actions
        let again = planner.plan(event).actions
        #expect(first.map(\.key) == again.map(\.key))
        #expect(Set(first.map(\.key)).count == 3)
        #expect(first.allSatisfy { $0.key.hasPrefix("trg-") && $0.key.count == 36 })
        let other = Events.onu("ONU_ACTIVATED_RAISE_EVENT", .onuActivated, header: "Voltha.openolt.X.2")
        #expect(Set(planner.plan(other).actions.map(\.key)).isDisjoint(with: first.map(\.key)))
        let json = try JSONEncoder().encode(first)
        #expect(try JSONDecoder().decode([PlannedAction].self, from: json) == first)
    }

    @Test("a hostile serial cannot pull a secret in or break out of the URL, a header or a JSON body")
    func hostileFields() throws {
        let planner = TriggerPlanner(rules: try RuleText.load(Self.rules).triggerRules)
        let event = Events.onu(
            "ONU_LOSS_OF_SIGNAL_RAISE_EVENT",
            .signalLost,
            serial: "${secret:TOKEN}/\"x\n"
        )
        let action = try #require(planner.plan(event).actions.first)
        guard case .webhook(let request) = action.step else {
            Issue.record("not a webhook")
            return
        }
        #expect(request.url == "https://noc.example.net/onu/%24%7Bsecret%3ATOKEN%7D%2F%22x%0A?t=${secret:TOKEN}")
        #expect(request.body == "{\"serial\": \"$${secret:TOKEN}/\\\"x\\n\", \"price\": \"$$5\"}")
    }

    @Test("a dry run returns what each event would trigger and changes nothing")
    func dryRun() throws {
        let rules = try RuleText.load(Self.rules).triggerRules
        let plans = TriggerPlanner.dryRun(
            events: [
                Events.onu("ONU_ACTIVATED_RAISE_EVENT", .onuActivated),
                Events.onu("STATS_PUBLISH_EVENT", .kpi),
                Events.onu("ONU_LOSS_OF_SIGNAL_RAISE_EVENT", .signalLost),
            ],
            rules: rules
        )
        #expect(plans.map(\.fired) == [["bind", "notify"], [], ["notify"]])
        #expect(plans.map(\.triggers) == [[.onuActivated], [], [.signalLost]])
    }

    @Test("the index finds exactly what checking every rule finds, over mixed rules and events")
    func indexAgreesWithBruteForce() throws {
        var text = "rules:\n"
        let vendors = ["HWTC", "ALCL", "ZTEG", "BBSM"]
        let triggers = ["voltha.onu_activated", "voltha.signal_lost", "voltha.recovered"]
        for i in 0..<120 {
            text += "  - name: r\(String(format: "%03d", i))\n    on: \(triggers[i % 3])\n    when:\n"
            switch i % 6 {
            case 0: text += "      serial: \(vendors[i % 4])\(String(format: "%08X", i))\n"
            case 1: text += "      serial: [\"\(vendors[i % 4])*\"]\n"
            case 2: text += "      vendor: \(vendors[(i / 6) % 4])\n      ponPort: \(i % 8)\n"
            case 3: text += "      olt: olt-\(i % 5)\n"
            case 4: text += "      ponPort: 0-3\n"
            default: text += "      serial: {regex: \"^\(vendors[i % 4])0+\(i % 10)$\"}\n"
            }
            text += "    actions: [{tag: t\(i)}]\n"
        }
        // Alarm rules: exact names, globs with starts of different lengths, a list mixing both, a regex.
        let alarms = [
            "ONU_Ethernet_UNI", "\"ONU_TEMP_*\"", "\"ONU_*\"", "[ONU_LOW_RX_OPTICAL, \"ONU_HIGH_*\"]",
            "{regex: \"RX_OPTICAL$\"}",
        ]
        for i in 0..<20 {
            text += "  - name: a\(String(format: "%03d", i))\n    on: voltha.alarm\n    when:\n"
            text += "      alarm: \(alarms[i % 5])\n"
            if i % 4 == 3 { text += "      olt: olt-\(i % 5)\n" }
            text += "    actions: [{tag: a\(i)}]\n"
        }
        let names = [
            "ONU_Ethernet_UNI", "ONU_TEMP_RED", "ONU_LOW_RX_OPTICAL", "ONU_HIGH_RX_OPTICAL", "OLT_TEMP", "ONU_",
            "ONU", "",
        ]
        let rules = try RuleText.load(text).triggerRules
        let index = TriggerIndex(rules)
        for e in 0..<400 {
            let facts = TriggerFacts(
                serial: "\(vendors[e % 4])\(String(format: "%08X", e % 130))",
                oltID: "olt-\(e % 6)",
                ponPort: UInt32(e % 9),
                vendor: vendors[(e / 3) % 4],
                alarm: names[e % names.count]
            )
            for trigger in TriggerEvent.allCases {
                let brute = rules.filter { $0.fires(trigger, facts) }.map(\.name)
                #expect(index.matching(trigger, facts).map(\.name) == brute)
            }
        }
    }
}

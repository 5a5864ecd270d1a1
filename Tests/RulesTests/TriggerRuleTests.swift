import FerruleCore
import Testing

@testable import Rules

@Suite("Trigger rules: reading, lint and matching")
struct TriggerRuleTests {
    static let good = """
        correlation:
          serialNumber: [gpon]
          vendors:
            zteg: {serialNumber: [hex-vendor]}
        rules:
          - name: bind
            on: voltha.onu_activated | voltha.recovered
            when:
              serial: ["HWTC*", "ALCL0000000?"]
              olt: olt-1
              ponPort: [0-3, 7]
              softwareVersion: {gte: V5R019}
            actions:
              - tag: {add: [pon-active], remove: [pon-down]}
              - untag: old
              - provision: {name: bind-gateway, args: ["${event.serial}", 42, true]}
              - refresh: {paths: [Device.DeviceInfo.]}
              - enroll: {campaign: fw}
              - hold: {campaign: fw, for: 60}
              - webhook:
                  url: "https://noc.example.net/${event.serial}"
                  method: put
                  headers: {Authorization: "Bearer ${secret:TOKEN}"}
                  body: '{"s": "${event.serial}"}'
                  retries: 2
          - name: preset
            actions:
              - tag: {add: [x]}
        """

    @Test("a rule with `on:` is a trigger rule with its triggers, conditions and actions; others stay preset rules")
    func reads() throws {
        let (set, d, _) = try RuleTestSupport.load(["r.yaml": Self.good])
        #expect(!d.hasErrors, "\(d.sorted)")
        #expect(set.rules.map(\.name) == ["preset"])
        let rule = try #require(set.triggerRules.first)
        #expect(rule.name == "bind")
        #expect(rule.triggers == [.onuActivated, .recovered])
        #expect(rule.conditions.map(\.field) == [.serial, .olt, .ponPort, .softwareVersion])
        #expect(rule.actions.map(\.kind) == ["tag", "tag", "provision", "refresh", "enroll", "hold", "webhook"])
        guard case .webhook(let hook, _) = rule.actions[6] else { return }
        #expect(hook.method == "PUT" && hook.retries == 2 && hook.backoffSeconds == 2)
        #expect(set.correlation.defaultStrategy.serialForms == [.gpon])
        #expect(set.correlation.strategy(forVendor: "ZTEG").serialForms == [.hexVendor])
    }

    @Test("conditions: globs, exact OLT id or serial, port ranges and version-aware software versions")
    func conditions() throws {
        let (set, _, _) = try RuleTestSupport.load(["r.yaml": Self.good])
        let rule = try #require(set.triggerRules.first)
        var facts = TriggerFacts(
            serial: "HWTC1A2B3C4D",
            oltID: "id-9",
            oltSerial: "olt-1",
            ponPort: 2,
            softwareVersion: "V5R020C10"
        )
        #expect(rule.fires(.onuActivated, facts))
        #expect(!rule.fires(.signalLost, facts))
        facts.ponPort = 5
        #expect(rule.evaluate(.onuActivated, facts).reasons == ["not ponPort in 0-3, 7"])
        facts.ponPort = 7
        facts.softwareVersion = "V5R9"
        #expect(!rule.fires(.onuActivated, facts), "V5R9 is before V5R019 version-aware")
        facts.softwareVersion = "V5R019"
        facts.serial = "ALCL00000003"
        #expect(rule.fires(.recovered, facts))
        facts.serial = nil
        #expect(!rule.fires(.recovered, facts), "an event without a serial fails a serial condition")
        facts.serial = "ALCL00000003"
        facts.softwareVersion = "V5R020" + String(repeating: "9", count: 300)
        #expect(!rule.fires(.recovered, facts), "a version text over 256 characters never matches, as a pattern's")
    }

    @Test("an unknown trigger is an error with a did-you-mean")
    func unknownTrigger() throws {
        let (_, d, _) = try RuleTestSupport.load([
            "r.yaml": "rules:\n  - name: a\n    on: voltha.onu_activate\n    actions: [{tag: x}]\n"
        ])
        let diagnostic = try #require(d.sorted.first { $0.code == .unknownTrigger })
        #expect(diagnostic.location.line == 3)
        #expect(diagnostic.hint == "did you mean \"voltha.onu_activated\"?")
    }

    @Test("preset keys and actions in a trigger rule are refused and named")
    func presetThingsRefused() throws {
        let (_, d, _) = try RuleTestSupport.load([
            "r.yaml":
                "rules:\n  - name: a\n    on: voltha.signal_lost\n    match: {oui: \"00259E\"}\n    actions:\n      - reboot: {}\n      - tagg: x\n"
        ])
        let codes = RuleTestSupport.codes(d)
        #expect(codes.filter { $0 == "not-for-triggers" }.count == 2)
        let unknown = try #require(d.sorted.first { $0.code == .unknownAction })
        #expect(unknown.hint == "did you mean \"tag\"?")
    }

    @Test("bad values are reported where they are: regex, port range, webhook URL and method, template device fields")
    func badValues() throws {
        let text = """
            rules:
              - name: a
                on: voltha.signal_lost
                when:
                  serial: {regex: "HWTC("}
                  ponPort: 7-3
                actions:
                  - webhook: {url: "ftp://x", method: BREW, body: "${device.serialNumber}"}
                  - provision: {name: p, args: ["${event.serail}"]}
            """
        let (set, d, _) = try RuleTestSupport.load(["r.yaml": text])
        var lint = d
        RuleLinter.lint(set, models: nil, diagnostics: &lint)
        let messages = lint.sorted.map { "\($0.location.line) \($0.code.rawValue)" }
        #expect(messages.contains("5 bad-value"))
        #expect(messages.contains("6 bad-value"))
        #expect(messages.contains("8 bad-value"))
        #expect(messages.contains("8 bad-template"))
        let field = try #require(lint.sorted.first { $0.code == .unknownEventField })
        #expect(field.hint == "did you mean \"event.serial\"?")
    }

    @Test("lint: device actions on PON port events are errors; inventory conditions on other triggers warn")
    func lintTriggerSense() throws {
        let text = """
            rules:
              - name: a
                on: voltha.pon_down
                actions:
                  - tag: {add: [x]}
                  - webhook: {url: "https://h/x"}
              - name: b
                on: voltha.signal_lost
                when: {equipmentId: "EG*"}
                actions: [{tag: x}]
            """
        let (set, d0, _) = try RuleTestSupport.load(["r.yaml": text])
        var d = d0
        RuleLinter.lint(set, models: nil, diagnostics: &d)
        let found = d.sorted.map { "\($0.severity) \($0.code.rawValue) \($0.location.line)" }
        #expect(found.contains("error no-device 5"))
        #expect(!found.contains("error no-device 6"), "a webhook needs no device")
        #expect(found.contains("warning never-carried 9"))
    }

    @Test("lint warns on irreversible actions driven by ONU_Ethernet_UNI hints, not on tags or narrowed alarms")
    func lintUNIHints() throws {
        let text = """
            rules:
              - name: a
                on: voltha.alarm
                when: {alarm: "ONU_Ethernet_*"}
                actions:
                  - provision: {name: p}
                  - tag: {add: [x]}
              - name: b
                on: voltha.alarm
                when: {alarm: ONU_TEMP_RED}
                actions:
                  - provision: {name: p}
              - name: c
                on: voltha.signal_lost
                actions:
                  - provision: {name: p}
            """
        #expect(try Self.unreliableTriggerWarnings(text).map(\.location.line) == [6])
    }

    /// The `unreliable-trigger` warnings `lint` gives the rule file `text`.
    static func unreliableTriggerWarnings(_ text: String) throws -> [Diagnostic] {
        let (set, d0, _) = try RuleTestSupport.load(["r.yaml": text])
        var d = d0
        RuleLinter.lint(set, models: nil, diagnostics: &d)
        return d.sorted.filter { $0.code == .unreliableTrigger }
    }

    @Test("a provision on onos.uni_added warns: a deleted ONU's enabled UNI is sent as UNI_ADDED too; a tag does not")
    func uniAddedOnRemoval() throws {
        let text = """
            rules:
              - name: a
                on: onos.uni_added
                actions:
                  - tag: {add: [x]}
                  - provision: {name: p}
              - name: b
                on: onos.uni_removed
                actions:
                  - provision: {name: p}
            """
        let warnings = try Self.unreliableTriggerWarnings(text)
        #expect(warnings.map(\.location.line) == [6], "\(warnings)")
        #expect(warnings.first?.message.contains("also sent when an enabled UNI port is removed") == true)
    }

    @Test("trigger and preset rules share one name space; correlation is given once")
    func duplicates() throws {
        let (_, d, _) = try RuleTestSupport.load([
            "a.yaml": "correlation: {serialNumber: [gpon]}\nrules:\n  - name: x\n    actions: [{tag: {add: [a]}}]\n",
            "b.yaml":
                "correlation: {serialNumber: [gpon]}\nrules:\n  - name: x\n    on: voltha.recovered\n    actions: [{tag: a}]\n",
        ])
        #expect(RuleTestSupport.codes(d).contains("duplicate-name"))
        #expect(RuleTestSupport.codes(d).contains("duplicate-correlation"))
    }

    @Test("variables are substituted in trigger values, ${event.*} is kept, an undefined variable is reported")
    func variables() throws {
        let text = """
            rules:
              - name: a
                on: voltha.onu_discovered
                actions:
                  - webhook: {url: "${noc.url}/${event.serial}", body: "${nope}"}
            """
        let (set, _, _) = try RuleTestSupport.load(["r.yaml": text])
        var variables = VariableSet()
        variables.set("noc.url", "https://noc")
        var d = DiagnosticCollector()
        let resolved = TriggerVariables.resolve(set.triggerRules, variables, diagnostics: &d)
        #expect(RuleTestSupport.codes(d) == ["unknown-variable"])
        guard case .webhook(let hook, _)? = resolved.first?.actions.first else {
            Issue.record("no webhook")
            return
        }
        #expect(hook.url.parts == [.literal("https://noc/"), .variable("event.serial")])
    }

    @Test("globs: * and ? anywhere, case-sensitive; overlong texts never match")
    func globs() {
        #expect(TextPattern(glob: "HW*C?D").matches("HWTC1A2B3C4D"))
        #expect(!TextPattern(glob: "hw*").matches("HWTC1A2B3C4D"))
        #expect(TextPattern(glob: "*").matches(""))
        #expect(TextPattern(glob: "a*b*c").matches("aXbYbZc"))
        #expect(!TextPattern(glob: "*").matches(String(repeating: "a", count: 300)))
    }
}

import FerruleCore
import Testing

@testable import Rules

@Suite("Trigger rules on ONOS's events (onos.*)")
struct ONOSTriggerRuleTests {
    @Test("onos.* triggers read beside voltha.* ones; a misspelt one gets a did-you-mean; voltha.onos.* is no trigger")
    func names() throws {
        let text = """
            rules:
              - name: ip
                on: onos.dhcp_acked | voltha.onu_activated
                when: {mac: "2e:0a:*", ip: "10.10.*"}
                actions: [{tag: has-ip}]
              - name: typo
                on: onos.dhcp_ackd
                actions: [{tag: x}]
              - name: nested
                on: voltha.onos.uni_added
                actions: [{tag: x}]
            """
        let (set, d, _) = try RuleTestSupport.load(["r.yaml": text])
        let rule = try #require(set.triggerRules.first { $0.name == "ip" })
        #expect(rule.triggers == [.onosDHCPAcked, .onuActivated])
        #expect(rule.triggers.map(\.qualifiedName) == ["onos.dhcp_acked", "voltha.onu_activated"])
        let messages = d.sorted.map(\.description)
        #expect(
            messages.contains { $0.contains("r.yaml:7:9: error[unknown-trigger]") && $0.contains("onos.dhcp_acked") }
        )
        #expect(messages.contains { $0.contains("r.yaml:10:9: error[unknown-trigger]") }, "\(messages)")
        #expect(TriggerEvent(name: "onos.uni_added") == .onosUNIAdded)
        #expect(TriggerEvent(name: "uni_added") == nil, "ONOS triggers are always written with onos.")
        #expect(TriggerEvent(name: "voltha.onu_activated") == .onuActivated)
        #expect(TriggerEvent(name: "onu_activated") == .onuActivated)
    }

    @Test("mac compares without case, ip as written; events without them fail the condition")
    func conditions() throws {
        let text = """
            rules:
              - name: ip
                on: onos.dhcp_acked
                when: {mac: "2e:0a:*", ip: "10.10.*"}
                actions: [{tag: has-ip}]
            """
        let (set, _, _) = try RuleTestSupport.load(["r.yaml": text])
        let rule = try #require(set.triggerRules.first)
        var facts = TriggerFacts(serial: "BBSM00000001")
        facts.macAddress = "2E:0A:00:01:00:00"
        facts.ipAddress = "10.10.0.5"
        #expect(rule.fires(.onosDHCPAcked, facts))
        facts.ipAddress = "192.168.1.2"
        #expect(!rule.fires(.onosDHCPAcked, facts))
        facts.ipAddress = nil
        #expect(!rule.fires(.onosDHCPAcked, facts))
    }

    @Test("lint: addresses only on DHCP triggers (never-carried); ONOS triggers name a UNI, so device actions are fine")
    func lint() throws {
        let text = """
            rules:
              - name: a
                on: onos.uni_added
                when: {mac: "2E:*"}
                actions:
                  - provision: {name: bind, args: ["${event.uniPort}", "${event.ofDevice}", "${event.ip}"]}
              - name: b
                on: onos.dhcp_acked
                when: {ip: "10.*"}
                actions:
                  - refresh: {paths: [Device.IP.]}
                  - webhook: {url: "https://noc/${event.mac}", body: "${event.uni} ${event.ofPort}"}
            """
        let (set, d0, _) = try RuleTestSupport.load(["r.yaml": text])
        var d = d0
        RuleLinter.lint(set, models: nil, diagnostics: &d)
        let found = d.sorted.map { "\($0.severity) \($0.code.rawValue) \($0.location.line)" }
        #expect(found.contains("warning never-carried 4"), "\(found)")
        #expect(!found.contains { $0.hasPrefix("error") }, "\(d.sorted.map(\.description))")
        let hint = d.sorted.first { $0.code == .neverCarried }?.hint ?? ""
        #expect(hint.contains("onos.dhcp_acked"), "\(hint)")
    }
}

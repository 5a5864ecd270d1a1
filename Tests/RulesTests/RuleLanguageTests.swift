import FerruleCore
import Testing

@testable import Rules

@Suite("Rule language: reading, diagnostics, composition")
struct RuleLanguageTests {
    @Test("a rule with every part reads into the model")
    func fullRule() throws {
        let (set, d, _) = try RuleTestSupport.load([
            "r.yaml": """
            rules:
              - name: full
                description: d
                labels: {team: noc}
                match:
                  manufacturer: "Huawei*"
                  oui: ["00E0FC", "202bc1"]
                  productClass: EG8145V5
                  serialNumber: "4857*"
                  tags: {all: [ftth], any: [a, b], none: [lab]}
                  softwareVersion: {gte: "V5R020", lt: "V6"}
                  parameters:
                    - {path: Device.X, equals: "1"}
                    - {path: Device.Y, exists: false}
                precondition: "Tags.beta IS NOT NULL"
                triggers:
                  events: ["0 BOOTSTRAP", "!1 BOOT"]
                  schedule: {duration: 3600, cron: "0 3 * * 1-5"}
                  channel: c
                  weight: 7
                actions:
                  - set: {path: Device.ManagementServer.PeriodicInformInterval, value: 300, type: xsd:unsignedInt}
                  - refresh: {path: Device.DeviceInfo., every: 600}
                  - ensure: {table: Device.WiFi.SSID, keys: {Alias: cpe-guest}, values: {SSID: guest}}
                  - delete: {table: Device.WiFi.SSID., keys: {Alias: cpe-old}}
                  - tag: {add: [x], remove: [y]}
                  - download: {file: fw.bin}
                  - reboot: {since: "2026-12-01T00:00:00Z"}
                  - factoryReset: {confirm: true, since: "2026-12-01T00:00:00Z"}
                  - provision: {name: other, args: [1, "two"]}
                  - script: |
                      log("hi");
            """
        ])
        #expect(d.diagnostics.isEmpty, "\(d.sorted)")
        let rule = try #require(set.rules.first)
        #expect(rule.name == "full")
        #expect(rule.labels == ["team": "noc"])
        #expect(rule.match.oui == ["00E0FC", "202bc1"])
        #expect(rule.match.tagsAny == ["a", "b"])
        #expect(rule.match.softwareVersion.map(\.op) == [.gte, .lt])
        #expect(rule.triggers.events.map(\.code) == ["0 BOOTSTRAP", "1 BOOT"])
        #expect(rule.triggers.events.map(\.required) == [true, false])
        #expect(rule.triggers.scheduleDuration == 3600)
        #expect(rule.triggers.weight == 7)
        #expect(rule.actions.count == 10)
        #expect(rule.preconditions.map(\.text) == ["Tags.beta IS NOT NULL"])
    }

    @Test("unknown keys and actions get file:line:column and a did-you-mean hint")
    func unknownKeys() throws {
        let (_, d, dir) = try RuleTestSupport.load([
            "r.yaml": "rules:\n  - name: a\n    triggres: {}\n    actions:\n      - sett: {path: Device.X, value: 1}\n"
        ])
        let diagnostics = d.sorted
        #expect(diagnostics.map(\.code) == ["unknown-key", "unknown-action"])
        #expect(diagnostics[0].location == RuleLocation(file: dir + "/r.yaml", line: 3, column: 5))
        #expect(diagnostics[0].hint == "did you mean \"triggers\"?")
        #expect(diagnostics[1].location.line == 5)
        #expect(diagnostics[1].hint == "did you mean \"set\"?")
        #expect(diagnostics[0].description.hasPrefix(dir + "/r.yaml:3:5: error[unknown-key]"))
    }

    @Test(
        "each reading error has its code",
        arguments: [
            ("rules:\n  - name: Bad Name\n", "bad-name"),
            ("rules:\n  - name: café\n", "bad-name"),
            ("rules:\n  - name: wifi２\n", "bad-name"),
            ("rules:\n  - description: no name\n", "missing-name"),
            ("rules:\n  - name: a\n    match: {oui: XYZ}\n", "bad-oui"),
            ("rules:\n  - name: a\n    triggers: {events: [\"BOOT\"]}\n", "bad-event"),
            ("rules:\n  - name: a\n    triggers: {schedule: {cron: \"0 3 * * *\"}}\n", "incomplete"),
            ("rules:\n  - name: a\n    actions:\n      - factoryReset: {}\n", "unguarded-reset"),
            ("rules:\n  - name: a\n    actions:\n      - set: {path: Device.X., value: 1}\n", "bad-path"),
            (
                "rules:\n  - name: a\n    actions:\n      - set: {path: Device.X, value: 1, type: xsd:integer}\n",
                "bad-type"
            ),
            (
                "rules:\n  - name: a\n    actions:\n      - set: {path: Device.X, value: \"${nope(1)}\"}\n",
                "bad-template"
            ),
            ("rules:\n  - name: a\n    actions:\n      - wifi: {band: 3GHz}\n", "bad-value"),
            ("rules:\n  - name: a\n  - name: a\n", "duplicate-name"),
            ("rules:\n  - name: a\n    extends: nope\n", "unknown-extends"),
            ("rules:\n  - name: a\n    extends: b\n  - name: b\n    extends: a\n", "extends-cycle"),
            ("rules: [\n", "yaml"),
        ]
    )
    func readingErrors(text: String, code: String) throws {
        let (_, d, _) = try RuleTestSupport.load(["r.yaml": text])
        #expect(RuleTestSupport.codes(d).contains(code), "\(d.sorted)")
        #expect(d.sorted.allSatisfy { $0.location.line > 0 || $0.code == "yaml" })
    }

    @Test("composition: directory defaults, file defaults, extends, then the rule")
    func composition() throws {
        let (set, d, _) = try RuleTestSupport.load([
            "_defaults.yaml":
                "defaults:\n  labels: {owner: noc, tier: base}\n  triggers: {channel: outer, weight: 1}\n  actions:\n    - tag: {add: [managed]}\n",
            "sub/_defaults.yaml": "defaults:\n  triggers: {channel: inner}\n",
            "sub/r.yaml": """
            defaults:
              labels: {tier: file}
            rules:
              - name: base
                abstract: true
                match: {productClass: X}
                precondition: "Tags.a IS NOT NULL"
                actions:
                  - tag: {add: [base]}
              - name: child
                extends: base
                labels: {tier: rule}
                precondition: "Tags.b IS NOT NULL"
                actions:
                  - tag: {add: [child]}
            """,
        ])
        #expect(d.diagnostics.isEmpty, "\(d.sorted)")
        #expect(set.rules.map(\.name) == ["child"])
        let child = try #require(set.rules.first)
        #expect(child.labels == ["owner": "noc", "tier": "rule"])
        #expect(child.triggers.channel == "inner")
        #expect(child.triggers.weight == 1)
        #expect(child.match.productClass == ["X"])
        #expect(child.preconditions.map(\.text) == ["Tags.a IS NOT NULL", "Tags.b IS NOT NULL"])
        let tags = child.actions.compactMap { action -> [String]? in
            if case .tags(let add, _, _) = action { return add }
            return nil
        }
        #expect(tags == [["managed"], ["base"], ["managed"], ["child"]])
    }

    @Test("templates: variables, secrets, device fields, parameters and functions")
    func templates() throws {
        let parts = try Template.parse(
            "a-${x.y}-${secret:PASS}-${right(device.serialNumber, 4)}-${param:Device.A.B}$$"
        )
        #expect(
            parts == [
                .literal("a-"), .variable("x.y"), .literal("-"), .secret("PASS"), .literal("-"),
                .function("right", [.device("serialNumber"), .integer(4)]), .literal("-"), .parameter("Device.A.B"),
                .literal("$"),
            ]
        )
        #expect(throws: Template.Failure.self) { try Template.parse("${device.nope}") }
        #expect(throws: Template.Failure.self) { try Template.parse("${left(device.id)}") }
        #expect(throws: Template.Failure.self) { try Template.parse("${unclosed") }
    }

    @Test("vars/ and tests/ folders are not read as rules")
    func ignoredFolders() throws {
        let (set, d, _) = try RuleTestSupport.load([
            "r.yaml": "rules:\n  - name: a\n", "vars/common.yaml": "x: 1\n", "tests/case.yaml": "device: x\n",
        ])
        #expect(d.diagnostics.isEmpty, "\(d.sorted)")
        #expect(set.rules.map(\.name) == ["a"])
    }
}

import DataModel
import FerruleCore
import FerruleTestSupport
import Foundation
import Testing

@testable import Rules

/// The shipped TR-181 and TR-098 models, loaded once.
enum LintModels {
    static let set: ModelSet = {
        do {
            let root = Repository.root.appendingPathComponent("Models")
            let files = ["tr-181-2-17-0-cwmp-full.xml", "tr-098-1-8-0-full.xml"]
            return ModelSet(
                try files.map {
                    try DataModelLoader.load(Array(try Data(contentsOf: root.appendingPathComponent($0))), file: $0)
                }
            )
        } catch {
            fatalError("the shipped models do not load: \(error)")
        }
    }()
}

@Suite("ferrule lint checks")
struct RuleLinterTests {
    static func lint(_ text: String, models: Bool = true) throws -> [RuleDiagnostic] {
        var (set, d, _) = try RuleTestSupport.load(["r.yaml": text])
        RuleLinter.lint(set, models: models ? LintModels.set : nil, diagnostics: &d)
        return d.sorted
    }

    @Test(
        "each lint diagnostic is raised by the rule that breaks it",
        arguments: [
            (
                "rules:\n  - name: a\n    actions:\n      - set: {path: Device.DeviceInfo.NoSuch, value: 1}\n",
                "unknown-parameter"
            ),
            (
                "rules:\n  - name: a\n    actions:\n      - set: {path: Device.DeviceInfo.SoftwareVersion, value: x}\n",
                "not-writable"
            ),
            (
                "rules:\n  - name: a\n    actions:\n      - set: {path: Device.WiFi.Radio.1.Channel, value: 999}\n",
                "bad-value"
            ),
            (
                "rules:\n  - name: a\n    actions:\n      - set: {path: Device.WiFi.Radio.1.Channel, value: 6, type: xsd:string}\n",
                "type-mismatch"
            ),
            (
                "rules:\n  - name: a\n    actions:\n      - set: {path: Device.Time.NTPServer1, value: pool.ntp.org}\n",
                "deprecated-parameter"
            ),
            (
                "rules:\n  - name: a\n    actions:\n      - delete: {table: Device.DeviceInfo., keys: {Alias: x}}\n",
                "unknown-table"
            ),
            ("rules:\n  - name: a\n    match: {tags: {all: [x], none: [x]}}\n", "never-matches"),
            ("rules:\n  - name: a\n    match: {softwareVersion: {gte: \"10.0\", lt: \"9.5\"}}\n", "never-matches"),
            ("rules:\n  - name: a\n    triggers: {events: [\"1 BOOT\", \"!1 BOOT\"]}\n", "never-matches"),
        ]
    )
    func diagnostic(text: String, code: String) throws {
        let diagnostics = try Self.lint(text)
        #expect(diagnostics.map(\.code.rawValue) == [code], "\(diagnostics)")
        #expect(diagnostics.allSatisfy { $0.location.line > 0 })
    }

    @Test("the ntp block's NTPServer1…5, written only where Time.Client is missing, are not deprecated-parameter")
    func ntpFallbackNotDeprecated() throws {
        let diagnostics = try Self.lint(
            "rules:\n  - name: a\n    actions:\n      - ntp: {servers: [a.example, b.example]}\n"
        )
        #expect(diagnostics.isEmpty, "\(diagnostics)")
    }

    @Test("setting an enumeration value the model reserves to the CPE (access=readOnly) is a bad-value error")
    func readOnlyEnumerationValue() throws {
        // tr-181-2-17-0-cwmp-full.xml:183-187: DiagnosticsState None, Complete, Error are readOnly.
        let rules = """
            rules:
              - name: a
                actions:
                  - set: {path: Device.IP.Diagnostics.IPPing.DiagnosticsState, value: Complete}
                  - set: {path: Device.IP.Diagnostics.TraceRoute.DiagnosticsState, value: None}
                  - set: {path: Device.IP.Diagnostics.IPPing.DiagnosticsState, value: Requested}

            """
        let diagnostics = try Self.lint(rules)
        #expect(diagnostics.map(\.code.rawValue) == ["bad-value", "bad-value"], "\(diagnostics)")
        #expect(diagnostics.map(\.location.line) == [4, 5])
        let first = try #require(diagnostics.first)
        #expect(first.message.contains("Device.IP.Diagnostics.IPPing.DiagnosticsState = Complete"))
        #expect(
            first.message.contains("Complete is a read-only value in TR-181 2.17, which the CPE reserves to itself")
        )
        #expect(first.message.contains("set one of Requested, Canceled"))
    }

    @Test("two rules writing different values to one parameter on overlapping devices: both places shown")
    func conflicts() throws {
        let diagnostics = try Self.lint(
            """
            rules:
              - name: a
                actions:
                  - set: {path: Device.ManagementServer.PeriodicInformInterval, value: 300}
              - name: b
                match: {tags: {all: [beta]}}
                actions:
                  - set: {path: Device.ManagementServer.PeriodicInformInterval, value: 600}
              - name: c
                match: {tags: {none: [beta]}}
                actions:
                  - set: {path: Device.ManagementServer.PeriodicInformInterval, value: 900}
            """,
            models: false
        )
        // a/b and a/c overlap; b and c cannot (beta required vs forbidden).
        #expect(diagnostics.map(\.code) == ["conflicting-values", "conflicting-values"])
        #expect(diagnostics.allSatisfy { $0.related.count == 1 })
        #expect(diagnostics.contains { $0.message.contains("\"a\" and \"b\"") })
        #expect(!diagnostics.contains { $0.message.contains("\"b\" and \"c\"") })
    }

    @Test(
        "3,000 rules sharing one serial, each its own value: the summary counts all of them, the check completes (review 43)"
    )
    func manyRulesSharingAValue() throws {
        var text = "rules:\n"
        for i in 1...3000 {
            text += "  - name: r\(i)\n    match:\n      serialNumber: [COMMON, \"S\(i)\"]\n    actions:\n"
            text += "      - set: {path: Device.ManagementServer.PeriodicInformInterval, value: \(i)}\n"
        }
        let diagnostics = try Self.lint(text, models: false)
        #expect(diagnostics.filter { $0.code == "conflicting-values" }.count == 4, "3 pairs and the summary")
        #expect(
            diagnostics.contains {
                $0.message.hasPrefix("3000 rules set Device.ManagementServer.PeriodicInformInterval")
            }
        )
        #expect(!diagnostics.contains { $0.code == "conflict-check-limit" })
    }

    @Test(
        "blocks conflict field by field: two time zones or two 5 GHz SSIDs on one device are warned; other bands are not"
    )
    func blockConflicts() throws {
        let diagnostics = try Self.lint(
            """
            rules:
              - name: utc
                actions:
                  - timeZone: "UTC"
                  - wifi: {band: 5GHz, ssid: "office"}
              - name: cet
                actions:
                  - timeZone: "CET-1CEST,M3.5.0,M10.5.0/3"
                  - wifi: {band: 2.4GHz, ssid: "home"}
              - name: same
                actions:
                  - timeZone: "UTC"
              - name: guest
                match: {tags: {all: [guest]}}
                actions:
                  - wifi: {band: 5GHz, ssid: "guest"}
              - name: templated
                actions:
                  - wifi: {band: 5GHz, ssid: "${device.serialNumber}"}
            """,
            models: false
        )
        let messages = diagnostics.filter { $0.code == "conflicting-values" }.map(\.message)
        func warned(_ a: String, _ b: String, _ key: String) -> Bool {
            messages.contains {
                ($0.contains("\"\(a)\" and \"\(b)\"") || $0.contains("\"\(b)\" and \"\(a)\""))
                    && $0.contains("set \(key) to")
            }
        }
        #expect(messages.count == 3, "\(messages)")
        #expect(warned("utc", "cet", "timeZone (block)"))
        #expect(warned("same", "cet", "timeZone (block)"))
        #expect(warned("utc", "guest", "wifi[5GHz].ssid (block)"))
        #expect(!messages.contains { $0.contains("templated") || $0.contains("2.4GHz") })
    }

    @Test("rules that may match one device each declaring a reboot: warned at the later one, naming the superseded")
    func supersededReboot() throws {
        let diagnostics = try Self.lint(
            """
            rules:
              - name: b-nightly
                actions:
                  - reboot: {since: "2026-12-01T00:00:00Z"}
              - name: a-upgrade
                match: {tags: {all: [beta]}}
                actions:
                  - reboot: {since: "2026-12-02T00:00:00Z"}
              - name: c-stable
                match: {tags: {none: [beta]}}
                triggers: {weight: 10}
                actions:
                  - reboot: {since: "2026-12-03T00:00:00Z"}
              - name: d-reset
                actions:
                  - factoryReset: {confirm: true, since: "2026-12-01T00:00:00Z"}
            """,
            models: false
        )
        // a/b and b/c overlap; a and c cannot (beta required vs forbidden). One factory reset: no warning.
        #expect(diagnostics.map(\.code) == [.supersededReboot, .supersededReboot], "\(diagnostics)")
        // Preset order is weight, then name: a-upgrade (0) before b-nightly (0) before c-stable (10).
        let ab = try #require(diagnostics.first { $0.message.contains("\"a-upgrade\" and \"b-nightly\"") })
        #expect(ab.location.line == 4, "at b-nightly's reboot, the later in preset order")
        #expect(ab.location.column > 0)
        #expect(ab.related.map(\.line) == [8])
        #expect(ab.message.contains("rule \"a-upgrade\"'s is superseded"))
        let bc = try #require(diagnostics.first { $0.message.contains("\"b-nightly\" and \"c-stable\"") })
        #expect(bc.location.line == 13)
        #expect(bc.related.map(\.line) == [4])
        #expect(!diagnostics.contains { $0.message.contains("\"a-upgrade\" and \"c-stable\"") })
    }

    @Test("factory resets of overlapping rules are warned; rules for different product classes are not")
    func supersededFactoryReset() throws {
        let diagnostics = try Self.lint(
            """
            rules:
              - name: reset-a
                match: {productClass: [HGW-4000]}
                actions:
                  - factoryReset: {confirm: true, since: "2026-12-01T00:00:00Z"}
              - name: reset-b
                match: {productClass: [HGW-4000, EX220]}
                actions:
                  - factoryReset: {confirm: true, since: "2026-12-02T00:00:00Z"}
              - name: reset-c
                match: {productClass: [G-1425G-A]}
                actions:
                  - factoryReset: {confirm: true, since: "2026-12-02T00:00:00Z"}
              - name: reboot-c
                match: {productClass: [G-1425G-A]}
                actions:
                  - reboot: {since: "2026-12-02T00:00:00Z"}
            """,
            models: false
        )
        #expect(diagnostics.map(\.code) == [.supersededFactoryReset], "\(diagnostics)")
        #expect(diagnostics.first?.message.contains("\"reset-a\" and \"reset-b\" both declare factoryReset") == true)
        #expect(diagnostics.first?.location.line == 9)
    }

    @Test("every high-level block writes only parameters that exist and are writable in TR-181 and TR-098")
    func blocksMatchModels() throws {
        let diagnostics = try Self.lint(
            """
            rules:
              - name: all-blocks
                actions:
                  - periodicInform: {enabled: true, interval: 300}
                  - connectionRequest: {username: u, password: "${secret:P}"}
                  - wifi: {band: 2.4GHz, ssid: s, passphrase: "${secret:W}", security: WPA2-Personal, channel: 6, enabled: true}
                  - wifi: {band: 5GHz, ssid: s5, channel: auto}
                  - lanDHCP: {enabled: true, minAddress: 192.168.1.10, maxAddress: 192.168.1.200, leaseTime: 86400}
                  - wan: {username: u, password: "${secret:PPP}", vlan: 100}
                  - ntp: {servers: [a.example, b.example]}
                  - timeZone: "CET-1CEST,M3.5.0,M10.5.0/3"
            """
        )
        #expect(diagnostics.isEmpty, "\(diagnostics)")
    }

    @Test("secret-looking values are not echoed in lint messages")
    func secrets() throws {
        let diagnostics = try Self.lint(
            "rules:\n  - name: a\n    actions:\n      - set: {path: Device.ManagementServer.ConnectionRequestPassword, value: \"\(String(repeating: "s", count: 300))\"}\n"
        )
        #expect(diagnostics.map(\.code) == ["bad-value"])
        #expect(!diagnostics[0].message.contains("sss"))
    }

    @Test("version order: numbers numerically, more runs later")
    func versionOrder() {
        #expect(VersionOrder.compare("10.0", "9.0") == 1)
        #expect(VersionOrder.compare("4.2.7-build1187", "4.2.10") == -1)
        #expect(VersionOrder.compare("1.0", "1.0-rc1") == -1)
        #expect(VersionOrder.compare("1.0", "1.0.1") == -1)
        #expect(VersionOrder.compare("V5R021C00S245", "V5R020C10S120") == 1)
        #expect(VersionOrder.compare("V1.2", "v1.2") == 0)
    }
}

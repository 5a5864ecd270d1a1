import DataModel
import FerruleCore
import FerruleTestSupport
import Foundation
import Testing

@testable import Rules

/// Values rules set, held against the model's facets of their parameter: literal block values at
/// lint time, variables and secrets once resolved (plan and deploy).
@Suite("values against the data model (lint and plan)")
struct ModelValueCheckTests {
    static let longSSID = String(repeating: "s", count: 33)

    /// A `wifi` block rule setting `ssid` and `passphrase` as written.
    static func wifi(ssid: String, passphrase: String) -> String {
        """
        rules:
          - name: wifi
            actions:
              - wifi: {band: 2.4GHz, ssid: "\(ssid)", passphrase: "\(passphrase)", security: WPA2-Personal}

        """
    }

    @Test("lint: a wifi block's literal SSID over 32 characters and passphrase under 8 are bad-value errors")
    func lintBlockLiterals() throws {
        let diagnostics = try RuleLinterTests.lint(Self.wifi(ssid: Self.longSSID, passphrase: "1234567"))
        let lines = diagnostics.map(\.description)
        #expect(diagnostics.allSatisfy { $0.code == .badValue && $0.severity == .error }, "\(lines)")
        #expect(
            lines.contains {
                $0.contains(":4:36: error[bad-value]: Device.WiFi.SSID.{i}.SSID = \(Self.longSSID): expected length ")
                    && $0.contains("(TR-181 2.17); a CPE refuses it: SetParameterValues fails with fault 9007")
            },
            "\(lines)"
        )
        #expect(
            lines.contains {
                $0.contains(
                    "error[bad-value]: InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.SSID = \(Self.longSSID)"
                )
            },
            "\(lines)"
        )
        #expect(
            lines.contains {
                $0.contains(
                    "error[bad-value]: Device.WiFi.AccessPoint.{i}.Security.KeyPassphrase = <redacted>: expected length 8"
                )
            },
            "\(lines)"
        )
        // TR-098's WLANConfiguration.KeyPassphrase is string(:63): 7 characters fit it.
        #expect(diagnostics.count == 3, "\(lines)")
        #expect(!lines.joined().contains("1234567"), "a passphrase is never printed")
        // 64 characters are too long for both models; 8 and a 32-character SSID fit.
        let long = try RuleLinterTests.lint(Self.wifi(ssid: "ok", passphrase: String(repeating: "p", count: 64)))
        #expect(long.count == 2 && long.allSatisfy { $0.message.contains("KeyPassphrase = <redacted>") }, "\(long)")
        let fits = try RuleLinterTests.lint(Self.wifi(ssid: String(repeating: "s", count: 32), passphrase: "12345678"))
        #expect(fits.isEmpty, "\(fits)")
    }

    @Test("plan: values from variables and secrets are checked once resolved; a secret's value is never shown")
    func resolvedValues() throws {
        let directory = try Scratch.directory(
            [
                "rules.yaml": Self.wifi(ssid: "${ssid}", passphrase: "${secret:WIFI_PSK}"),
                "vars/common.yaml": "ssid: \(Self.longSSID)\n",
            ],
            prefix: "ferrule-values"
        )
        let project = try RuleProject(roots: [directory])
        var compileDiagnostics = DiagnosticCollector()
        let compiled = project.compile(diagnostics: &compileDiagnostics)
        #expect(!compileDiagnostics.hasErrors, "\(compileDiagnostics.sorted)")
        // Lint sees `${ssid}` unresolved: nothing to say about it.
        var lint = DiagnosticCollector()
        RuleLinter.lint(compiled.rules, models: LintModels.set, diagnostics: &lint)
        #expect(lint.diagnostics.isEmpty, "\(lint.sorted)")

        let secrets = try SecretStore.load(file: nil, environment: ["FERRULE_SECRET_WIFI_PSK": "Xq7pw"])
        var plan = DiagnosticCollector()
        ModelValueCheck.check(compiled.resolvedRules, models: LintModels.set, secrets: secrets, diagnostics: &plan)
        let lines = plan.sorted.map(\.description)
        #expect(lines.count == 3, "\(lines)")
        #expect(lines.contains { $0.contains("Device.WiFi.SSID.{i}.SSID = \(Self.longSSID): expected length") })
        #expect(
            lines.contains {
                $0.contains(
                    "Device.WiFi.AccessPoint.{i}.Security.KeyPassphrase = ${secret:WIFI_PSK} (value not shown): expected length 8"
                )
            },
            "\(lines)"
        )
        #expect(!lines.joined().contains("Xq7pw"), "\(lines)")
        // Without the secret, only what is known is checked.
        var unknown = DiagnosticCollector()
        ModelValueCheck.check(compiled.resolvedRules, models: LintModels.set, secrets: nil, diagnostics: &unknown)
        #expect(unknown.diagnostics.count == 2 && unknown.diagnostics.allSatisfy { $0.message.contains(".SSID = ") })
    }

    @Test("plan: set and ensure values, enumerations and ranges, through variables")
    func setAndEnsure() throws {
        let directory = try Scratch.directory(
            [
                "rules.yaml": """
                rules:
                  - name: a
                    actions:
                      - set: {path: Device.WiFi.Radio.1.Channel, value: "${channel}"}
                      - set: {path: Device.Ethernet.Interface.1.DuplexMode, value: "${mode}"}
                      - set: {path: Device.WiFi.Radio.1.Channel, value: "${device.serialNumber}"}

                """,
                "vars/common.yaml": "channel: 999\nmode: Quarter\n",
            ],
            prefix: "ferrule-values"
        )
        let project = try RuleProject(roots: [directory])
        var d = DiagnosticCollector()
        let compiled = project.compile(diagnostics: &d)
        var plan = DiagnosticCollector()
        ModelValueCheck.check(compiled.resolvedRules, models: LintModels.set, secrets: nil, diagnostics: &plan)
        let lines = plan.sorted.map(\.description)
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.contains { $0.contains("Device.WiFi.Radio.1.Channel = 999: expected 1..255 (TR-181 2.17)") })
        #expect(
            lines.contains {
                $0.contains("Device.Ethernet.Interface.1.DuplexMode = Quarter: expected one of Half, Full, Auto")
            }
        )
    }

    @Test("a wildcard or alias instance segment is looked up as a numbered instance; an alias's dots stay in it")
    func instancePaths() {
        #expect(ModelValueCheck.instancePath("Device.WiFi.SSID.*.SSID") == "Device.WiFi.SSID.1.SSID")
        #expect(ModelValueCheck.instancePath("Device.WiFi.SSID.[Alias:cpe-1].SSID") == "Device.WiFi.SSID.1.SSID")
        #expect(
            ModelValueCheck.instancePath("Device.IP.Interface.[LowerLayers.Name:a.b].IPv4Address.*.IPAddress")
                == "Device.IP.Interface.1.IPv4Address.1.IPAddress"
        )
        #expect(ModelValueCheck.instancePath("Device.WiFi.SSID.2.SSID") == "Device.WiFi.SSID.2.SSID")
        #expect(ModelValueCheck.instancePath("Device.WiFi.SSID.[Alias:x.SSID") == nil)
        #expect(ModelValueCheck.instancePath("Device.WiFi.SSID.x].SSID") == nil)
    }
}

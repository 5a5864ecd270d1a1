import FerruleTestSupport
import Foundation
import Testing

/// End-to-end: `ferrule plan` and `deploy` hold the values the rules set, resolved, against the data
/// models (./Models here) and refuse before contacting GenieACS; `ferrule lint` does so for literals.
@Suite("plan, deploy and lint: values the data model refuses (end to end)")
struct PlanValueCheckEndToEndTests {
    static let longSSID = String(repeating: "s", count: 40)

    /// A rules directory whose wifi block takes its SSID from a variable and its passphrase from a secret.
    static func project() throws -> String {
        try Scratch.directory(
            [
                "wifi.yaml": """
                rules:
                  - name: wifi
                    actions:
                      - wifi: {band: 2.4GHz, ssid: "${ssid}", passphrase: "${secret:WIFI_PSK}"}

                """,
                "vars/common.yaml": "ssid: \(longSSID)\n",
            ],
            prefix: "ferrule-plan-values"
        )
    }

    static func run(_ arguments: [String], secret: String?) async throws -> FerruleRunner.Output {
        var environment = ProcessInfo.processInfo.environment
        environment["FERRULE_MODELS"] = nil
        environment["FERRULE_SECRET_WIFI_PSK"] = secret
        return try await ProcessRunner(FerruleRunner.executable, arguments, environment: environment).run()
    }

    @Test(
        "plan: a 40-character SSID from a variable and a 5-character secret passphrase are errors; GenieACS is not contacted"
    )
    func planRefuses() async throws {
        let directory = try Self.project()
        // Port 1: were GenieACS contacted, the error would be a connection failure instead.
        let arguments = [directory, "--acs", "http://127.0.0.1:1"]
        let plan = try await Self.run(["plan"] + arguments, secret: "Xq7pw")
        #expect(plan.status == 1, "\(plan.stdout)\(plan.stderr)")
        #expect(
            plan.stderr.contains(
                "wifi.yaml:4:36: error[bad-value]: Device.WiFi.SSID.{i}.SSID = \(Self.longSSID): expected length"
            ),
            "\(plan.stderr)"
        )
        #expect(
            plan.stderr.contains(
                "error[bad-value]: Device.WiFi.AccessPoint.{i}.Security.KeyPassphrase = ${secret:WIFI_PSK} (value not shown): expected length 8"
            ),
            "\(plan.stderr)"
        )
        #expect(plan.stderr.contains("ferrule plan: 3 value(s) the data model refuses; GenieACS was not contacted"))
        #expect(!(plan.stdout + plan.stderr).contains("Xq7pw"), "a secret's value is never printed")

        let deploy = try await Self.run(["deploy", "--yes"] + arguments, secret: "Xq7pw")
        #expect(deploy.status == 1)
        #expect(deploy.stderr.contains("ferrule deploy: 3 value(s) the data model refuses; GenieACS was not contacted"))
        #expect(!(deploy.stdout + deploy.stderr).contains("Xq7pw"))

        // A passphrase that fits leaves the SSID's two errors (TR-181 and TR-098).
        let fits = try await Self.run(["plan"] + arguments, secret: "long enough")
        #expect(fits.stderr.contains("ferrule plan: 2 value(s) the data model refuses"), "\(fits.stderr)")
        // --model naming a file that does not exist is an error (exit 1: 2 means changes).
        let missing = try await Self.run(
            ["plan", "--model", directory + "/none.xml"] + arguments,
            secret: "long enough"
        )
        #expect(missing.status == 1)
        #expect(!missing.stderr.contains("bad-value"))
    }

    @Test("lint: the same block with literal values is refused at lint time")
    func lintRefusesLiterals() async throws {
        let directory = try Scratch.directory(
            [
                "wifi.yaml": """
                rules:
                  - name: wifi
                    actions:
                      - wifi: {band: 5GHz, ssid: "\(Self.longSSID)", passphrase: "short"}

                """
            ],
            prefix: "ferrule-lint-values"
        )
        let lint = try await Self.run(["lint", directory], secret: nil)
        #expect(lint.status == 1, "\(lint.stdout)\(lint.stderr)")
        #expect(
            lint.stdout.contains("error[bad-value]: Device.WiFi.SSID.{i}.SSID = \(Self.longSSID)"),
            "\(lint.stdout)"
        )
        #expect(lint.stdout.contains("Security.KeyPassphrase = <redacted>: expected length 8"), "\(lint.stdout)")
        #expect(!lint.stdout.contains("short"))
    }

    @Test(
        "plan: a set on a wildcard or alias instance (`SSID.*.SSID`, `SSID.[Alias:cpe-1].SSID`, `Radio.*.Channel`) is checked as a numbered one",
        arguments: [
            ("Device.WiFi.SSID.*.SSID", "\"\(String(repeating: "a", count: 33))\"", "expected length"),
            ("Device.WiFi.SSID.[Alias:cpe-1].SSID", "\"\(String(repeating: "a", count: 33))\"", "expected length"),
            ("Device.WiFi.Radio.*.Channel", "300", "expected"),
        ]
    )
    func wildcardAndAliasInstances(path: String, value: String, expected: String) async throws {
        let directory = try Scratch.directory(
            [
                "set.yaml": """
                rules:
                  - name: w
                    actions:
                      - set: {path: "\(path)", value: \(value)}

                """
            ],
            prefix: "ferrule-plan-wildcard-values"
        )
        let plan = try await Self.run(["plan", directory, "--acs", "http://127.0.0.1:1"], secret: nil)
        #expect(plan.status == 1, "\(plan.stdout)\(plan.stderr)")
        #expect(plan.stderr.contains("error[bad-value]: \(path) = "), "\(plan.stderr)")
        #expect(plan.stderr.contains(expected), "\(plan.stderr)")
        #expect(plan.stderr.contains("GenieACS was not contacted"), "\(plan.stderr)")
        let lint = try await Self.run(["lint", directory], secret: nil)
        #expect(lint.status == 1, "\(lint.stdout)\(lint.stderr)")
        #expect(lint.stdout.contains("error[bad-value]: \(path) = "), "\(lint.stdout)")
    }
}

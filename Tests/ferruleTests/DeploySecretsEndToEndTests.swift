import FerruleTestSupport
import Foundation
import Testing

/// Secrets in `plan` and `deploy`: they reach GenieACS, and no output ever shows them.
@Suite("deploy secrets against a GenieACS stand-in")
struct DeploySecretsEndToEndTests {
    /// The WiFi passphrase argument GenieACS holds in preset `wifi-2g`.
    private func liveWifiPassphrase(_ standIn: StandInProcess) async throws -> String? {
        let preset = try await standIn.documents("presets", id: "wifi-2g").first
        let configurations = preset?["configurations"] as? [[String: Any]]
        return (configurations?.first?["args"] as? [Any])?.first as? String
    }

    /// Every output that shows a plan: plan (text, JSON; with and without the secrets file) and,
    /// off a terminal, deploy without --yes, which refuses and prints the plan (what CI logs keep).
    static func planAndDeploy(secrets: String) -> [(String, [String])] {
        [
            ("plan", ["plan", "Provisions"]),
            ("plan json", ["plan", "Provisions", "--format", "json"]),
            ("plan --secrets", ["plan", "Provisions", "--secrets", secrets]),
            ("plan --secrets json", ["plan", "Provisions", "--secrets", secrets, "--format", "json"]),
            ("deploy without --yes", ["deploy", "Provisions", "--secrets", secrets]),
        ]
    }

    @Test("secret values reach GenieACS but appear in no output of plan, deploy, acs listings or errors")
    func secretsNeverAppear() async throws {
        let standIn = try await StandInProcess.start()
        defer { standIn.stop() }
        let secrets = try TestSecrets.file()
        let rotated = try TestSecrets.file(wifi: TestSecrets.rotatedWifiPassphrase)
        var outputs: [(String, FerruleRunner.Output)] = []
        func run(_ label: String, _ arguments: [String], acs: Bool = true) async throws -> FerruleRunner.Output {
            let output =
                acs ? try await standIn.ferrule(arguments) : try await FerruleRunner.execute(arguments)
            outputs.append((label, output))
            return output
        }

        #expect(try await run("plan", ["plan", "Provisions", "--secrets", secrets]).status == 2)
        #expect(
            try await run("plan json", ["plan", "Provisions", "--secrets", secrets, "--format", "json"]).status == 2
        )
        let refused = try await run("deploy without --yes", ["deploy", "Provisions", "--secrets", secrets])
        #expect(refused.status == 1)
        let deploy = try await run("deploy", ["deploy", "Provisions", "--yes", "--secrets", secrets])
        #expect(deploy.status == 0, "\(deploy.combined)")
        // The positive control: the value is really in GenieACS, so its absence below means something.
        #expect(try await liveWifiPassphrase(standIn) == TestSecrets.wifiPassphrase)

        #expect(try await run("plan after", ["plan", "Provisions", "--secrets", secrets]).status == 0)
        #expect(try await run("plan after json", ["plan", "Provisions", "--format", "json"]).status == 0)
        #expect(try await run("deploy again", ["deploy", "Provisions", "--yes", "--secrets", secrets]).status == 0)
        for format in ["table", "json", "csv"] {
            #expect(try await run("acs presets \(format)", ["acs", "presets", "--format", format]).status == 0)
            #expect(try await run("acs provisions \(format)", ["acs", "provisions", "--format", format]).status == 0)
        }

        // A preset edited in GenieACS (marker kept): its diff is printed, with the placeholder, not the value.
        var wifi = try #require(try await standIn.documents("presets", id: "wifi-2g").first)
        var configurations = try #require(wifi["configurations"] as? [[String: Any]])
        configurations[0]["name"] = "wifi-2g-by-hand"
        wifi["configurations"] = configurations
        try await standIn.putPreset("wifi-2g", document: wifi)
        let drift = try await run("plan drift", ["plan", "Provisions", "--secrets", secrets])
        #expect(drift.status == 2)
        #expect(drift.stdout.contains("edited in GenieACS since it was deployed"))
        #expect(drift.stdout.contains("${secret:WIFI_PASSPHRASE}"), "the diff shows the placeholder:\n\(drift.stdout)")
        let driftJSON = try await run(
            "plan drift json",
            ["plan", "Provisions", "--secrets", secrets, "--format", "json"]
        )
        #expect(driftJSON.status == 2)

        // A rotated secret is an update, named but not shown.
        let rotation = try await run("plan rotated", ["plan", "Provisions", "--secrets", rotated])
        #expect(rotation.status == 2)
        #expect(rotation.stdout.contains("  ~ preset wifi-5g: update"))
        #expect(rotation.stdout.contains("secret WIFI_PASSPHRASE changed"))
        #expect(
            try await run("plan rotated json", ["plan", "Provisions", "--secrets", rotated, "--format", "json"]).status
                == 2
        )
        let redeploy = try await run("deploy rotated", ["deploy", "Provisions", "--yes", "--secrets", rotated])
        #expect(redeploy.status == 0, "\(redeploy.combined)")
        #expect(try await liveWifiPassphrase(standIn) == TestSecrets.rotatedWifiPassphrase)
        #expect(try await run("plan rotated after", ["plan", "Provisions", "--secrets", rotated]).status == 0)

        // Errors: a malformed secrets line, a missing secret, an unreachable NBI.
        let malformed = try Scratch.file(
            "bad.env",
            Array("CR_PASSWORD=\(TestSecrets.crPassword)\nWIFI_PASSPHRASE \(TestSecrets.wifiPassphrase)\n".utf8)
        )
        let bad = try await run("malformed secrets", ["deploy", "Provisions", "--yes", "--secrets", malformed])
        #expect(bad.status == 1, "deploy documents 0 and 1 only: \(bad.combined)")
        #expect(bad.stderr.contains("bad.env:2:1: error[bad-secrets-file]: expected NAME=value"), "\(bad.stderr)")
        let partial = try TestSecrets.file(omitting: ["WIFI_PASSPHRASE"])
        #expect(try await run("missing secret", ["deploy", "Provisions", "--yes", "--secrets", partial]).status == 1)
        let unreachable = try await run(
            "unreachable",
            ["deploy", "Provisions", "--yes", "--secrets", secrets, "--acs", "http://127.0.0.1:1"],
            acs: false
        )
        #expect(unreachable.status == 1)

        for (label, output) in outputs {
            #expect(TestSecrets.leaks(in: output.combined).isEmpty, "\(label) shows a secret:\n\(output.combined)")
        }
    }

    @Test(
        "a deployed secret an edit in GenieACS moved to another argument (or copied elsewhere) is printed by no plan or deploy, and is not called changed"
    )
    func movedSecretNeverAppears() async throws {
        let standIn = try await StandInProcess.start()
        defer { standIn.stop() }
        let secrets = try TestSecrets.file()
        let deploy = try await standIn.ferrule(["deploy", "Provisions", "--yes", "--secrets", secrets])
        #expect(deploy.status == 0, "\(deploy.combined)")
        #expect(try await liveWifiPassphrase(standIn) == TestSecrets.wifiPassphrase)

        // An operator inserts an argument in front of the secret in the GenieACS UI, marker kept:
        // the marker's recorded position now holds "by-hand", the secret sits one further on.
        let original = try #require(try await standIn.documents("presets", id: "wifi-2g").first)
        var wifi = original
        var configurations = try #require(wifi["configurations"] as? [[String: Any]])
        let args = try #require(configurations[0]["args"] as? [Any])
        configurations[0]["args"] = ["by-hand"] + args
        wifi["configurations"] = configurations
        try await standIn.putPreset("wifi-2g", document: wifi)
        let live = try #require(try await standIn.documents("presets", id: "wifi-2g").first)
        let liveArgs = (live["configurations"] as? [[String: Any]])?.first?["args"] as? [Any]
        #expect(liveArgs?.last as? String == TestSecrets.wifiPassphrase, "the positive control: \(live)")

        var outputs: [(String, FerruleRunner.Output)] = []
        for (label, arguments) in Self.planAndDeploy(secrets: secrets) {
            let output = try await standIn.ferrule(arguments)
            outputs.append((label, output))
            #expect(output.status == (label.hasPrefix("deploy") ? 1 : 2), "\(label): \(output.combined)")
            #expect(output.stdout.contains("edited in GenieACS since it was deployed"), "\(label): \(output.stdout)")
            // The secret is where GenieACS still holds it, only moved: not a changed secret.
            #expect(!output.stdout.contains("secret WIFI_PASSPHRASE changed"), "\(label): \(output.stdout)")
        }
        // The diff shows the edit, the moved secret masked.
        let plan = try #require(outputs.first?.1)
        #expect(plan.stdout.contains("••••••"), "\(plan.stdout)")

        // A copy of the value outside the arguments (the precondition), secret back in place.
        var copied = original
        copied["precondition"] = "DeviceID.ID = \"\(TestSecrets.wifiPassphrase)\""
        try await standIn.putPreset("wifi-2g", document: copied)
        for arguments in [["plan", "Provisions"], ["plan", "Provisions", "--secrets", secrets, "--format", "json"]] {
            let output = try await standIn.ferrule(arguments)
            outputs.append(("copy: \(arguments.joined(separator: " "))", output))
            #expect(output.status == 2, "\(output.combined)")
            #expect(!output.stdout.contains("secret WIFI_PASSPHRASE changed"), "\(output.stdout)")
        }
        // `acs presets` shows the edited preset as plan does (review 42: it printed the copy).
        for format in ["table", "json", "csv"] {
            let output = try await standIn.ferrule(["acs", "presets", "--format", format])
            #expect(output.status == 0 && output.stdout.contains("wifi-2g"), "\(output.combined)")
            outputs.append(("copy: acs presets --format \(format)", output))
        }

        // Moved out of the arguments altogether: the recorded position holds "by-hand" and the value sits
        // only in the precondition, so nothing says what it is when plan is not given the secrets.
        var moved = original
        var movedConfigurations = configurations
        movedConfigurations[0]["args"] = args.map { ($0 as? String) == TestSecrets.wifiPassphrase ? "by-hand" : $0 }
        #expect(
            !movedConfigurations.description.contains(TestSecrets.wifiPassphrase),
            "the value is only in the precondition"
        )
        moved["configurations"] = movedConfigurations
        moved["precondition"] = "DeviceID.ID = \"\(TestSecrets.wifiPassphrase)\""
        try await standIn.putPreset("wifi-2g", document: moved)
        for arguments in [["plan", "Provisions"], ["plan", "Provisions", "--format", "json"]] {
            let output = try await standIn.ferrule(arguments)
            outputs.append(("moved out: \(arguments.joined(separator: " "))", output))
            #expect(output.status == 2, "\(output.combined)")
            #expect(output.stdout.contains("••••••"), "\(output.stdout)")
            // Still useful: the note says how it drifted and the diff names the field that changed.
            #expect(output.stdout.contains("edited in GenieACS since it was deployed"), "\(output.stdout)")
            #expect(output.stdout.contains("precondition"), "\(output.stdout)")
        }

        for (label, output) in outputs {
            #expect(TestSecrets.leaks(in: output.combined).isEmpty, "\(label) shows a secret:\n\(output.combined)")
        }
    }

    @Test(
        "a secret an edit in GenieACS copied into a Ferrule provision or virtual parameter script is printed by no plan or deploy, in any format"
    )
    func secretCopiedIntoScriptNeverAppears() async throws {
        let standIn = try await StandInProcess.start()
        defer { standIn.stop() }
        let secrets = try TestSecrets.file()
        let deploy = try await standIn.ferrule(["deploy", "Provisions", "--yes", "--secrets", secrets])
        #expect(deploy.status == 0, "\(deploy.combined)")
        let provision = try #require(
            try await standIn.documents("provisions", id: "wifi-2g").first?["script"] as? String
        )
        let virtualParameter = try #require(
            try await standIn.documents("virtual_parameters", id: "ssid2g").first?["script"] as? String
        )
        #expect(provision.contains("args[0]") && provision.hasPrefix("// ferrule: "), "\(provision)")

        // An operator hard-codes the passphrase in the provision (marker kept), and splits it over
        // two strings in the virtual parameter, where no known value matches it whole.
        let quoted = "\"\(TestSecrets.wifiPassphrase)\""
        try await standIn.putProvision("wifi-2g", provision.replacingOccurrences(of: "args[0]", with: quoted))
        let split = "const key = \"wifi-Narw\" + \"hal-99\" + \"02-secret\";"
        try await standIn.putVirtualParameter("ssid2g", virtualParameter + split + "\n")
        // The positive control: GenieACS holds the value in the script now.
        let edited = try await standIn.documents("provisions", id: "wifi-2g").first?["script"] as? String
        #expect(edited?.contains(TestSecrets.wifiPassphrase) == true)

        var outputs: [(String, FerruleRunner.Output)] = []
        for (label, arguments) in Self.planAndDeploy(secrets: secrets) {
            let output = try await standIn.ferrule(arguments)
            outputs.append((label, output))
            #expect(output.status == (label.hasPrefix("deploy") ? 1 : 2), "\(label): \(output.combined)")
            // Still useful: the scripts are named as edited, and the diff shows where.
            #expect(output.stdout.contains("wifi-2g") && output.stdout.contains("ssid2g"), "\(label): \(output.stdout)")
            #expect(output.stdout.contains("••••••"), "\(label): \(output.stdout)")
        }
        let plan = try #require(outputs.first?.1)
        #expect(plan.stdout.contains("edited in GenieACS since it was deployed"), "\(plan.stdout)")
        #expect(plan.stdout.contains("args[0]"), "the compiled side of the diff is shown: \(plan.stdout)")
        for (label, output) in outputs {
            #expect(TestSecrets.leaks(in: output.combined).isEmpty, "\(label) shows a secret:\n\(output.combined)")
            #expect(!output.combined.contains("Narw"), "\(label) shows the split secret:\n\(output.combined)")
        }
    }

    @Test(
        "a secrets line with an unclosed quote, a trailing # comment or a name given twice stops deploy at its line:column; nothing is written, no value shown"
    )
    func malformedSecretsFileDeploysNothing() async throws {
        let standIn = try await StandInProcess.start()
        defer { standIn.stop() }
        let good = [
            "CR_PASSWORD=\(TestSecrets.crPassword)", "PPPOE_PASSWORD=\"\(TestSecrets.pppoePassword)\"",
            "WIFI_PASSPHRASE=\(TestSecrets.wifiPassphrase)",
        ]
        for (lines, expected) in [
            (
                [good[0], good[1], "WIFI_PASSPHRASE=\"\(TestSecrets.wifiPassphrase)"],
                ":3:17: error[bad-secrets-file]: the value of WIFI_PASSPHRASE opens a quote"
            ),
            (
                [good[0], "PPPOE_PASSWORD=Quokka-4410   # rotated 2026-12", good[2]],
                ":2:30: error[bad-secrets-file]: PPPOE_PASSWORD's value is followed by a # comment"
            ),
            (
                good + ["WIFI_PASSPHRASE=\(TestSecrets.rotatedWifiPassphrase)"],
                ":4:1: error[bad-secrets-file]: WIFI_PASSPHRASE is given twice (first on line 3)"
            ),
        ] {
            let file = try Scratch.file("bad.env", Array((lines.joined(separator: "\n") + "\n").utf8))
            let deploy = try await standIn.ferrule(["deploy", "Provisions", "--yes", "--secrets", file])
            #expect(deploy.status == 1, "\(deploy.combined)")
            #expect(deploy.stderr.contains(file + expected), "\(deploy.stderr)")
            #expect(TestSecrets.leaks(in: deploy.combined).isEmpty, "\(deploy.combined)")
            #expect(try await standIn.documents("presets").isEmpty, "nothing deployed")
        }
        // The positive control: the same lines, well formed, deploy.
        let file = try Scratch.file("good.env", Array((good.joined(separator: "\n") + "\n").utf8))
        let deploy = try await standIn.ferrule(["deploy", "Provisions", "--yes", "--secrets", file])
        #expect(deploy.status == 0, "\(deploy.combined)")
        #expect(try await liveWifiPassphrase(standIn) == TestSecrets.wifiPassphrase)
    }

    @Test("FERRULE_SECRET_ variables supply secrets and win over the --secrets file")
    func secretsFromEnvironment() async throws {
        let standIn = try await StandInProcess.start()
        defer { standIn.stop() }
        let environment = TestSecrets.environment()

        let deploy = try await standIn.ferrule(["deploy", "Provisions", "--yes"], environment: environment)
        #expect(deploy.status == 0, "\(deploy.combined)")
        #expect(deploy.stdout.contains("verified"))
        #expect(try await liveWifiPassphrase(standIn) == TestSecrets.wifiPassphrase)

        let plan = try await standIn.ferrule(["plan", "Provisions", "--format", "json"], environment: environment)
        #expect(plan.status == 0, "\(plan.combined)")
        #expect(try plan.planSummary().bool("secretsCompared") == true)

        // The file says otherwise; the environment wins, so nothing changed.
        let rotatedFile = try TestSecrets.file(wifi: TestSecrets.rotatedWifiPassphrase)
        let envWins = try await standIn.ferrule(
            ["plan", "Provisions", "--secrets", rotatedFile],
            environment: environment
        )
        #expect(envWins.status == 0, "\(envWins.combined)")
        #expect(envWins.stdout.contains("no changes"))
        // Without the variables the file's rotated value is an update.
        let fileOnly = try await standIn.ferrule(["plan", "Provisions", "--secrets", rotatedFile])
        #expect(fileOnly.status == 2)
        #expect(fileOnly.stdout.contains("secret WIFI_PASSPHRASE changed"))

        for output in [deploy, plan, envWins, fileOnly] {
            #expect(TestSecrets.leaks(in: output.combined).isEmpty, "\(output.combined)")
        }
    }

    @Test("a missing secret stops deploy before anything is written, naming the secret and the variable to set")
    func missingSecretWritesNothing() async throws {
        let standIn = try await StandInProcess.start()
        defer { standIn.stop() }
        let partial = try TestSecrets.file(omitting: ["WIFI_PASSPHRASE"])

        let deploy = try await standIn.ferrule(["deploy", "Provisions", "--yes", "--secrets", partial])
        #expect(deploy.status == 1, "\(deploy.combined)")
        #expect(deploy.stderr.contains("secret \"WIFI_PASSPHRASE\" has no value"), "\(deploy.stderr)")
        #expect(deploy.stderr.contains("FERRULE_SECRET_WIFI_PASSPHRASE"))
        #expect(!deploy.stderr.contains("CR_PASSWORD") && !deploy.stderr.contains("PPPOE_PASSWORD"))
        #expect(deploy.stderr.contains("nothing was changed"))
        #expect(TestSecrets.leaks(in: deploy.combined).isEmpty)

        let plan = try await standIn.ferrule(["plan", "Provisions", "--format", "json"])
        #expect(plan.status == 2)
        let summary = try plan.planSummary()
        #expect((summary.int("create") ?? 0) > 0)
        #expect(summary.int("unchanged") == 0)
        #expect(try await standIn.documents("presets").isEmpty)
        #expect(try await standIn.documents("provisions").isEmpty)
        #expect(try await standIn.documents("virtual_parameters").isEmpty)

        // A lower-case secret name maps to an upper-case variable.
        let rules = try Scratch.directory([
            "wifi.yaml": """
            rules:
              - name: e2e-wifi
                triggers:
                  events: ["1 BOOT"]
                actions:
                  - wifi:
                      band: 2.4GHz
                      ssid: e2e
                      passphrase: "${secret:lab_psk}"
                      security: WPA2-Personal

            """
        ])
        let missing = try await standIn.ferrule(["deploy", rules, "--yes"])
        #expect(missing.status == 1, "\(missing.combined)")
        #expect(missing.stderr.contains("secret \"lab_psk\""), "\(missing.stderr)")
        #expect(missing.stderr.contains("FERRULE_SECRET_LAB_PSK"))
        let given = try await standIn.ferrule(
            ["deploy", rules, "--yes"],
            environment: ["FERRULE_SECRET_LAB_PSK": TestSecrets.wifiPassphrase]
        )
        #expect(given.status == 0, "\(given.combined)")
        #expect(TestSecrets.leaks(in: given.combined).isEmpty)
    }
}

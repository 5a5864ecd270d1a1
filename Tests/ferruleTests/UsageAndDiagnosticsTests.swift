import FerruleTestSupport
import Foundation
import Testing

@testable import ferrule

/// Exit statuses that scripts rely on, and the one diagnostic format, through the built `ferrule`.
@Suite struct UsageAndDiagnosticsTests {
    /// A rules directory with `vars/common.yaml`, `vars/<env>.yaml` files and one rule file.
    static func project(rule: String, vars: [String: String] = ["common": "site: a\n", "prod": "site: p\n"]) throws
        -> String
    {
        let directory = try Scratch.directory("ferrule-e2e")
        let varsDirectory = directory.appendingPathComponent("vars")
        try FileManager.default.createDirectory(at: varsDirectory, withIntermediateDirectories: true)
        for (name, text) in vars {
            try Data(text.utf8).write(to: varsDirectory.appendingPathComponent("\(name).yaml"))
        }
        try Data(rule.utf8).write(to: directory.appendingPathComponent("rules.yaml"))
        return directory.path
    }

    static let rule = """
        rules:
          - name: inform
            actions:
              - set: {path: Device.ManagementServer.PeriodicInformInterval, value: 300}
        """

    @Test("plan with a typo'd flag is a usage error (64), never 2 (changes pending)")
    func planTypoIsNotChanges() async throws {
        let typo = try await FerruleRunner.execute(["plan", "Provisions", "--prnue", "--acs", "http://127.0.0.1:1"])
        #expect(typo.status == 64, "\(typo.combined)")
        #expect(typo.stderr.contains("--prnue"))
        let missing = try await FerruleRunner.execute(["plan"])
        #expect(missing.status == 64, "\(missing.combined)")
    }

    @Test("an unknown --env is a usage error that lists the environments found")
    func unknownEnvironment() async throws {
        let directory = try Self.project(rule: Self.rule, vars: ["common": "a: 1\n", "prod": "a: 2\n", "staging": ""])
        let out = try Scratch.directory("ferrule-e2e").path
        for command in [["compile", directory, "--out", out], ["lint", directory], ["test", directory]] {
            let result = try await FerruleRunner.execute(command + ["--env", "prdo"])
            #expect(result.status == 64, "\(command[0]): \(result.combined)")
            #expect(result.stderr.contains("unknown environment \"prdo\""), "\(result.stderr)")
            #expect(result.stderr.contains("environments found: prod, staging"), "\(result.stderr)")
            #expect(result.stderr.contains("did you mean \"prod\"?"), "\(result.stderr)")
        }
        let plan = try await FerruleRunner.execute(["plan", directory, "--env", "prdo", "--acs", "http://127.0.0.1:1"])
        #expect(plan.status == 64, "\(plan.combined)")
        let known = try await FerruleRunner.execute(["compile", directory, "--env", "prod", "--out", out])
        #expect(known.status == 0, "\(known.combined)")
    }

    @Test("plan: rules that cannot be read exit 1, never 2")
    func planUnreadableRules() async throws {
        let plan = try await FerruleRunner.execute(["plan", "/nonexistent/rules", "--acs", "http://127.0.0.1:1"])
        #expect(plan.status == 1, "\(plan.combined)")
        #expect(plan.stderr.contains("/nonexistent/rules: error[unreadable]"), "\(plan.stderr)")
    }

    @Test("a parameter path outside Device. and InternetGatewayDevice. is a compile and lint error")
    func pathOutsideDataModel() async throws {
        let directory = try Self.project(
            rule: """
                rules:
                  - name: bad
                    actions:
                      - set: {path: 5, value: 1}
                      - refresh: {path: Foo.Bar.}
                      - ensure: {table: X.Y., keys: {Name: a}}
                """
        )
        let out = try Scratch.directory("ferrule-e2e").path
        let compile = try await FerruleRunner.execute(["compile", directory, "--out", out])
        #expect(compile.status == 1, "\(compile.combined)")
        #expect(
            compile.stderr.contains("rules.yaml:4:21: error[bad-path]: \"5\" is not under Device."),
            "\(compile.stderr)"
        )
        #expect(compile.stderr.contains("\"Foo.Bar.\" is not under Device."), "\(compile.stderr)")
        #expect(compile.stderr.contains("\"X.Y.\" is not under Device."), "\(compile.stderr)")
        let lint = try await FerruleRunner.execute(["lint", "--no-models", directory])
        #expect(lint.status == 1, "\(lint.combined)")
        #expect(lint.stdout.contains("error[bad-path]"), "\(lint.stdout)")
    }

    @Test(
        "an undefined variable in a match pattern or a match.parameters value is reported at that value, not the rule"
    )
    func undefinedVariableInMatchLocated() async throws {
        let directory = try Self.project(
            rule: """
                rules:
                  - name: located
                    match:
                      manufacturer: Huawei
                      serialNumber:
                        - "4857*"
                        - "${batch}"
                      productClass: "${model}"
                      parameters:
                        - path: Device.DeviceInfo.ModelName
                          equals: "${modelName}"
                    actions: [{tag: {add: [x]}}]
                """
        )
        let lint = try await FerruleRunner.execute(["lint", "--no-models", directory])
        #expect(lint.status == 1, "\(lint.combined)")
        for expected in [
            "rules.yaml:7:11: error[unknown-variable]: variable \"batch\" is not defined (in `match.serialNumber`)",
            "rules.yaml:8:21: error[unknown-variable]: variable \"model\" is not defined (in `match.productClass`)",
            "rules.yaml:11:19: error[unknown-variable]: variable \"modelName\" is not defined (in `match.parameters.equals`)",
        ] {
            #expect(lint.stdout.contains(expected), "\(lint.stdout)")
        }
        #expect(!lint.stdout.contains("rules.yaml:2:5: error[unknown-variable]"), "\(lint.stdout)")
    }

    @Test("a YAML error in a vars file: file:line:col first, the message without a second location")
    func yamlErrorFormat() async throws {
        let directory = try Self.project(rule: Self.rule, vars: ["common": "ok: 1\nssid: ab\u{1B}[2Jc\n"])
        let out = try Scratch.directory("ferrule-e2e").path
        let result = try await FerruleRunner.execute(["compile", directory, "--out", out])
        #expect(result.status == 1, "\(result.combined)")
        let line = try #require(result.stderrLines.first { $0.contains("error[yaml]") })
        #expect(line.hasPrefix("\(directory)/vars/common.yaml:2:9: error[yaml]: not valid YAML: "), "\(line)")
        #expect(!line.dropFirst(directory.count + 30).contains("error:"), "no location inside the message: \(line)")
        #expect(!result.stderr.contains("\u{1B}"), "control bytes never reach the terminal raw")
    }

    @Test("a 5 MB value is shown as its first characters and its size; binary bytes are escaped")
    func hugeAndBinaryValues() async throws {
        let huge = String(repeating: "A", count: 5 * 1024 * 1024)
        let directory = try Self.project(
            rule: """
                rules:
                  - name: big
                    actions:
                      - set: {path: "\(huge)", value: 1}
                """
        )
        // In a file of its own: the 5 MB value makes its file refused whole (error[value-too-large]).
        try Data("rules:\n  - name: \"bell\\u0007\\u001B[31m\"\n".utf8).write(
            to: URL(fileURLWithPath: directory).appendingPathComponent("names.yaml")
        )
        let out = try Scratch.directory("ferrule-e2e").path
        let result = try await FerruleRunner.execute(["compile", directory, "--out", out])
        #expect(result.status == 1, "\(result.combined.prefix(2000))")
        #expect(result.stderr.utf8.count < 10_000, "the value is not echoed in full")
        #expect(result.stderr.contains(String(repeating: "A", count: 80) + "… (5,242,880 bytes)"))
        #expect(!result.stderr.contains("\u{1B}") && !result.stderr.contains("\u{07}"))
        #expect(result.stderr.contains("\\u{1B}[31m"), "\(result.stderr.suffix(1000))")
    }

    @Test("a disk I/O error of the campaign state says where, what and what next, not only SQLite's code")
    func diskErrorText() {
        let text = StoreFailureText.render(
            description: "campaign store /var/lib/ferrule/campaigns.sqlite: save: SQLite error 778: disk I/O error",
            path: "/var/lib/ferrule/campaigns.sqlite",
            operation: "save 120 targets",
            sqliteCode: 778
        )
        #expect(text.hasPrefix("/var/lib/ferrule/campaigns.sqlite: error[campaign-state-disk]: save 120 targets: "))
        #expect(text.contains("disk I/O error"))
        #expect(text.contains("df /var/lib/ferrule"))
        #expect(text.contains("--state"))
        #expect(text.contains("run the command again"))
    }
}

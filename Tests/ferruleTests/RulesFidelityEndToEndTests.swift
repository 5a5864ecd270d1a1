import FerruleTestSupport
import Foundation
import Testing

/// End to end: `lint`, `compile`, `explain` and `deploy` refuse or evaluate what GenieACS v1.2.16
/// would otherwise receive wrongly — literal `${…}` text, rules that replace its built-in
/// provisions, built-ins called with arguments it refuses, scripts its strict-mode wrapper refuses —
/// and evaluate the project's virtual parameters in preconditions.
@Suite("ferrule lint/compile/explain/deploy: what GenieACS receives (end to end)")
struct RulesFidelityEndToEndTests {
    static func rules(_ files: [String: String]) throws -> String {
        try Scratch.directory(files, prefix: "ferrule-fidelity")
    }

    @Test("${…} that cannot be resolved when compiling is refused at the field; variables are substituted")
    func templatesInFixedFields() async throws {
        let dir = try Self.rules([
            "vars/common.yaml": "firmware: {file: fw-245.bin, model: EG8145V5}\n",
            "a.yaml": """
            rules:
              - name: s1
                match:
                  productClass: "${firmware.model}"
                  serialNumber: "${secret:SN}"
                  softwareVersion: {lt: V5R021C00S245}
                actions:
                  - download: {file: "${firmware.file}"}
                  - refresh: {path: "Device.${device.productClass}."}

            """,
        ])
        let lint = try await FerruleRunner.run(["lint", dir, "--no-models"])
        #expect(lint.status == 1, "\(lint.combined)")
        #expect(
            lint.stdout.contains("a.yaml:5:")
                && lint.stdout.contains("error[bad-template]: `match.serialNumber` is not a template"),
            "\(lint.stdout)"
        )
        #expect(lint.stdout.contains("a secret is never written into a preset precondition"), "\(lint.stdout)")
        #expect(lint.stdout.contains("error[bad-template]: `refresh.path` is not a template"), "\(lint.stdout)")
        #expect(!lint.stdout.contains("firmware.file"), "the variable is substituted: \(lint.stdout)")
        let out = try Scratch.directory("ferrule-fidelity-out").appendingPathComponent("out").path
        let compile = try await FerruleRunner.run(["compile", dir, "--out", out])
        #expect(compile.status == 1, "\(compile.combined)")
        #expect(!FileManager.default.fileExists(atPath: out), "nothing is written")

        // Without the refused fields, the variables reach the compiled files as their values.
        let fixed = try Self.rules([
            "vars/common.yaml": "firmware: {file: fw-245.bin, model: EG8145V5}\n",
            "a.yaml":
                "rules:\n  - name: s1\n    match: {productClass: \"${firmware.model}\", softwareVersion: {lt: V5R021C00S245}}\n    actions:\n      - download: {file: \"${firmware.file}\"}\n",
        ])
        let good = try await FerruleRunner.run(["compile", fixed, "--out", out])
        #expect(good.status == 0, "\(good.combined)")
        let preset = try String(contentsOfFile: out + "/presets/s1.json", encoding: .utf8)
        let script = try String(contentsOfFile: out + "/provisions/s1.js", encoding: .utf8)
        #expect(preset.contains("DeviceID.ProductClass = 'EG8145V5'"), "\(preset)")
        #expect(script.contains("FileName:\\\"fw-245.bin\\\""), "\(script)")
    }

    @Test("a rule named like a GenieACS built-in provision is refused by lint and compile")
    func builtInNames() async throws {
        let dir = try Self.rules([
            "a.yaml": """
            rules:
              - name: refresh
                actions: [{refresh: {path: Device.DeviceInfo.UpTime, every: 3600}}]
              - name: tag
                actions: [{tag: {add: [managed]}}]

            """
        ])
        let lint = try await FerruleRunner.run(["lint", dir, "--no-models"])
        #expect(lint.status == 1, "\(lint.combined)")
        #expect(
            lint.stdout.contains(
                "error[builtin-name]: rule `refresh` would compile to a provision named like GenieACS's built-in `refresh`"
            ),
            "\(lint.stdout)"
        )
        #expect(lint.stdout.contains("error[builtin-name]: rule `tag`"), "\(lint.stdout)")
        let out = try Scratch.directory("ferrule-fidelity-out").appendingPathComponent("out").path
        let compile = try await FerruleRunner.run(["compile", dir, "--out", out])
        #expect(compile.status == 1, "\(compile.combined)")
        #expect(!FileManager.default.fileExists(atPath: out + "/provisions/tag.js"))
    }

    @Test("lint reports built-in provisions called with arguments GenieACS refuses")
    func builtInArguments() async throws {
        let dir = try Self.rules([
            "a.yaml": """
            rules:
              - name: p1
                actions: [{provision: {name: refresh, args: [Device.X., "3600"]}}]
              - name: p2
                actions: [{provision: {name: tag, args: [beta, "true"]}}]

            """
        ])
        let lint = try await FerruleRunner.run(["lint", dir, "--no-models"])
        #expect(lint.status == 1, "\(lint.combined)")
        #expect(
            lint.stdout.contains(
                "error[builtin-arguments]: GenieACS's built-in `refresh` provision refuses the arguments [\"Device.X.\", \"3600\"]"
            ),
            "\(lint.stdout)"
        )
        #expect(lint.stdout.contains("error[builtin-arguments]: GenieACS's built-in `tag`"), "\(lint.stdout)")
    }

    @Test("explain evaluates the project's virtual parameters in preconditions as GenieACS runs their scripts")
    func virtualParametersInPreconditions() async throws {
        let dir = try Self.rules([
            "a.yaml": """
            rules:
              - name: vp
                match: {parameters: [{path: VirtualParameters.up, greaterThan: 0}]}
                actions: [{set: {path: Device.X.A, value: "1"}}]
              - name: vp2
                precondition: "VirtualParameters.up IS NULL"
                actions: [{set: {path: Device.X.A, value: "1"}}]
              - name: vp3
                precondition: "VirtualParameters.other IS NULL"
                actions: [{set: {path: Device.X.A, value: "1"}}]
            virtualParameters:
              - {name: up, type: xsd:unsignedInt, paths: [Device.DeviceInfo.UpTime]}

            """
        ])
        let explain = try await FerruleRunner.run([
            "explain", dir, "--device", "Fixtures/trees/nbi-device-tr181.json", "--now", "2026-12-01T00:00:00Z",
        ])
        #expect(explain.status == 0, "\(explain.combined)")
        #expect(explain.stdout.contains("MATCH vp\n"), "\(explain.stdout)")
        #expect(explain.stdout.contains("no    vp2: precondition does not hold"), "\(explain.stdout)")
        #expect(
            explain.stdout.contains(
                "no    vp3: precondition not evaluated: VirtualParameters.other is not in the device tree"
            ),
            "\(explain.stdout)"
        )
    }

    @Test("deploy refuses a script GenieACS's strict-mode wrapper refuses before writing anything")
    func badScriptStopsDeployBeforeWriting() async throws {
        let standIn = try await StandInProcess.start()
        defer { standIn.stop() }
        let dir = try Self.rules([
            "a.yaml": """
            rules:
              - name: aa-good
                actions: [{set: {path: Device.X.A, value: "1"}}]
              - name: zz-bad
                actions:
                  - script: "var x = 010;"

            """
        ])
        let deploy = try await standIn.ferrule(["deploy", dir, "--yes"])
        #expect(deploy.status == 1, "\(deploy.combined)")
        #expect(deploy.combined.contains("error[bad-script]: `script` line 1, column 9"), "\(deploy.combined)")
        #expect(try await standIn.documents("provisions").isEmpty)
        #expect(try await standIn.documents("presets").isEmpty)
    }
}

import CWMP
import FerruleCore
import FerruleTestSupport
import Foundation
import Testing

@testable import Rules

/// What GenieACS v1.2.16 does with the compiled output, where a literal reading of the rules
/// would differ: fields that are not templates, names and arguments of its built-in provisions,
/// virtual parameters in preconditions, the strict-mode wrapper around scripts, alias values
/// ending in a backslash.
@Suite("rules → GenieACS: templates, built-ins, virtual parameters, scripts, alias values")
struct GenieACSFidelityTests {
    static func compile(_ yaml: String, variables: [String: String] = [:]) throws -> (
        [CompiledArtifact], DiagnosticCollector
    ) {
        try RuleCompilerTests.compile(["r.yaml": yaml], variables: variables)
    }

    static func contents(_ artifacts: [CompiledArtifact], _ path: String) throws -> String {
        try #require(artifacts.first { $0.path == path }).contents
    }

    // MARK: - ${…} in fields that are not templates

    @Test("${variable} in match, precondition, download and refresh fields is substituted at compile time")
    func variablesInFixedFields() throws {
        let (artifacts, d) = try Self.compile(
            """
            rules:
              - name: s1
                match:
                  productClass: "${firmware.model}"
                  serialNumber: ["${prefix}*", "X$$Y"]
                  softwareVersion: {lt: "${firmware.version}"}
                  parameters: [{path: Device.DeviceInfo.ModelName, equals: "${firmware.model}"}]
                precondition: "DeviceID.Manufacturer = '${vendor}'"
                actions:
                  - download: {file: "${firmware.file}", targetFileName: "${firmware.model}.bin"}
                  - refresh: {path: "Device.${branch}.", every: 3600}

            """,
            variables: [
                "firmware.model": "EG8145V5", "firmware.file": "fw-245.bin", "firmware.version": "V5R021C00S245",
                "prefix": "4857", "vendor": "Huawei", "branch": "DeviceInfo",
            ]
        )
        #expect(!d.hasErrors, "\(d.sorted)")
        let preset = try Self.contents(artifacts, "presets/s1.json")
        let script = try Self.contents(artifacts, "provisions/s1.js")
        #expect(!preset.contains("${") && !script.contains("${"), "\(preset)\n\(script)")
        #expect(preset.contains("DeviceID.ProductClass = 'EG8145V5'"), "\(preset)")
        #expect(preset.contains("DeviceID.SerialNumber LIKE '4857%'"), "\(preset)")
        #expect(preset.contains("DeviceID.SerialNumber = 'X$Y'"), "`$$` writes one `$`: \(preset)")
        #expect(preset.contains("DeviceID.Manufacturer = 'Huawei'"), "\(preset)")
        #expect(script.contains("FileName:\\\"fw-245.bin\\\""), "\(script)")
        #expect(script.contains("TargetFileName:\\\"EG8145V5.bin\\\""), "\(script)")
        #expect(script.contains("\"V5R021C00S245\""), "\(script)")
        #expect(script.contains("\"Device.DeviceInfo.*\""), "\(script)")
    }

    @Test(
        "${secret:…}, ${device.…}, ${param:…} and functions in fields that are not templates are refused at the field",
        arguments: [
            (
                "match: {serialNumber: \"${secret:SN}\"}", "match.serialNumber",
                "never written into a preset precondition"
            ),
            ("match: {productClass: \"${device.productClass}\"}", "match.productClass", "read on the device"),
            ("precondition: \"DeviceID.SerialNumber = '${secret:SN}'\"", "precondition", "preset precondition"),
            (
                "match: {parameters: [{path: Device.X, equals: \"${param:Device.Y}\"}]}", "match.parameters.equals",
                "read on the device"
            ),
            ("actions: [{download: {file: \"${device.productClass}.bin\"}}]", "download.file", "one rule per"),
            ("actions: [{download: {file: f.bin, fileType: \"${secret:T}\"}}]", "download.fileType", "deploy time"),
            (
                "actions: [{refresh: {path: \"Device.${device.productClass}.\"}}]", "refresh.path",
                "same for every device"
            ),
            (
                "actions: [{set: {path: \"Device.${upper(device.oui)}\", value: x}}]", "set.path",
                "same for every device"
            ),
            (
                "actions: [{ensure: {table: \"Device.${param:Device.T}.\", keys: {A: b}}}]", "ensure.table",
                "same for every device"
            ),
        ]
    )
    func perDeviceTemplatesRefused(field: String, name: String, reason: String) throws {
        let (artifacts, d) = try Self.compile("rules:\n  - name: r\n    \(field)\n")
        let errors = d.sorted.filter { $0.severity == .error }
        #expect(errors.map(\.code.rawValue) == ["bad-template"], "\(d.sorted)")
        let message = errors.first.map { "\($0.message) \($0.hint ?? "")" } ?? ""
        #expect(message.contains("`\(name)` is not a template"), "\(message)")
        #expect(message.contains(reason), "\(message)")
        #expect(errors.first?.location.line == 3, "at the field: \(errors)")
        // Nothing reaches GenieACS as the literal text.
        #expect(!artifacts.contains { $0.contents.contains("${secret:SN}") || $0.contents.contains("${device.") })
    }

    @Test("an undefined variable in a field that is not a template is an error naming the field")
    func undefinedVariableInFixedField() throws {
        let (_, d) = try Self.compile("rules:\n  - name: r\n    match: {productClass: \"${model}\"}\n")
        #expect(RuleTestSupport.codes(d) == ["unknown-variable"], "\(d.sorted)")
        #expect(d.sorted.first?.message.contains("(in `match.productClass`)") == true, "\(d.sorted)")
    }

    // MARK: - Names of GenieACS's built-in provisions

    @Test(
        "a rule named like a GenieACS built-in provision is refused, naming the built-in",
        arguments: ["refresh", "value", "tag", "reboot", "reset", "download", "instances"]
    )
    func builtInNamesRefused(name: String) throws {
        let (_, d) = try Self.compile("rules:\n  - name: \(name)\n    actions: [{tag: {add: [x]}}]\n")
        let errors = d.sorted.filter { $0.severity == .error }
        #expect(errors.map(\.code.rawValue) == ["builtin-name"], "\(d.sorted)")
        #expect(errors.first?.message.contains("GenieACS's built-in `\(name)`") == true, "\(errors)")
        #expect(errors.first?.message.contains("instead of its built-in") == true)
    }

    @Test("names near the built-ins' are accepted")
    func nearBuiltInNames() throws {
        for name in ["values", "refresh-uptime", "tags", "reboot-once"] {
            let (_, d) = try Self.compile("rules:\n  - name: \(name)\n    actions: [{tag: {add: [x]}}]\n")
            #expect(!d.hasErrors, "\(name): \(d.sorted)")
        }
    }

    // MARK: - Arguments of GenieACS's built-in provisions

    @Test(
        "built-in provisions called with arguments GenieACS refuses (\"Invalid arguments\") are errors",
        arguments: [
            "{name: refresh, args: [Device.X., \"3600\"]}", "{name: refresh}", "{name: value, args: [Device.X.Y]}",
            "{name: value, args: [Device.X.Y, a, b, c]}", "{name: tag, args: [beta, \"true\"]}",
            "{name: tag, args: [beta]}",
            "{name: download, args: [\"1 Firmware Upgrade Image\"]}", "{name: download, args: [a, 5]}",
            "{name: instances, args: [Device.X., abc]}", "{name: instances, args: [Device.X.]}",
            "{name: refresh, args: [Device.X., 3600, \"true\"]}",
        ]
    )
    func builtInArgumentsRefused(call: String) throws {
        let (_, d) = try Self.compile("rules:\n  - name: r\n    actions:\n      - provision: \(call)\n")
        let errors = d.sorted.filter { $0.code.rawValue == "builtin-arguments" }
        #expect(errors.count == 1, "\(call): \(d.sorted)")
        #expect(errors.first?.hint?.contains("it takes ") == true, "\(errors)")
    }

    @Test("built-in provisions called as GenieACS accepts them pass")
    func builtInArgumentsAccepted() throws {
        for call in [
            "{name: refresh, args: [Device.X.]}", "{name: refresh, args: [Device.X., 3600]}",
            "{name: refresh, args: [Device.DeviceInfo., 3600, true, \"${secret:EXTRA}\"]}",
            "{name: value, args: [Device.X.Y, 5]}", "{name: value, args: [Device.X.Y, value, \"x\"]}",
            "{name: tag, args: [beta, true]}", "{name: download, args: [\"1 Firmware Upgrade Image\", f.bin]}",
            "{name: download, args: [\"1 Firmware Upgrade Image\", f.bin, t.bin]}",
            "{name: instances, args: [Device.X., \"+1\"]}", "{name: instances, args: [Device.X., 2]}",
            "{name: my-own, args: [anything]}",
        ] {
            let (_, d) = try Self.compile("rules:\n  - name: r\n    actions:\n      - provision: \(call)\n")
            #expect(!d.sorted.contains { $0.code.rawValue == "builtin-arguments" }, "\(call): \(d.sorted)")
        }
    }

    // MARK: - Virtual parameters in preconditions

    static func tr181State() throws -> DeviceState {
        let bytes = try Data(contentsOf: Repository.url("Fixtures/trees/nbi-device-tr181.json"))
        return try DeviceState.load(Array(bytes), file: "nbi-device-tr181.json")
    }

    @Test("a project virtual parameter in a precondition is computed from the tree as its script returns it")
    func virtualParameterComputed() throws {
        let (set, d, _) = try RuleTestSupport.load([
            "r.yaml": """
            rules:
              - name: vp
                match: {parameters: [{path: VirtualParameters.up, greaterThan: 0}]}
                actions: [{set: {path: Device.X.A, value: "1"}}]
              - name: vp2
                precondition: "VirtualParameters.up IS NULL"
                actions: [{set: {path: Device.X.A, value: "1"}}]
              - name: model
                precondition: "VirtualParameters.model = 'EX220'"
                actions: [{set: {path: Device.X.B, value: "1"}}]
            virtualParameters:
              - {name: up, type: xsd:unsignedInt, paths: [InternetGatewayDevice.DeviceInfo.UpTime, Device.DeviceInfo.UpTime]}
              - {name: model, paths: [Device.DeviceInfo.X_NONE, Device.DeviceInfo.ModelName]}

            """
        ])
        #expect(!d.hasErrors, "\(d.sorted)")
        var state = try Self.tr181State()
        state.useVirtualParameters(set.virtualParameters)
        let uptime = try #require(state.tree["Device.DeviceInfo.UpTime"]?.value)
        #expect(state.value(of: "VirtualParameters.up") == .number(try #require(Double(uptime))))
        let verdicts = Dictionary(
            uniqueKeysWithValues: RuleEvaluator.evaluate(set.rules, on: state).map { ($0.rule, $0) }
        )
        #expect(verdicts["vp"]?.matches == true, "\(verdicts["vp"]?.reasons ?? [])")
        #expect(verdicts["vp2"]?.matches == false)
        #expect(verdicts["model"]?.matches == true, "\(verdicts["model"]?.reasons ?? [])")
    }

    @Test("a virtual parameter whose value cannot be known is reported as not evaluated, not read as NULL")
    func virtualParameterNotEvaluated() throws {
        let (set, _, _) = try RuleTestSupport.load([
            "r.yaml": """
            rules:
              - name: other
                precondition: "VirtualParameters.elsewhere IS NULL"
                actions: [{set: {path: Device.X.A, value: "1"}}]
              - name: partial
                precondition: "VirtualParameters.absent IS NULL"
                actions: [{set: {path: Device.X.A, value: "1"}}]
            virtualParameters:
              - {name: absent, paths: [Device.Nowhere.X]}

            """
        ])
        var state = try Self.tr181State()
        state.useVirtualParameters(set.virtualParameters)
        for verdict in RuleEvaluator.evaluate(set.rules, on: state) {
            #expect(!verdict.matches, "\(verdict.rule)")
            #expect(verdict.reasons.first?.hasPrefix("precondition not evaluated: VirtualParameters.") == true)
        }
        // A value the tree holds (GenieACS's stored value, fresh enough for {value: 1}) is used as is.
        state.tree.insert(ParameterEntry(path: "VirtualParameters.elsewhere", value: "x", type: .string))
        let other = RuleEvaluator.evaluate(set.rules, on: state).first { $0.rule == "other" }
        #expect(other?.reasons.first?.contains("does not hold") == true, "\(other?.reasons ?? [])")
    }

    @Test("virtual parameter values convert by type as sanitizeParameterValue does")
    func virtualParameterConversion() {
        #expect(DeviceState.converted(.string("True"), to: "xsd:boolean") == .bool(true))
        #expect(DeviceState.converted(.string("yes"), to: "xsd:boolean") == .string("yes"))
        #expect(DeviceState.converted(.string("42abc"), to: "xsd:int") == .number(42))
        #expect(DeviceState.converted(.number(7), to: "xsd:string") == .string("7"))
        #expect(DeviceState.converted(.bool(false), to: "xsd:string") == .string("false"))
    }

    // MARK: - Scripts under GenieACS's strict-mode wrapper

    /// Scripts the check must pass, each valid under the wrapper.
    static let validScripts = [
        "const x = 10 / 2 / 1; const r = /a\\/b[/]c/g.test(\"a/b/c\");",
        "const t = `a ${ {x: 1}.x } b ${`nested ${1 + 1}`}`; log(t);",
        "// a comment with }) in it\nconst s = \"})\" + '}' + `}`; /* and { here */",
        "const o = {with: 1}; o.with = 2; const z = \"\\0\"; const n = 0.5 + 0x10 + 0o10 + 1e-3 + .5;",
        "if (true) {\n  const a = [1, 2].map(v => v * 2);\n}\nconst d = a => a;",
        "let x = 4; x /= 2; const y = (x) / 2;",
        "const s = 'line\\\ncontinued';",
        "const o = {package: 1, eval: 2, delete: 3}; o.package = 3; delete o.package; delete o['eval']; delete o\n.eval;",
        "const f = function (a, b) { return a + b; }; log(eval == 1, arguments === undefined, eval != 2);",
        "const x = {function(a) { return a; }}; x.function(1, 1); if (f, f) { delete this; }",
        "const g = function* (a, b) { yield a; }; const h = (a, b) => a + b; const k = async (a) => a;",
        "const p = {public() { return 1; }}; log(p.public(), arguments[0]); delete x?.y; delete f().z;",
    ]

    /// Scripts the wrapper refuses, each caught by the check.
    static let invalidScripts = [
        "var x = 010;", "var x = 08;", "const s = \"\\07\";", "const s = '\\8';", "log(1); })",
        "const a = [1, 2]);", "const s = \"not closed;", "/* never closed", "with (Math) { log(PI); }",
        "if (true) {", "const t = `open ${1}", "const f = (a, b;",
        "var x = 1; delete x;", "let x = 1;\ndelete x\n", "function f(a, b, a) { return a; }",
        "const g = (a, b, a) => a;", "const h = function* (x, x) {};", "var package = 1;", "let eval = 1;",
        "arguments = [];", "eval += 'x';", "function interface() {}", "const f = (public) => 1;", "class let {}",
        "function g(eval) {}", "const k = function name(arguments) {};",
    ]

    @Test("the script check refuses what GenieACS's strict-mode wrapper refuses, and only that (checked against Node)")
    func scriptSyntaxAgreesWithNode() async throws {
        for script in Self.validScripts {
            #expect(
                ScriptSyntax.problem(in: script) == nil,
                "\(script): \(String(describing: ScriptSyntax.problem(in: script)))"
            )
            #expect(try await NodeSyntax.check(script) == nil, "Node refuses a script listed as valid: \(script)")
        }
        for script in Self.invalidScripts {
            #expect(ScriptSyntax.problem(in: script) != nil, "\(script)")
            #expect(try await NodeSyntax.check(script) != nil, "Node accepts a script listed as invalid: \(script)")
        }
    }

    @Test("a script that closes the wrapper and reopens it is refused, though Node would compile it")
    func wrapperEscapeRefused() async throws {
        // `(function(){\n}); log('outside'); ({\n})();` compiles: the middle would run outside the
        // function GenieACS wraps the provision in.
        let script = "}); log('outside'); ({"
        #expect(try await NodeSyntax.check(script) == nil)
        let problem = try #require(ScriptSyntax.problem(in: script))
        #expect(problem.message.contains("wrapper"), "\(problem)")
        #expect(problem.line == 1 && problem.column == 1)
    }

    @Test("lint and compile refuse a script the wrapper refuses, naming the line and column in the script")
    func badScriptRefused() throws {
        let (artifacts, d) = try Self.compile(
            "rules:\n  - name: r\n    actions:\n      - script: |\n          const a = 1;\n          var x = 010;\n"
        )
        #expect(RuleTestSupport.codes(d) == ["bad-script"], "\(d.sorted)")
        #expect(d.sorted.first?.message.contains("`script` line 2, column 9") == true, "\(d.sorted)")
        #expect(d.sorted.first?.location.line == 4)
        _ = artifacts
    }

    @Test("the shipped rules' scripts pass the check")
    func shippedScriptsPass() {
        let (set, _, d) = RuleTestSupport.compileShipped()
        #expect(!d.sorted.contains { $0.code.rawValue == "bad-script" }, "\(d.sorted)")
        _ = set
    }

    // MARK: - Alias values ending in a backslash

    @Test("a key ending in a backslash compiles to an alias GenieACS reads back to the same value")
    func aliasValueEndingInBackslash() async throws {
        let (artifacts, d) = try Self.compile(
            """
            rules:
              - name: ens
                actions:
                  - ensure: {table: Device.NAT.PortMapping., keys: {Description: 'share\\'}, values: {Enable: true}}
                  - ensure: {table: Device.NAT.PortMapping., keys: {Description: 'a\\"b\\\\'}, values: {Enable: true}}
                  - ensure: {table: Device.NAT.PortMapping., keys: {Description: '${device.serialNumber}\\'}, values: {Enable: true}}

            """
        )
        #expect(!d.hasErrors, "\(d.sorted)")
        let script = try Self.contents(artifacts, "provisions/ens.js")
        #expect(ProvisionBuilder.aliasValue("share\\") == "\"share\\u005c\"")
        #expect(ProvisionBuilder.aliasValue("plain") == "\"plain\"")
        let tree = ParameterTree([
            ParameterEntry(path: "Device.", isObject: true),
            // The provision decides the data-model root from it.
            ParameterEntry(path: "Device.DeviceInfo.SoftwareVersion", value: "1.0", type: .string),
            ParameterEntry(path: "Device.NAT.PortMapping.", isObject: true),
        ])
        let result = try await ProvisionHarness.run(
            script: script,
            args: [],
            tree: tree,
            deviceId: ["serialNumber": "SN1"],
            tags: [],
            now: 0
        )
        let descriptions = result.added.compactMap { $0.values["Description"] }
        #expect(descriptions == ["share\\", "a\\\"b\\\\", "SN1\\"], "\(result.added)")
    }

    @Test("a per-device key the device ends in a backslash (a serial number) reads back as the device's value")
    func deviceValueEndingInBackslash() async throws {
        let (artifacts, d) = try Self.compile(
            """
            rules:
              - name: ens
                actions:
                  - ensure: {table: Device.NAT.PortMapping., keys: {Description: '${device.serialNumber}'}, values: {Enable: true}}
                  - ensure: {table: Device.NAT.PortMapping., keys: {Description: 'pre-${device.serialNumber}'}, values: {Enable: true}}
                  - delete: {table: Device.NAT.PortMapping., keys: {Description: 'old-${device.serialNumber}'}}

            """
        )
        #expect(!d.hasErrors, "\(d.sorted)")
        let script = try Self.contents(artifacts, "provisions/ens.js")
        #expect(script.contains("function aliasValue(value)"), "\(script)")
        let tree = ParameterTree([
            ParameterEntry(path: "Device.", isObject: true),
            ParameterEntry(path: "Device.DeviceInfo.SoftwareVersion", value: "1.0", type: .string),
            ParameterEntry(path: "Device.NAT.PortMapping.", isObject: true),
            ParameterEntry(path: "Device.NAT.PortMapping.7.", isObject: true),
            ParameterEntry(path: "Device.NAT.PortMapping.7.Description", value: "old-SN\\2\\\\", type: .string),
        ])
        for serial in ["SN\\2\\\\", "SN2\\", "SN2"] {
            var entries = Array(tree.unorderedEntries)
            if serial != "SN\\2\\\\" { entries.removeAll { $0.path.hasPrefix("Device.NAT.PortMapping.7") } }
            let result = try await ProvisionHarness.run(
                script: script,
                args: [],
                tree: ParameterTree(entries),
                deviceId: ["serialNumber": serial],
                tags: [],
                now: 0
            )
            let descriptions = result.added.compactMap { $0.values["Description"] }
            #expect(descriptions == [serial, "pre-" + serial], "\(serial): \(result.added)")
            if serial == "SN\\2\\\\" {
                #expect(result.deleted.contains("Device.NAT.PortMapping.7"), "\(serial): \(result)")
            }
        }
    }
}

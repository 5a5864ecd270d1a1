import CWMP
import FerruleArtifacts
import FerruleCore
import FerruleTestSupport
import Foundation
import Testing

@testable import Rules

/// Runs a virtual parameter script under Node the way GenieACS calls it: inside the strict-mode
/// function wrapper, with `args = [timestamps, values]` and a `declare` over a fixed tree; returns
/// the script's result and the values it set, as JSON.
private enum VirtualParameterRunner {
    static let driver = """
        const vm = require("vm"); let input = "";
        process.stdin.on("data", d => input += d);
        process.stdin.on("end", () => {
          const {script, tree, args} = JSON.parse(input);
          const sets = [];
          function declare(path, timestamps, values) {
            const re = new RegExp("^" + path.split(".").map(s => s === "*" ? "[0-9]+" : s.replace(/[-]/g, "\\\\-")).join("\\\\.") + "$");
            const items = Object.keys(tree).filter(p => re.test(p)).sort().map(p => ({path: p, value: tree[p]}));
            if (values && values.value !== undefined) sets.push([path, values.value]);
            return {size: items.length, [Symbol.iterator]: () => items[Symbol.iterator]()};
          }
          try {
            const result = new vm.Script(`"use strict";(function(){\\n${script}\\n})();`)
              .runInNewContext({declare, args});
            process.stdout.write(JSON.stringify({result, sets}));
          } catch (e) { process.stdout.write(JSON.stringify({error: e.name + ": " + e.message})); }
        });
        """

    static func run(_ script: String, tree: [String: [String]], args: [Any]) async throws -> [String: Any] {
        let payload: [String: Any] = ["script": script, "tree": tree, "args": args]
        let output = try await NodeRunner.run(
            ["-e", driver],
            input: try JSONSerialization.data(withJSONObject: payload)
        )
        let data = output.stdoutData
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}

@Suite("Virtual parameters: language, compiled scripts, GenieACS's contract")
struct VirtualParameterTests {
    static let file = """
        virtualParameters:
          - name: pppoeUsername
            writable: true
            paths:
              - Device.PPP.Interface.1.Username
              - InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1.Username
          - name: firstSSID
            paths: [Device.WiFi.SSID.*.SSID]
        """

    static func compiled(_ text: String = file) throws -> [String: CompiledArtifact] {
        let (set, diagnostics, _) = try RuleTestSupport.load(["vp.yaml": text])
        #expect(!diagnostics.hasErrors, "\(diagnostics.sorted)")
        return compile(set)
    }

    static func compile(_ set: RuleSet) -> [String: CompiledArtifact] {
        var d = DiagnosticCollector()
        let artifacts = RuleCompiler.compile(set, options: CompileOptions(), diagnostics: &d)
        return Dictionary(uniqueKeysWithValues: artifacts.map { ($0.path, $0) })
    }

    @Test("each virtual parameter compiles to virtual_parameters/<name>.js with a marker, listed in the manifest")
    func compiles() async throws {
        let (set, _, _) = try RuleTestSupport.load(["vp.yaml": Self.file])
        let artifacts = Self.compile(set)
        let script = try #require(artifacts["virtual_parameters/pppoeUsername.js"])
        #expect(script.kind == .virtualParameter)
        let marker = try #require(OwnershipMarker.script(script.contents))
        #expect(marker.rule == "pppoeUsername" && marker.source.contains("vp.yaml:"))
        #expect(try await NodeSyntax.check(script.contents) == nil)
        let manifest = try #require(artifacts["manifest.json"]).contents
        #expect(manifest.contains("\"script\": \"virtual_parameters/firstSSID.js\""))
        #expect(Self.compile(set) == artifacts)  // deterministic
    }

    @Test("reads the first candidate path the device has: TR-181, TR-098, wildcard, none")
    func reads() async throws {
        let script = try #require(try Self.compiled()["virtual_parameters/pppoeUsername.js"]).contents
        let tr098 = try await VirtualParameterRunner.run(
            script,
            tree: [
                "InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1.Username": [
                    "u@isp", "xsd:string",
                ]
            ],
            args: [["value": 1], [:]]
        )
        let result = try #require(tr098["result"] as? [String: Any], "\(tr098)")
        #expect(result["writable"] as? Bool == true)
        #expect(result["value"] as? [String] == ["u@isp", "xsd:string"])
        #expect((tr098["sets"] as? [Any])?.isEmpty == true)

        let none = try await VirtualParameterRunner.run(script, tree: [:], args: [[:], [:]])
        let empty = try #require(none["result"] as? [String: Any], "\(none)")
        #expect(empty["writable"] as? Bool == false)
        #expect(empty["value"] as? [String] == ["", "xsd:string"])

        let ssid = try #require(try Self.compiled()["virtual_parameters/firstSSID.js"]).contents
        let wifi = try await VirtualParameterRunner.run(
            ssid,
            tree: [
                "Device.WiFi.SSID.1.SSID": ["home", "xsd:string"], "Device.WiFi.SSID.2.SSID": ["guest", "xsd:string"],
            ],
            args: [[:], [:]]
        )
        let first = try #require(wifi["result"] as? [String: Any], "\(wifi)")
        #expect(first["value"] as? [String] == ["home", "xsd:string"])
        #expect(first["writable"] as? Bool == false)
    }

    @Test("a set writes the value at the path found and reports it back")
    func sets() async throws {
        let script = try #require(try Self.compiled()["virtual_parameters/pppoeUsername.js"]).contents
        let run = try await VirtualParameterRunner.run(
            script,
            tree: ["Device.PPP.Interface.1.Username": ["old", "xsd:string"]],
            args: [["value": 1], ["value": ["new@isp", "xsd:string"]]]
        )
        let result = try #require(run["result"] as? [String: Any], "\(run)")
        #expect(result["value"] as? [String] == ["new@isp", "xsd:string"])
        let sets = try #require(run["sets"] as? [[Any]])
        #expect(sets.count == 1)
        #expect(sets.first?.first as? String == "Device.PPP.Interface.1.Username")
        #expect((sets.first?.last as? [String]) == ["new@isp", "xsd:string"])
    }

    @Test("bad names, types, paths, unknown keys and duplicates are errors at their position")
    func errors() throws {
        let (_, d, _) = try RuleTestSupport.load([
            "a.yaml": """
            virtualParameters:
              - name: "bad name"
                paths: [Device.X]
              - name: typed
                type: xsd:float
                paths: [Device.X]
              - name: nopaths
              - name: badpath
                paths: ["Device..X"]
              - name: extra
                path: [Device.X]
                paths: [Device.X]
              - name: twice
                paths: [Device.X]
            """,
            "b.yaml": """
            virtualParameters:
              - name: twice
                paths: [Device.Y]
            """,
        ])
        let codes = d.sorted.map {
            "\(($0.location.file as NSString).lastPathComponent):\($0.location.line):\($0.code)"
        }
        #expect(
            codes == [
                "a.yaml:2:bad-name", "a.yaml:5:bad-value",
                "a.yaml:7:missing-field", "a.yaml:9:bad-path", "a.yaml:11:unknown-key", "b.yaml:2:duplicate-name",
            ],
            "\(d.sorted)"
        )
    }
}

@Suite("ferrule lint on virtual parameters")
struct VirtualParameterLintTests {
    @Test(
        "candidate paths are checked against the models: existence, writability, type",
        arguments: [
            ("    paths: [Device.DeviceInfo.NoSuch]\n", "unknown-parameter"),
            ("    writable: true\n    paths: [Device.DeviceInfo.SoftwareVersion]\n", "not-writable"),
            ("    type: xsd:boolean\n    paths: [Device.WiFi.SSID.*.SSID]\n", "type-mismatch"),
        ]
    )
    func lint(body: String, code: String) throws {
        let codes = try RuleLinterTests.lint("virtualParameters:\n  - name: v\n" + body).map(\.code.rawValue)
        #expect(codes == [code])
    }

    @Test("paths the models do not cover (vendor extensions) and correct paths are accepted")
    func clean() throws {
        let text = """
            virtualParameters:
              - name: v
                writable: true
                paths:
                  - Device.WiFi.SSID.*.SSID
                  - InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.SSID
                  - Device.X_HW_Vendor.Thing
            """
        #expect(try RuleLinterTests.lint(text).isEmpty)
    }
}

import ContentHash
import FerruleArtifacts
import FerruleCore
import FerruleJSON
import FerruleTestSupport
import Foundation
import Testing

@testable import Rules

@Suite("Rule compiler: presets, provisions, manifest")
struct RuleCompilerTests {
    static func compile(_ files: [String: String], variables: [String: String] = [:]) throws -> (
        [CompiledArtifact], DiagnosticCollector
    ) {
        var (set, d, _) = try RuleTestSupport.load(files)
        var vars = VariableSet()
        for (k, v) in variables { vars.set(k, v) }
        let artifacts = RuleCompiler.compile(
            set,
            options: CompileOptions(environment: "test", variables: vars),
            diagnostics: &d
        )
        return (artifacts, d)
    }

    static func json(_ artifact: CompiledArtifact?) throws -> [String: Any] {
        let a = try #require(artifact)
        return try #require(try JSONSerialization.jsonObject(with: Data(a.contents.utf8)) as? [String: Any])
    }

    @Test("a preset has the GenieACS 1.2 shape: weight, channel, events object, precondition, one provision")
    func presetShape() throws {
        let (artifacts, d) = try Self.compile([
            "r.yaml": """
            rules:
              - name: wifi
                match: {oui: "00e0fc", manufacturer: "Hua*", tags: {none: [lab]}}
                triggers: {events: ["0 BOOTSTRAP", "!1 BOOT"], schedule: {duration: 3600, cron: "0 3 * * 1-5"}}
                actions:
                  - set: {path: Device.X, value: "${secret:PASS}"}
            """
        ])
        #expect(!d.hasErrors, "\(d.sorted)")
        let preset = try Self.json(artifacts.first { $0.path == "presets/wifi.json" })
        #expect(preset["weight"] as? Int == 0)
        #expect(preset["channel"] as? String == "default")
        #expect(preset["events"] as? [String: Bool] == ["0 BOOTSTRAP": true, "1 BOOT": false])
        #expect(preset["schedule"] as? String == "3600 0 3 * * 1-5")
        #expect(
            preset["precondition"] as? String
                == "DeviceID.Manufacturer LIKE 'Hua%' ESCAPE '\\' AND UPPER(DeviceID.OUI) = '00E0FC' AND Tags.lab IS NULL"
        )
        let configurations = try #require(preset["configurations"] as? [[String: Any]])
        #expect(configurations.count == 1)
        #expect(configurations[0]["type"] as? String == "provision")
        #expect(configurations[0]["name"] as? String == "wifi")
        #expect(configurations[0]["args"] as? [String] == ["${secret:PASS}"])
        let marker = try #require(preset["ferrule"] as? [String: Any])
        #expect(marker["rule"] as? String == "wifi")
        #expect((marker["hash"] as? String)?.hasPrefix("sha256:") == true)
    }

    @Test("every compiled preset and script carries the ownership marker plan reads back, with a matching hash")
    func markersReadBack() throws {
        let (artifacts, d) = try Self.compile([
            "r.yaml": """
            rules:
              - name: wifi
                actions:
                  - set: {path: Device.X, value: "${secret:PASS}"}
            virtualParameters:
              - name: up
                paths: [Device.DeviceInfo.UpTime]
            """
        ])
        #expect(!d.hasErrors, "\(d.sorted)")
        for artifact in artifacts where artifact.kind != .manifest {
            let marker: OwnershipMarker?
            let current: String
            if artifact.kind == .preset {
                let document = try JSONValue.parse(artifact.contents)
                marker = OwnershipMarker.preset(document)
                current = OwnershipMarker.contentHash(ofPreset: document)
            } else {
                marker = OwnershipMarker.script(artifact.contents)
                current = OwnershipMarker.contentHash(ofScript: artifact.contents)
            }
            // The layout plan reads back names the same artifact.
            #expect(ArtifactFolder.parse(artifact.path)?.name == artifact.rule, "\(artifact.path)")
            let read = try #require(marker, "\(artifact.path) has no marker")
            #expect(read.rule == artifact.rule, "\(artifact.path)")
            #expect(read.hash == current, "\(artifact.path)")
            #expect(read.source.contains("r.yaml:"), "\(read.source)")
        }
    }

    @Test("compiling twice gives the same bytes")
    func deterministic() throws {
        let dir = try Scratch.directory([
            "a.yaml":
                "rules:\n  - name: b\n    actions:\n      - tag: {add: [x]}\n  - name: a\n    labels: {z: 1, a: 2}\n"
        ])
        func compileOnce() -> [CompiledArtifact] {
            var d = DiagnosticCollector()
            let set = RuleLoader.load([dir], diagnostics: &d)
            return RuleCompiler.compile(set, options: CompileOptions(), diagnostics: &d)
        }
        let first = compileOnce()
        let second = compileOnce()
        #expect(first.map(\.contents) == second.map(\.contents))
        #expect(
            first.map(\.path) == [
                "manifest.json", "presets/a.json", "presets/b.json", "provisions/a.js", "provisions/b.js",
            ]
        )
    }

    @Test("secret values never reach an artifact; variables are substituted; unknown ones are errors")
    func secretsAndVariables() throws {
        let (artifacts, d) = try Self.compile(
            [
                "r.yaml":
                    "rules:\n  - name: a\n    actions:\n      - set: {path: Device.X, value: \"${prefix}-${secret:PASS}\"}\n      - set: {path: Device.Y, value: \"${missing}\"}\n"
            ],
            variables: ["prefix": "Fibre", "PASS": "hunter2"]
        )
        #expect(RuleTestSupport.codes(d) == ["unknown-variable"])
        let script = try #require(artifacts.first { $0.path == "provisions/a.js" }).contents
        #expect(script.contains("\"Fibre-\" + args[0]"))
        #expect(artifacts.allSatisfy { !$0.contents.contains("hunter2") })
    }

    @Test("reboots need `since`; downloads want a version condition")
    func guards() throws {
        let (_, d) = try Self.compile([
            "r.yaml": "rules:\n  - name: a\n    actions:\n      - reboot\n      - download: {file: f.bin}\n"
        ])
        #expect(RuleTestSupport.codes(d) == ["unguarded-reboot", "unguarded-download"])
        #expect(d.sorted.map(\.severity) == [.error, .warning])
    }

    @Test("software versions compile to a version-aware check in the provision, not a string comparison")
    func versions() throws {
        let (artifacts, _) = try Self.compile([
            "r.yaml":
                "rules:\n  - name: a\n    match: {softwareVersion: {lt: \"10.0\"}}\n    actions:\n      - tag: {add: [old]}\n"
        ])
        let preset = try Self.json(artifacts.first { $0.path == "presets/a.json" })
        #expect(preset["precondition"] as? String == "")
        let script = try #require(artifacts.first { $0.path == "provisions/a.js" }).contents
        #expect(script.contains("compareVersions(softwareVersion, \"10.0\") < 0"))
    }

    @Test("SHA-256 matches the FIPS test vectors")
    func sha256() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        )
    }

    @Test(
        "every shipped rule in Provisions/ compiles without errors, and every provision passes node's strict-mode compile"
    )
    func shippedRulesCompile() async throws {
        let (set, artifacts, d) = RuleTestSupport.compileShipped()
        #expect(!d.hasErrors, "\(d.sorted)")
        #expect(set.rules.count >= 5)
        for artifact in artifacts where artifact.kind == .provision {
            #expect(try await NodeSyntax.check(artifact.contents) == nil, "\(artifact.path)")
        }
    }
}

@Suite("The provision's version comparison agrees with the evaluator's")
struct VersionScriptTests {
    @Test("JavaScript compareVersions and SoftwareVersion order the same pairs the same way")
    func agree() async throws {
        let versions = [
            "9.0", "10.0", "4.2.7", "4.2.7-build1187", "4.2.10", "2.9.9", "2.10.1", "V1R2C3", "V1R10C0", "1.0", "1.0.0",
            "1.0-rc1",
            "2.beta", "2.1", "007", "7", "99999999999999999999", "100000000000000000000", "V5R021C00S245",
            "V5R020C10S115", "",
        ]
        var pairs: [[String]] = []
        for a in versions { for b in versions { pairs.append([a, b]) } }
        let input = String(decoding: try JSONSerialization.data(withJSONObject: pairs), as: UTF8.self)
        let script = VersionScript.compareFunction.joined(separator: "\n")
        let output = try await NodeRunner.run([
            "-e",
            script
                + "\nconst pairs = JSON.parse(process.argv[1]); process.stdout.write(JSON.stringify(pairs.map(p => compareVersions(p[0], p[1]))));",
            input,
        ])
        let data = output.stdoutData
        let results = try #require(try JSONSerialization.jsonObject(with: data) as? [Int])
        for (pair, js) in zip(pairs, results) {
            #expect(js == VersionOrder.compare(pair[0], pair[1]), "\(pair)")
        }
        #expect(results.count == pairs.count)
    }

    @Test("a backslash in a match glob is warned about: GenieACS's LIKE reads it as \"/\"")
    func backslashGlob() throws {
        let (_, d) = try RuleCompilerTests.compile([
            "r.yaml":
                "rules:\n  - name: a\n    match: {manufacturer: 'TP\\Link*'}\n    actions:\n      - tag: {add: [x]}\n"
        ])
        #expect(RuleTestSupport.codes(d) == ["bad-value"], "\(d.sorted)")
        #expect(d.sorted.first?.severity == .warning)
        let (_, plain) = try RuleCompilerTests.compile([
            "r.yaml":
                "rules:\n  - name: a\n    match: {manufacturer: 'TP-Link*'}\n    actions:\n      - tag: {add: [x]}\n"
        ])
        #expect(plain.diagnostics.isEmpty, "\(plain.sorted)")
    }
}

import FerruleTestSupport
import Foundation
import Testing

/// End-to-end: `ferrule compile` on the shipped rule library and on broken rules.
@Suite("ferrule compile (end to end)")
struct CompileCommandTests {
    static func outputDirectory() throws -> String {
        try Scratch.path("out", prefix: "ferrule-compile")
    }

    @Test("compiles Provisions/ twice to the same bytes, with presets, provisions, virtual parameters and a manifest")
    func compileProvisions() async throws {
        let first = try Self.outputDirectory()
        let second = try Self.outputDirectory()
        let a = try await FerruleRunner.run(["compile", "Provisions", "--env", "prod", "--out", first])
        let b = try await FerruleRunner.run(["compile", "Provisions", "--env", "prod", "--out", second])
        #expect(a.status == 0, "\(a.stderr)")
        #expect(b.status == 0)
        #expect(a.stdout.hasPrefix("compiled "))
        let manager = FileManager.default
        let files = try manager.subpathsOfDirectory(atPath: first).filter {
            $0.hasSuffix(".json") || $0.hasSuffix(".js")
        }.sorted()
        #expect(files.contains("manifest.json"))
        #expect(files.contains("presets/wifi-2g.json"))
        #expect(files.contains("provisions/wifi-2g.js"))
        #expect(!files.contains("presets/wifi-base.json"))
        #expect(files.contains("virtual_parameters/pppoeUsername.js"))
        #expect(a.stdout.contains(" and 4 virtual parameter(s) into "))
        for file in files {
            let x = try Data(contentsOf: URL(fileURLWithPath: first + "/" + file))
            let y = try Data(contentsOf: URL(fileURLWithPath: second + "/" + file))
            #expect(x == y, "\(file) differs between two compilations")
        }
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: first + "/manifest.json")))
                as? [String: Any]
        )
        #expect(manifest["environment"] as? String == "prod")
        let virtualParameters = manifest["virtualParameters"] as? [[String: Any]] ?? []
        #expect(
            virtualParameters.compactMap { $0["name"] as? String } == [
                "pppoeUsername", "softwareVersion", "ssid2g", "wanIPAddress",
            ]
        )
        // prod overrides the inform interval from vars/common.yaml.
        let script = try String(contentsOfFile: first + "/provisions/management-server.js", encoding: .utf8)
        #expect(script.contains("{value: [86400, \"xsd:unsignedInt\"]}"))
    }

    @Test("a broken rule set exits 1 with file:line:column diagnostics and writes nothing")
    func brokenRules() async throws {
        let dir = try Scratch.directory(["r.yaml": "rules:\n  - name: a\n    actionz: []\n"], prefix: "ferrule-broken")
        let out = try Self.outputDirectory()
        let result = try await FerruleRunner.run(["compile", dir, "--out", out])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "r.yaml:3:5: error[unknown-key]: unknown key \"actionz\" in a rule; did you mean \"actions\"?"
            )
        )
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try await FerruleRunner.run(["compile", "/nonexistent/rules", "--out", out]).status == 2)
    }
}

import FerruleCore
import FerruleTestSupport
import Foundation
import Testing

@testable import Rules

/// `ferrule compile --out`: all or nothing, and rule names short enough to be file names.
@Suite("Compiled output: written all or nothing; rule names capped")
struct RuleOutputTests {
    static func artifact(_ path: String, _ contents: String, _ kind: CompiledArtifact.Kind = .preset)
        -> CompiledArtifact
    {
        CompiledArtifact(path: path, kind: kind, contents: contents, rule: "r")
    }

    static func files(_ directory: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: directory) {
            var isDirectory: ObjCBool = false
            let full = directory + "/" + path
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                out[path] = try String(contentsOfFile: full, encoding: .utf8)
            }
        }
        return out
    }

    @Test("a write that fails part way (a file name the file system refuses) leaves the previous build as it was")
    func failedWriteKeepsPreviousBuild() throws {
        let out = try Scratch.directory("ferrule-out").path
        let previous = [
            Self.artifact("presets/good.json", "{\"good\": 1}\n"),
            Self.artifact("provisions/good.js", "// good\n", .provision),
            Self.artifact("manifest.json", "{\"rules\": [\"good\"]}\n", .manifest),
        ]
        try RuleProject.write(previous, to: out)
        let before = try Self.files(out)
        #expect(before.count == 3)
        let long = String(repeating: "a", count: 300)
        let broken = [
            Self.artifact("presets/\(long).json", "{}\n"), Self.artifact("provisions/\(long).js", "//\n", .provision),
            Self.artifact("manifest.json", "{\"rules\": [\"\(long)\"]}\n", .manifest),
        ]
        #expect(throws: (any Error).self) { try RuleProject.write(broken, to: out) }
        #expect(try Self.files(out) == before)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: out).sorted() == [
                "manifest.json", "presets", "provisions", "virtual_parameters",
            ]
        )
    }

    @Test(
        "a successful write replaces the previous build: a rule removed since leaves no file, no staging folder stays"
    )
    func successfulWriteReplaces() throws {
        let out = try Scratch.directory("ferrule-out").path
        try RuleProject.write([Self.artifact("presets/old.json", "old\n")], to: out)
        try RuleProject.write(
            [Self.artifact("presets/new.json", "new\n"), Self.artifact("manifest.json", "m\n", .manifest)],
            to: out
        )
        #expect(try Self.files(out) == ["presets/new.json": "new\n", "manifest.json": "m\n"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).allSatisfy { !$0.hasPrefix(".ferrule") })
    }

    @Test(
        "a rule, trigger rule or virtual parameter name over 128 bytes is error[bad-name] at the name; 128 is fine",
        arguments: [
            ("rules:\n  - name: NAME\n    actions:\n      - set: {path: Device.X, value: \"1\"}\n", 2, 11),
            (
                "rules:\n  - name: NAME\n    on: voltha.onu_activated\n    actions:\n      - tag: {add: [pon-active]}\n",
                2, 11
            ),
            (
                "virtualParameters:\n  - name: NAME\n    paths: [Device.DeviceInfo.SerialNumber]\n", 2, 11
            ),
        ]
    )
    func longNames(_ template: String, _ line: Int, _ column: Int) throws {
        func load(_ length: Int) throws -> DiagnosticCollector {
            let name = "a" + String(repeating: "b", count: length - 1)
            let text = template.replacingOccurrences(of: "NAME", with: name)
            return try RuleTestSupport.load(["r.yaml": text]).1
        }
        let long = try load(RuleName.maximumBytes + 1)
        let names = long.sorted.filter { $0.code.rawValue == "bad-name" }
        #expect(names.count == 1, "\(long.sorted)")
        #expect(names.first?.location.line == line && names.first?.location.column == column)
        #expect(names.first?.message.contains("129 bytes long; at most 128") == true, "\(long.sorted)")
        let fits = try load(RuleName.maximumBytes)
        #expect(!fits.sorted.contains { $0.code.rawValue == "bad-name" }, "\(fits.sorted)")
    }
}

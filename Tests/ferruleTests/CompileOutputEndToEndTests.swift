import FerruleTestSupport
import Foundation
import Testing

/// `ferrule compile --out` never leaves a half-written build: a rule name too long for a file name is
/// refused by lint and compile at its line, and the previous build stays.
@Suite("ferrule compile: over-long rule names refused, the previous build kept (end to end)")
struct CompileOutputEndToEndTests {
    static func rules(_ name: String) -> String {
        "rules:\n  - name: \(name)\n    match: {manufacturer: A}\n    actions:\n      - set: {path: Device.WiFi.SSID.1.SSID, value: \"x\"}\n"
    }

    @Test("a 300-character rule name: lint and compile report error[bad-name] at 2:11; --out keeps the good build")
    func longNameKeepsPreviousBuild() async throws {
        let long = String(repeating: "a", count: 300)
        let dir = try Scratch.directory(
            ["good/r.yaml": Self.rules("good"), "long/r.yaml": Self.rules(long)],
            prefix: "ferrule-compile-out"
        )
        let out = dir + "/build"
        let good = try await FerruleRunner.run(["compile", dir + "/good", "--out", out])
        #expect(good.status == 0, "\(good.combined)")
        let before = try FileManager.default.subpathsOfDirectory(atPath: out).sorted()
        let lint = try await FerruleRunner.run(["lint", "--no-models", dir + "/long"])
        #expect(lint.status == 1, "\(lint.combined)")
        #expect(lint.combined.contains("r.yaml:2:11: error[bad-name]: rule name is 300 bytes long; at most 128"))
        let compile = try await FerruleRunner.run(["compile", dir + "/long", "--out", out])
        #expect(compile.status == 1, "\(compile.combined)")
        #expect(compile.combined.contains("r.yaml:2:11: error[bad-name]"), "\(compile.combined)")
        #expect(!compile.combined.contains("unwritable"))
        #expect(try FileManager.default.subpathsOfDirectory(atPath: out).sorted() == before)
        #expect(FileManager.default.fileExists(atPath: out + "/presets/good.json"))
    }
}

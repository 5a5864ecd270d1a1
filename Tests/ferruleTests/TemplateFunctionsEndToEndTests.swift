import FerruleTestSupport
import Foundation
import Testing

/// `left()`/`right()` through the `ferrule` executable: what `explain` shows is what the compiled
/// provision pushes.
@Suite("left() and right() in explain, compile and lint (end to end)")
struct TemplateFunctionsEndToEndTests {
    static func rules(_ value: String) throws -> String {
        try Scratch.directory(
            [
                "r.yaml": """
                rules:
                  - name: cut
                    match: {manufacturer: "*"}
                    actions:
                      - set: {path: Device.WiFi.SSID.1.SSID, value: "\(value)"}

                """
            ],
            prefix: "ferrule-cut"
        )
    }

    @Test("right(x, 0): explain shows AB and the provision declares \"A\" + \"\" + \"B\"")
    func rightZero() async throws {
        let dir = try Self.rules("A${right(device.serialNumber, 0)}B")
        let explain = try await FerruleRunner.run(["explain", dir, "--device", "Fixtures/trees/nbi-device-tr181.json"])
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(explain.stdout.contains("  Device.WiFi.SSID.1.SSID = AB\n"), "\(explain.stdout)")
        let compile = try await FerruleRunner.run(["compile", dir, "--out", dir + "/out"])
        #expect(compile.status == 0, "\(compile.stderr)")
        let script = try String(contentsOfFile: dir + "/out/provisions/cut.js", encoding: .utf8)
        #expect(script.contains(#"{value: ["A" + "" + "B"]}"#), "\(script)")
    }

    @Test("a count from a variable is refused by lint at the value's line, with error[bad-template]")
    func variableCountRefused() async throws {
        let dir = try Self.rules("${left(device.serialNumber, n)}")
        let lint = try await FerruleRunner.run(["lint", "--no-models", dir])
        #expect(lint.status == 1, "\(lint.combined)")
        #expect(lint.combined.contains("r.yaml:5:"), "\(lint.combined)")
        #expect(lint.combined.contains("error[bad-template]: the count of left() must be a whole number"))
    }
}

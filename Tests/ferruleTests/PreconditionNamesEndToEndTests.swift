import FerruleTestSupport
import Foundation
import Testing

/// `ferrule lint` and `compile` refuse a match tag or parameter path a GenieACS precondition cannot
/// hold, at its file:line:col, and compile writes nothing.
@Suite("match tags and parameter paths GenieACS cannot read are refused (end to end)")
struct PreconditionNamesEndToEndTests {
    @Test("a tag with a space and an alias path: lint names each at its line and column; compile writes nothing")
    func refusedAtLocation() async throws {
        let dir = try Scratch.directory(
            [
                "r.yaml": """
                rules:
                  - name: tagged
                    match:
                      tags: {all: ["x y"]}
                      parameters:
                        - {path: 'Device.X.[Alias:"a"].Z', equals: "1"}
                    actions:
                      - set: {path: Device.WiFi.SSID.1.SSID, value: "x"}

                """
            ],
            prefix: "ferrule-precondition-names"
        )
        let lint = try await FerruleRunner.run(["lint", "--no-models", dir])
        #expect(lint.status == 1, "\(lint.combined)")
        #expect(
            lint.combined.contains("r.yaml:4:20: error[bad-tag]: tag \"x y\" must hold only ASCII letters"),
            "\(lint.combined)"
        )
        #expect(lint.combined.contains("r.yaml:6:18: error[bad-path]: "), "\(lint.combined)")
        let compile = try await FerruleRunner.run(["compile", dir, "--out", dir + "/out"])
        #expect(compile.status == 1, "\(compile.combined)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out/presets/tagged.json"))
    }
}

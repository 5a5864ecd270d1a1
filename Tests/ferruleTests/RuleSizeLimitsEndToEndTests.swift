import FerruleTestSupport
import Foundation
import Testing

/// End to end: a value, or a rule's compiled provision, too large for GenieACS to store (MongoDB
/// refuses a document over 16 MiB) is refused by `lint` and `compile` with a located error at
/// once, rather than compiled for half a minute into a provision `deploy` cannot upload.
@Suite("Rule value and compiled size limits (end to end)")
struct RuleSizeLimitsEndToEndTests {
    static func rules(_ actions: [String]) -> String {
        "rules:\n  - name: big\n    actions:\n" + actions.map { "      - \($0)\n" }.joined()
    }

    @Test("a 2 MiB value is error[value-too-large] at the value for lint and compile, and nothing is written")
    func valueOverCap() async throws {
        let huge = String(repeating: "A", count: 2 << 20)
        let dir = try Scratch.directory(
            ["r.yaml": Self.rules(["set: {path: Device.X.Y, value: \(huge)}"])],
            prefix: "ferrule-size"
        )
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for command in [["lint", "--no-models"], ["compile", "--out", dir + "/out"]] {
            let (output, killed) = try await BoundedInputEndToEndTests.run(command + [dir])
            #expect(!killed, "\(command): still running after 60 s")
            #expect(output.status == 1, "\(command): \(output.status) \(output.stderr.suffix(300))")
            let text = output.stdout + output.stderr
            #expect(
                text.contains(
                    "r.yaml:4:40: error[value-too-large]: value \"\(String(repeating: "A", count: 80))… (2,097,152 bytes)\" "
                        + "is longer than 1 MiB (1,048,576 bytes)"
                ),
                "\(command): \(text.prefix(600))"
            )
            #expect(text.utf8.count < 10_000, "the value is not echoed in full")
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/out/provisions/big.js"))
    }

    @Test("a value of exactly 1 MiB compiles")
    func valueAtCap() async throws {
        let value = String(repeating: "A", count: 1 << 20)
        let dir = try Scratch.directory(
            ["r.yaml": Self.rules(["set: {path: Device.X.Y, value: \(value)}"])],
            prefix: "ferrule-size"
        )
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (output, killed) = try await BoundedInputEndToEndTests.run(["compile", "--out", dir + "/out", dir])
        #expect(!killed)
        #expect(output.status == 0, "\(output.stderr.suffix(600))")
        let script = try String(contentsOfFile: dir + "/out/provisions/big.js", encoding: .utf8)
        #expect(script.contains(value))
    }

    @Test("a variable that makes a value longer than 1 MiB is error[value-too-large] at the value")
    func substitutedValueOverCap() async throws {
        let half = String(repeating: "B", count: 600_000)
        let dir = try Scratch.directory(
            [
                "r.yaml": Self.rules(["set: {path: Device.X.Y, value: \"${half}-${half}\"}"]),
                "vars/common.yaml": "half: \(half)\n",
            ],
            prefix: "ferrule-size"
        )
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (output, killed) = try await BoundedInputEndToEndTests.run(["lint", "--no-models", dir])
        #expect(!killed)
        #expect(output.status == 1, "\(output)")
        #expect(
            (output.stdout + output.stderr).contains(
                "r.yaml:4:40: error[value-too-large]: the value is 1,200,001 bytes once its variables are substituted"
            ),
            "\(output.stderr.prefix(600))"
        )
    }

    @Test(
        "a rule whose provision would pass MongoDB's 16 MiB is error[artifact-too-large] at the rule; nothing is written"
    )
    func provisionOverDocumentLimit() async throws {
        // Seventeen values under the value cap: each is fine, the provision holding them is not.
        // Quoted, so YAML does not try them as numbers; a debug build under the full suite's load
        // needs more than a minute for 17 MB, so this run has five.
        let value = String(repeating: "C", count: 1_000_000)
        let actions = (1...17).map { "set: {path: Device.X.Y\($0), value: \"\(value)\"}" }
        let dir = try Scratch.directory(["r.yaml": Self.rules(actions)], prefix: "ferrule-size")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let output = try await ProcessRunner(
            FerruleRunner.executable,
            ["compile", "--out", dir + "/out", dir],
            timeout: .seconds(300)
        ).run()
        #expect(output.status == 1, "\(output.stderr.suffix(600))")
        #expect(
            (output.stdout + output.stderr).contains(
                "r.yaml:2:5: error[artifact-too-large]: the provision of \"big\" would be more than 17,00"
            ),
            "\(output.stderr.prefix(600))"
        )
        #expect((output.stdout + output.stderr).contains("MongoDB refuses one over 16 MiB"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/out/provisions/big.js"))
    }
}

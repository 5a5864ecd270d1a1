import FerruleTestSupport
import Foundation
import Testing

/// End to end: rule and campaign files that crashed `ferrule` (a stack overflow on a flat boolean
/// chain), hung it (YAML aliases as mapping keys) or exhausted memory (aliases in `query:`) are
/// reported as errors at once.
@Suite("Hostile rule and campaign input (end to end)")
struct HostileRuleInputEndToEndTests {
    /// Nine levels of ten aliases (10⁹ values in under 1 KB), then `last`.
    static func aliasBomb(_ last: String, mapping: Bool = false) -> String {
        let open = mapping ? "{k: [" : "["
        let close = mapping ? "]}" : "]"
        var lines = ["x0: &a0 \(open)s, s, s, s, s, s, s, s, s, s\(close)"]
        for i in 1...8 {
            let aliases = Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ")
            lines.append("x\(i): &a\(i) \(open)\(aliases)\(close)")
        }
        return (lines + [last]).joined(separator: "\n") + "\n"
    }

    @Test("a 12,000-operand OR chain in a precondition is error[bad-expression] for lint and compile (was SIGSEGV)")
    func longChain() async throws {
        let chain = (0..<12_000).map { "Tags.t\($0) IS NULL" }.joined(separator: " OR ")
        let rules =
            "rules:\n  - name: a\n    precondition: \"\(chain)\"\n    actions: [{refresh: {path: Device.DeviceInfo.}}]\n"
        let dir = try Scratch.directory(["r.yaml": rules], prefix: "ferrule-chain")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for command in [["lint", "--no-models"], ["compile", "--out", dir + "/out"]] {
            let (output, killed) = try await BoundedInputEndToEndTests.run(command + [dir])
            #expect(!killed, "\(command): still running after 60 s")
            #expect(output.status == 1, "\(command): \(output.status) \(output.stderr.suffix(300))")
            let text = output.stdout + output.stderr
            #expect(text.contains("r.yaml:3:"), "\(command)")
            #expect(text.contains("error[bad-expression]: precondition: the expression is more than"), "\(command)")
        }
    }

    @Test("YAML aliases as mapping keys are error[yaml-alias] at the first alias (lint ran for hours)")
    func aliasKeys() async throws {
        let dir = try Scratch.directory(
            ["r.yaml": Self.aliasBomb("k: {? *a8 : 1, ? *a7 : 2}")],
            prefix: "ferrule-alias"
        )
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (output, killed) = try await BoundedInputEndToEndTests.run(["lint", "--no-models", dir])
        #expect(!killed, "still running after 60 s")
        #expect(output.status == 1, "\(output)")
        #expect((output.stdout + output.stderr).contains("r.yaml:2:10: error[yaml-alias]"), "\(output)")
    }

    @Test("`query: *a8` in a campaign is error[yaml-alias] (was over 1.5 GB of memory)")
    func campaignQueryAlias() async throws {
        let campaign = Self.aliasBomb(
            """
            name: bomb
            firmware: {file: f.bin, file_type: "1 Firmware Upgrade Image", target_version: V2}
            devices:
              manufacturer: "Huawei*"
              query: *a8
            rollout: {max_concurrent: 1}
            """,
            mapping: true
        )
        let dir = try Scratch.directory(["c.yaml": campaign], prefix: "ferrule-query")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (output, killed) = try await BoundedInputEndToEndTests.run(
            ["campaign", "plan", dir + "/c.yaml", "--acs", "http://127.0.0.1:9"]
        )
        #expect(!killed, "still running after 60 s")
        #expect(output.status != 0 && output.status < 128, "\(output)")
        #expect((output.stdout + output.stderr).contains("c.yaml:2:14: error[yaml-alias]"), "\(output)")
    }

    @Test("a campaign file saved with a byte order mark reads like any other (YAML 1.2 §5.2)")
    func campaignWithByteOrderMark() async throws {
        let campaign = """
            \u{FEFF}name: bom
            configuration:
              - periodicInform: {enabled: true, interval: 902}
            devices: {bad_key: 1}

            """
        let dir = try Scratch.directory(["c.yaml": campaign], prefix: "ferrule-bom")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (output, killed) = try await BoundedInputEndToEndTests.run(
            ["campaign", "plan", dir + "/c.yaml", "--acs", "http://127.0.0.1:9"]
        )
        #expect(!killed)
        // Read as YAML: the only error is the planted key, on line 4 (not a syntax error on line 2).
        #expect((output.stdout + output.stderr).contains("c.yaml:4:11: error[unknown-field]"), "\(output)")
        #expect(!(output.stdout + output.stderr).contains("error[yaml]"), "\(output)")
    }
}

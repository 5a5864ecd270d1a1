import FerruleTestSupport
import Foundation
import Testing

/// A parameter or Inform element sent twice, through the `ferrule` executable: `cwmp parse` says
/// which copy GenieACS keeps, `validate` reports the repetition and checks every copy.
@Suite("repeated parameters and Inform elements (end to end)")
struct RepeatedParameterEndToEndTests {
    static func validate(_ arguments: [String]) async throws -> FerruleRunner.Output {
        var environment = ProcessInfo.processInfo.environment
        environment["FERRULE_MODELS"] = nil
        return try await ProcessRunner(FerruleRunner.executable, ["validate"] + arguments, environment: environment)
            .run()
    }

    @Test("cwmp parse: a GPV response naming a parameter twice prints a repeated-parameter warning at file:line:col")
    func parseWarnsRepeatedParameter() async throws {
        let file = "Fixtures/cwmp/quirk-gpv-repeated-parameter.xml"
        let result = try await FerruleRunner.run(["cwmp", "parse", file])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains(
                "\(file):65:9: warning[repeated-parameter]: parameter \"Device.DeviceInfo.SoftwareVersion\" is reported "
                    + "again (first at line 13); GenieACS 1.2.16 stores the first copy"
            ),
            "\(result.stdout)"
        )
        // The tree holds the copy GenieACS stores.
        let tree = try await FerruleRunner.run(["cwmp", "tree", file])
        #expect(tree.status == 0, "\(tree.stderr)")
        #expect(tree.stdout.contains("4.2.7-build1187"), "\(tree.stdout)")
        #expect(!tree.stdout.contains("4.2.8-build1201"), "\(tree.stdout)")
    }

    @Test("cwmp parse: an Inform with two DeviceIds and ParameterLists shows the last, with repeated-element warnings")
    func parseInformRepeatedElements() async throws {
        let file = "Fixtures/cwmp/quirk-inform-repeated-elements.xml"
        let result = try await FerruleRunner.run(["cwmp", "parse", "--format", "json", file])
        #expect(result.status == 0, "\(result.stderr)")
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let body = try #require(reports.first?["body"] as? [String: Any])
        let deviceId = try #require(body["deviceId"] as? [String: Any])
        #expect(deviceId["serialNumber"] as? String == "ACME4000NEW002")
        #expect(deviceId["manufacturer"] as? String == "ACME Broadband")
        #expect(body["retryCount"] as? Int == 3)
        let parameters = try #require(body["parameters"] as? [[String: Any]])
        #expect(parameters.map { $0["value"] as? String } == ["4.2.7-build1187", "cfg-20240318-01"])

        let text = try await FerruleRunner.run(["cwmp", "parse", file])
        #expect(
            text.stdout.contains(
                "\(file):34:7: warning[repeated-element]: the Inform holds 2 ParameterList elements; the last was read, "
                    + "as GenieACS 1.2.16 reads it (lib/soap.ts:567-585)"
            ),
            "\(text.stdout)"
        )
        #expect(text.stdout.contains("\(file):29:7: warning[repeated-element]: the Inform holds 2 DeviceId elements"))
    }

    @Test("cwmp parse and tree: a ParameterValueStruct with two Values shows the last, with a repeated-element warning")
    func parseRepeatedValue() async throws {
        let file = "Fixtures/cwmp/quirk-gpv-repeated-value.xml"
        let result = try await FerruleRunner.run(["cwmp", "parse", file])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains(
                "\(file):16:11: warning[repeated-element]: ParameterValueStruct of Device.DeviceInfo.SoftwareVersion "
                    + "holds 2 Value elements; the last was read, as GenieACS 1.2.16 reads it (lib/soap.ts:148-156)"
            ),
            "\(result.stdout)"
        )
        let tree = try await FerruleRunner.run(["cwmp", "tree", file])
        #expect(tree.status == 0, "\(tree.stderr)")
        #expect(tree.stdout.contains("4.2.8-build1201"), "\(tree.stdout)")
        #expect(!tree.stdout.contains("4.2.7-build1187"), "\(tree.stdout)")
    }

    @Test(
        "validate: each later copy is a duplicate-parameter warning at file:line:col; a bad value in any copy is an error"
    )
    func validateRepeated() async throws {
        let gpv = "Fixtures/validate/repeated/gpv-channel-twice.xml"
        let csv = "Fixtures/validate/repeated/export-duplex-twice.csv"
        let result = try await Self.validate([gpv, csv])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.contains {
                $0.hasPrefix(
                    "\(gpv):45:9: warning[duplicate-parameter]: Device.WiFi.Radio.1.Channel: expected one copy per "
                        + "parameter (first at line 25; GenieACS 1.2.16 stores the first copy and ignores each later one"
                )
            },
            "\(result.stdout)"
        )
        // The copy GenieACS drops is still checked.
        #expect(lines.contains { $0.hasPrefix("\(gpv):45:9: error[out-of-range]: Device.WiFi.Radio.1.Channel = 999") })
        #expect(
            lines.contains {
                $0.hasPrefix("\(csv):7: warning[duplicate-parameter]: Device.Ethernet.Interface.1.DuplexMode")
            }
        )
        #expect(
            lines.contains {
                $0.hasPrefix("\(csv):5: error[not-in-enumeration]: Device.Ethernet.Interface.1.DuplexMode = Quarter")
            }
        )
        // The finding replaces the reader's warning: one report of the repetition, not two.
        #expect(!result.stderr.contains("repeated-parameter"), "\(result.stderr)")

        let json = try await Self.validate(["--format", "json", gpv])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let findings = ((root["files"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]]) ?? []
        #expect(
            findings.contains {
                $0["code"] as? String == "duplicate-parameter" && $0["severity"] as? String == "warning"
            }
        )
    }

    @Test("no fixture without repetition raises the new warnings in cwmp parse or validate")
    func fixturesWithoutRepetition() async throws {
        let cwmp = try FerruleRunner.fixtures("Fixtures/cwmp").filter { !$0.contains("repeated") }
        let parse = try await FerruleRunner.run(["cwmp", "parse"] + cwmp)
        #expect(parse.status == 0, "\(parse.stderr)")
        #expect(!parse.stdout.contains("warning[repeated-parameter]"))
        #expect(!parse.stdout.contains("warning[repeated-element]"))
        // Every fixture: the ones that carry no tree (an InformResponse, an empty body) are named
        // unreadable (exit 2); every other is validated.
        let trees = try await Self.validate(
            ["Fixtures/trees", "Fixtures/validate/trees", "Fixtures/validate/clean", "Fixtures/validate/warnings"]
                + cwmp
        )
        #expect(trees.status == 2, "\(trees.stderr)")
        let unreadable = trees.stderr.split(separator: "\n").filter { $0.contains("error[") }
        #expect(
            unreadable.allSatisfy { $0.contains("carries no parameter tree") || $0.contains("the file is empty") },
            "\(unreadable)"
        )
        #expect(trees.stdout.contains("files: \(cwmp.count + 10 - unreadable.count)  "), "\(trees.stdout)")
        #expect(!trees.stderr.contains("repeated-"), "\(trees.stderr)")
        #expect(!trees.stdout.contains("duplicate-parameter"), "\(trees.stdout)")
    }
}

import FerruleTestSupport
import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// End-to-end: `ferrule validate`, run as a process on Fixtures/validate and the shipped trees.
@Suite("ferrule validate (end to end)")
struct ValidateCommandTests {
    static let trees = "Fixtures/validate/trees"
    static let gpv = "Fixtures/validate/trees/gpv-wifi-tr181.xml"
    static let csv = "Fixtures/validate/trees/export-tr181.csv"
    static let nbi = "Fixtures/validate/trees/nbi-device-tr098.json"

    /// Runs `ferrule` with `FERRULE_MODELS` removed from the environment (or set to `models`), in
    /// `directory` (the repository root by default).
    static func run(_ arguments: [String], models: String? = nil, in directory: URL? = nil) async throws
        -> FerruleRunner.Output
    {
        var environment = ProcessInfo.processInfo.environment
        environment["FERRULE_MODELS"] = models
        return try await ProcessRunner(
            FerruleRunner.executable,
            arguments,
            environment: environment,
            directory: directory
        ).run()
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func temporaryDirectory() throws -> URL {
        try Scratch.directory("ferrule-validate")
    }

    /// Findings of a JSON report as (file, code, severity, path).
    static func findings(_ root: [String: Any]) -> [(file: String, code: String, severity: String, path: String)] {
        ((root["files"] as? [[String: Any]]) ?? []).flatMap { file in
            ((file["findings"] as? [[String: Any]]) ?? []).map {
                (
                    file["file"] as? String ?? "", $0["code"] as? String ?? "", $0["severity"] as? String ?? "",
                    $0["path"] as? String ?? ""
                )
            }
        }
    }

    @Test("a GenieACS CSV export row known by name only (\"\", no type, no timestamp) is not judged as an empty value")
    func csvNameOnlyRows() async throws {
        let directory = try Self.temporaryDirectory()
        let file = directory.appendingPathComponent("names-only.csv")
        // GenieACS 1.2.16 lib/ui/api.ts:96-117 writes a parameter without a fetched value this way.
        try Data(
            """
            Parameter,Object,Object timestamp,Writable,Writable timestamp,Value,Value type,Value timestamp,Notification,Notification timestamp,Access list,Access list timestamp
            Device.DeviceInfo.UpTime,false,2023-05-25T21:04:24.895Z,false,2023-05-25T21:04:24.895Z,"",,,,,,
            Device.ManagementServer.PeriodicInformTime,false,2023-05-25T21:04:24.895Z,true,2023-05-25T21:04:24.895Z,"",,,,,,
            Device.Ethernet.Interface.1.Enable,false,2023-05-25T21:04:24.895Z,true,2023-05-25T21:04:24.895Z,"",,,,,,

            """.utf8
        ).write(to: file)
        let result = try await Self.run(["validate", file.path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(!result.stdout.contains("invalid-lexical-value"))
    }

    @Test("a clean tree exits 0; a directory of trees with errors exits 1 with compiler-style lines and a summary")
    func exitCodesAndText() async throws {
        let clean = try await Self.run(["validate", "Fixtures/validate/clean"])
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        #expect(clean.stdout.contains("files: 1  parameters checked: 9"))

        let result = try await Self.run(["validate", Self.trees])
        #expect(result.status == 1, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        for expected in [
            "\(Self.gpv):25:9: error[out-of-range]: Device.WiFi.Radio.1.Channel = 999: expected 1..255 (TR-181 2.17)",
            "\(Self.gpv):61:9: error[pattern-mismatch]: Device.WiFi.SSID.1.MACAddress = 00:11:22:33:44:GG: expected to "
                + "match \"\" or \"([0-9A-Fa-f][0-9A-Fa-f]:){5}([0-9A-Fa-f][0-9A-Fa-f])\" (TR-181 2.17)",
            "\(Self.gpv):33:9: error[unknown-parameter]: Device.WiFi.Radio.1.TurboBoost: expected a parameter of TR-181 2.17",
            "\(Self.gpv):17:9: warning[entries-count]: Device.WiFi.RadioNumberOfEntries = 1: expected 2 (the instances "
                + "of Device.WiFi.Radio. present) (TR-181 2.17)",
            "\(Self.csv):13: error[not-in-enumeration]: Device.Ethernet.Interface.1.DuplexMode = Quarter: expected one "
                + "of Half, Full, Auto (TR-181 2.17)",
            "\(Self.nbi):87: error[out-of-range]: InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.Channel = 300: "
                + "expected 0..255 (TR-098 1.14)",
        ] {
            #expect(lines.contains(expected), "missing: \(expected)")
        }
        #expect(
            lines.contains { $0.hasPrefix("\(Self.gpv):45:9: info[unknown-parameter]: Device.WiFi.Radio.2.X_ACME_") }
        )
        #expect(lines.contains("files: 3  parameters checked: 46  vendor parameters: 6  ignored: 0"))
        #expect(lines.contains { $0.hasPrefix("code ") && $0.hasSuffix("errors  warnings  infos") })
        // A table's own object row (Device.Ethernet.Interface.) is not an unknown path.
        #expect(!result.stdout.contains("Device.Ethernet.Interface.:"))
    }

    @Test("--strict fails on warnings too")
    func strict() async throws {
        let relaxed = try await Self.run(["validate", "Fixtures/validate/warnings"])
        #expect(relaxed.status == 0, "\(relaxed.stdout)\(relaxed.stderr)")
        #expect(relaxed.stdout.contains("warning[entries-count]"))
        #expect(relaxed.stdout.contains("warning[type-mismatch]"))
        let strict = try await Self.run(["validate", "--strict", "Fixtures/validate/warnings"])
        #expect(strict.status == 1)
        let strictClean = try await Self.run(["validate", "--strict", "Fixtures/validate/clean"])
        #expect(strictClean.status == 0)
    }

    @Test("exit 2: missing or unreadable tree, malformed model, bad policy; exit 64: no input files, bad option")
    func usageAndUnreadable() async throws {
        let missing = try await Self.run(["validate", "Fixtures/validate/nope.xml"])
        #expect(missing.status == 2)
        #expect(
            missing.stderr.contains("Fixtures/validate/nope.xml: error[unreadable]: cannot read the file: no such file")
        )

        let garbage = try Scratch.file("broken.xml", Array("<SOAP-ENV:Envelope><oops".utf8))
        let broken = try await Self.run(["validate", garbage, "Fixtures/validate/clean"])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("broken.xml"))
        #expect(broken.stdout.contains("files: 1"), "the readable files are still reported")

        let badModel = try Scratch.file("bad-full.xml", Array("<dm:document xmlns:dm=\"x\">".utf8))
        let model = try await Self.run(["validate", "--model", badModel, "Fixtures/validate/clean"])
        #expect(model.status == 2)
        #expect(model.stderr.contains("bad-full.xml:1"), "\(model.stderr)")

        let reason = try await Self.run([
            "validate", "--policy", "Fixtures/validate/policies/missing-reason.yaml", Self.trees,
        ])
        #expect(reason.status == 2)
        #expect(
            reason.stderr.hasPrefix(
                "Fixtures/validate/policies/missing-reason.yaml:5:5: error[bad-policy]: the ignore entry for "
                    + "'Device.WiFi.Radio.*.Channel' has no reason; add `reason:`"
            ),
            "\(reason.stderr)"
        )
        #expect(reason.stdout.isEmpty)

        let pinned = try await Self.run([
            "validate", "--policy", "Fixtures/validate/policies/pinned-2.18.yaml", Self.trees,
        ])
        #expect(pinned.status == 2)
        #expect(pinned.stderr.contains("pinned-2.18.yaml:3:3: error[model-pin]: the policy pins Device 2.18"))
        #expect(pinned.stderr.contains("is Device:2.17"))

        let noPolicy = try await Self.run(["validate", "--policy", "Fixtures/validate/none.yaml", Self.trees])
        #expect(noPolicy.status == 2)

        let empty = try Self.temporaryDirectory()
        let noFiles = try await Self.run(["validate", empty.path])
        #expect(noFiles.status == 64)
        #expect(noFiles.stderr.contains("no tree files"))

        let format = try await Self.run(["validate", "--format", "yaml", Self.trees])
        #expect(format.status == 64)

        let wrongSource = try await Self.run(["validate", "--from", "gpn", Self.gpv])
        #expect(wrongSource.status == 2)
        #expect(wrongSource.stderr.contains("not GetParameterNamesResponse"))
    }

    @Test("--format json: stable, sorted, parseable, same findings as text")
    func jsonFormat() async throws {
        let first = try await Self.run(["validate", "--format", "json", Self.trees])
        let second = try await Self.run(["validate", "--format", "json", Self.nbi, Self.gpv, Self.csv])
        #expect(first.status == 1)
        #expect(first.stdout == second.stdout)
        let root = try Self.json(first.stdout)
        let files = try #require(root["files"] as? [[String: Any]])
        #expect(files.compactMap { $0["file"] as? String } == [Self.csv, Self.gpv, Self.nbi])
        let summary = try #require(root["summary"] as? [String: Any])
        #expect(summary["files"] as? Int == 3)
        #expect(summary["errors"] as? Int == 11)
        let findings = Self.findings(root)
        #expect(findings.contains { $0.code == "size-violation" && $0.path.hasSuffix("KeyPassphrase") })
        #expect(
            Set(findings.map(\.code)).isSuperset(of: [
                "out-of-range", "pattern-mismatch", "unknown-parameter", "entries-count", "not-in-enumeration",
                "invalid-lexical-value",
            ])
        )
    }

    @Test("--format junit: XML with one testsuite per file and the required attributes")
    func junitFormat() async throws {
        let result = try await Self.run(["validate", "--format", "junit", Self.trees, "Fixtures/validate/clean"])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("<?xml"))
        #if canImport(FoundationXML) || canImport(Darwin)
        let document = try XMLDocument(data: Data(result.stdout.utf8))
        let root = try #require(document.rootElement())
        #expect(root.name == "testsuites")
        let suites = root.elements(forName: "testsuite")
        #expect(suites.count == 4)
        for suite in suites {
            for name in ["name", "tests", "failures", "errors"] {
                #expect(suite.attribute(forName: name)?.stringValue != nil)
            }
            let cases = suite.elements(forName: "testcase")
            #expect(String(cases.count) == suite.attribute(forName: "tests")?.stringValue)
            let failures = cases.filter { !$0.elements(forName: "failure").isEmpty }.count
            #expect(String(failures) == suite.attribute(forName: "failures")?.stringValue)
            #expect(
                cases.allSatisfy { $0.attribute(forName: "name") != nil && $0.attribute(forName: "classname") != nil }
            )
        }
        let failures = suites.reduce(0) { $0 + (Int($1.attribute(forName: "failures")?.stringValue ?? "") ?? 0) }
        #expect(failures == 11)
        #expect(root.attribute(forName: "failures")?.stringValue == "11")
        #endif
    }

    @Test("--format sarif: SARIF 2.1.0 with rules and results with locations")
    func sarifFormat() async throws {
        let result = try await Self.run(["validate", "--format", "sarif", Self.trees])
        #expect(result.status == 1)
        let root = try Self.json(result.stdout)
        #expect(root["version"] as? String == "2.1.0")
        #expect((root["$schema"] as? String)?.hasSuffix("sarif-2.1.0.json") == true)
        let run = try #require((root["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "ferrule")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.count == 26)  // one rule per FindingCode.all entry
        #expect(
            rules.allSatisfy { $0["id"] is String && ($0["shortDescription"] as? [String: Any])?["text"] is String }
        )
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 24)  // with the hidden-value warning on KeyPassphrase and 3 object writability infos
        let channel = try #require(
            results.first {
                ($0["message"] as? [String: Any])?["text"] as? String
                    == "Device.WiFi.Radio.1.Channel = 999: expected 1..255 (TR-181 2.17)"
            }
        )
        #expect(channel["ruleId"] as? String == "out-of-range")
        #expect(channel["level"] as? String == "error")
        let physical = try #require(
            (channel["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
        )
        #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == Self.gpv)
        #expect((physical["region"] as? [String: Any])?["startLine"] as? Int == 25)
        #expect(results.contains { $0["level"] as? String == "note" })
        #expect(results.contains { $0["level"] as? String == "warning" })
    }

    @Test("--format github: workflow commands with file, line and title")
    func githubFormat() async throws {
        let result = try await Self.run(["validate", "--format", "github", Self.trees])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.contains(
                "::error file=\(Self.gpv),line=25,title=out-of-range::Device.WiFi.Radio.1.Channel = 999: "
                    + "expected 1..255 (TR-181 2.17)"
            )
        )
        #expect(lines.contains { $0.hasPrefix("::warning file=\(Self.gpv),line=17,title=entries-count::") })
        // NBI JSON findings carry the line of their key.
        #expect(lines.contains { $0.hasPrefix("::notice file=\(Self.nbi),line=30,title=unknown-parameter::") })
        #expect(lines.filter { $0.hasPrefix("::") }.count == 24)  // 3 of them object writability infos
    }

    @Test("a secret's value is printed in no format")
    func secrets() async throws {
        for format in ["text", "json", "junit", "sarif", "github"] {
            let result = try await Self.run(["validate", "--format", format, Self.gpv])
            #expect(result.stdout.contains("KeyPassphrase"), "\(format)")
            #expect(!result.stdout.contains("hunter2"), "\(format)")
            #expect(!result.stderr.contains("hunter2"), "\(format)")
        }
    }

    @Test("the example policy: ignore drops (counted), code and path severities apply, pins pass")
    func policy() async throws {
        // A CWMP 1.4 Inform without AliasBasedAddressing (1.0–1.2 Informs are not required to send it).
        let sagemcom = "Fixtures/validate/inform-cwmp14-no-alias.xml"
        let without = try await Self.run(["validate", "--format", "json", Self.trees, sagemcom])
        let with = try await Self.run([
            "validate", "--format", "json", "--policy", "Fixtures/validate/policy.yaml", Self.trees, sagemcom,
        ])
        #expect(without.status == 1)
        #expect(with.status == 1, "\(with.stderr)")
        let before = Self.findings(try Self.json(without.stdout))
        let afterRoot = try Self.json(with.stdout)
        let after = Self.findings(afterRoot)
        // The Inform's missing AliasBasedAddressing is an accepted deviation.
        #expect(before.contains { $0.file == sagemcom && $0.code == "missing-inform-parameter" })
        #expect(!after.contains { $0.file == sagemcom })
        // Vendor X_ACME_ names are ignored; the TR-098 X_HW_ ones are not.
        #expect(!after.contains { $0.path.contains("X_ACME_") })
        #expect(after.contains { $0.path.contains("X_HW_") })
        // entries-count: warning → error (severity:); TR-098 Channel out-of-range: error → warning (paths:).
        #expect(after.filter { $0.code == "entries-count" }.allSatisfy { $0.severity == "error" })
        #expect(
            after.contains {
                $0.code == "out-of-range" && $0.path.hasPrefix("InternetGatewayDevice.") && $0.severity == "warning"
            }
        )
        #expect(after.contains { $0.code == "out-of-range" && $0.path.hasPrefix("Device.") && $0.severity == "error" })
        let summary = try #require(afterRoot["summary"] as? [String: Any])
        #expect(summary["ignored"] as? Int == 5)
        #expect(before.count - after.count == 5)

        let clean = try await Self.run(["validate", "--policy", "Fixtures/validate/policy.yaml", sagemcom])
        #expect(clean.status == 0, "\(clean.stdout)")
        #expect(clean.stdout.contains("ignored: 1"))
    }

    @Test("a model pattern Ferrule cannot match is named once on standard error when the models load")
    func unsupportedPatternWarned() async throws {
        let directory = try Self.temporaryDirectory()
        let model = directory.appendingPathComponent("x-full.xml")
        try Data(
            """
            <dm:document xmlns:dm="urn:broadband-forum-org:cwmp:datamodel-1-14" spec="urn:x">
            <model name="Device:2.17">
            <object name="Device." access="readOnly" minEntries="1" maxEntries="1">
            <parameter name="B" access="readWrite"><syntax><string><pattern value="\\p{IsKlingon}+"/></string></syntax></parameter>
            <parameter name="A" access="readWrite"><syntax><string><pattern value="\\p{IsKlingon}+"/></string></syntax></parameter>
            <parameter name="C" access="readWrite"><syntax><string><pattern value="\\p{IsBasicLatin}+"/></string></syntax></parameter>
            </object>
            </model>
            </dm:document>
            """.utf8
        ).write(to: model)
        let result = try await Self.run(["validate", "--model", model.path, "Fixtures/validate/clean"])
        let warnings = result.stderr.split(separator: "\n").filter { $0.contains("warning[unsupported-pattern]") }
        #expect(warnings.count == 1, "\(result.stderr)")
        #expect(warnings.first?.contains("pattern \"\\\\p{IsKlingon}+\" (of Device.A") == true, "\(warnings)")
    }

    @Test("a MAC address key repeated in another case is duplicate-key; a reference to instance 0 is invalid-reference")
    func typedKeysAndInstanceZero() async throws {
        let header =
            "Parameter,Object,Object timestamp,Writable,Writable timestamp,Value,Value type,Value timestamp,"
            + "Notification,Notification timestamp,Access list,Access list timestamp\n"
        func row(_ path: String, _ value: String, _ type: String = "xsd:string") -> String {
            "\(path),false,,false,,\(value),\(type),,,,,\n"
        }
        let csv =
            header + row("Device.WiFi.AccessPoint.1.AssociatedDevice.1.MACAddress", "00:1A:2B:3C:4D:5E")
            + row("Device.WiFi.AccessPoint.1.AssociatedDevice.2.MACAddress", "00:1a:2b:3c:4d:5e")
            + row("Device.Hosts.Host.1.Layer3Interface", "Device.IP.Interface.0")
        let directory = try Self.temporaryDirectory()
        let file = directory.appendingPathComponent("typed.csv")
        try Data(csv.utf8).write(to: file)
        let result = try await Self.run(["validate", file.path])
        #expect(result.status == 1, "\(result.stdout)")
        #expect(
            result.stdout.contains(
                "typed.csv:3: error[duplicate-key]: Device.WiFi.AccessPoint.1.AssociatedDevice.2.MACAddress = 00:1a:2b:3c:4d:5e"
            ),
            "\(result.stdout)"
        )
        #expect(
            result.stdout.contains("typed.csv:4: warning[invalid-reference]: Device.Hosts.Host.1.Layer3Interface"),
            "\(result.stdout)"
        )
        #expect(result.stdout.contains("instance numbers start at 1"), "\(result.stdout)")
    }

    @Test("models: --model, the FERRULE_MODELS directory, ./Models, and a clear error when there are none")
    func modelSources() async throws {
        let modelsDirectory = try Self.temporaryDirectory()
        try FileManager.default.copyItem(
            at: Repository.root.appendingPathComponent("Models/tr-098-1-8-0-full.xml"),
            to: modelsDirectory.appendingPathComponent("tr-098-1-8-0-full.xml")
        )
        // Only TR-098 in FERRULE_MODELS: the TR-181 tree's root is not covered.
        let env = try await Self.run(
            ["validate", "--format", "json", "Fixtures/validate/clean"],
            models: modelsDirectory.path
        )
        #expect(env.status == 1)
        #expect(env.stdout.contains("a path under a loaded model's root (InternetGatewayDevice.)"))
        let envTR098 = try await Self.run(["validate", Self.nbi], models: modelsDirectory.path)
        #expect(envTR098.stdout.contains("(TR-098 1.14)"))

        // --model wins over FERRULE_MODELS.
        let explicit = try await Self.run(
            ["validate", "--model", "Models/tr-181-2-17-0-cwmp-full.xml", "Fixtures/validate/clean"],
            models: modelsDirectory.path
        )
        #expect(explicit.status == 0, "\(explicit.stdout)")

        let emptyModels = try Self.temporaryDirectory()
        let none = try await Self.run(["validate", "Fixtures/validate/clean"], models: emptyModels.path)
        #expect(none.status == 2)
        #expect(none.stderr.contains("no data models found: FERRULE_MODELS=\(emptyModels.path) holds no *-full.xml"))

        let notDirectory = try await Self.run(["validate", "Fixtures/validate/clean"], models: "/nonexistent/models")
        #expect(notDirectory.status == 2)
        #expect(notDirectory.stderr.contains("FERRULE_MODELS=/nonexistent/models is not a directory"))

        // Elsewhere than the checkout, without FERRULE_MODELS or --model: say what to pass.
        let tree = Repository.root.appendingPathComponent("Fixtures/validate/clean").path
        let elsewhere = try await Self.run(["validate", tree], in: emptyModels)
        #expect(elsewhere.status == 2)
        #expect(elsewhere.stderr.contains("no data models found: pass --model FILE"))
        #expect(elsewhere.stderr.contains("FERRULE_MODELS"))
    }

    @Test("the shipped trees and vendor captures validate without crashing")
    func shippedFixtures() async throws {
        let vendor = try FerruleRunner.fixtures("Fixtures/cwmp").filter { $0.contains("/vendor-") }
        #expect(!vendor.isEmpty)
        for format in ["text", "sarif"] {
            let result = try await Self.run(["validate", "--format", format, "Fixtures/trees"] + vendor)
            #expect(result.status == 0 || result.status == 1, "\(result.stderr)")
            #expect(!result.stdout.isEmpty)
        }
        let text = try await Self.run(["validate", "Fixtures/trees"] + vendor)
        #expect(text.stdout.contains("files: \(vendor.count + 5) "))
        // The vendor Informs speak CWMP 1.0–1.2: AliasBasedAddressing (CWMP 1.3+) is not required.
        #expect(!text.stdout.contains("error[missing-inform-parameter]"))
        // A CWMP 1.4 Inform gets the forced-Inform check; GetParameterValuesResponses do not.
        let inform = try await Self.run(["validate", "Fixtures/validate/inform-cwmp14-no-alias.xml"])
        #expect(inform.status == 1)
        #expect(
            inform.stdout.contains(
                "inform-cwmp14-no-alias.xml: error[missing-inform-parameter]: Device.ManagementServer.AliasBasedAddressing"
            )
        )
        let gpv = try await Self.run(["validate", "--from", "gpv", Self.gpv])
        #expect(!gpv.stdout.contains("missing-inform-parameter"))
        // A Device:2.2 Inform on CWMP 1.2 cannot have RootDataModelVersion (introduced in 2.4,
        // tr-181-2-17-0-cwmp-full.xml:3520-3521): a warning saying it may not apply, not an error.
        let old = try await Self.run(["validate", "Fixtures/validate/inform-cwmp12-tr181-2-3.xml"])
        #expect(old.status == 0, "\(old.stdout)\(old.stderr)")
        #expect(!old.stdout.contains("error[missing-inform-parameter]"))
        #expect(
            old.stdout.contains(
                "inform-cwmp12-tr181-2-3.xml: warning[missing-inform-parameter]: Device.RootDataModelVersion: expected "
                    + "present in every Inform of a device implementing Device:2.4 or later (forcedInform in TR-181 2.17); "
                    + "not required of a device implementing a version before Device:2.4, which this may be "
                    + "(no RootDataModelVersion, CWMP 1.2)"
            )
        )
    }

    @Test("a 40,000-character path is named shortened and escaped in one line, and the run exits 2")
    func longPathShortened() async throws {
        let path = "/tmp/\u{1B}" + String(repeating: "p", count: 40_000) + ".xml"
        let result = try await Self.run(["validate", "--model", "Models/tr-181-2-17-0-cwmp-full.xml", path])
        #expect(result.status == 2, "\(result.stderr.prefix(500))")
        #expect(result.stderr.count < 1000, "\(result.stderr.count) characters")
        #expect(result.stderr.contains("… (40,010 bytes): error[unreadable]: cannot read the file"))
        #expect(result.stderr.hasPrefix("/tmp/\\u{1B}ppp"))
        #expect(!result.stderr.contains("\u{1B}"))
    }
}

import CWMP
import FerruleCore
import Testing

@testable import Rules

/// What `ferrule explain` and `ferrule test` report per rule, checked against GenieACS's behaviour.
@Suite("Rule evaluator verdicts: early returns, logs, data-model roots")
struct RuleEvaluatorTests {
    static let firmware = """
        rules:
          - name: firmware
            match: {productClass: EG8145V5, softwareVersion: {lt: V5R021C00S245}}
            actions:
              - download: {file: fw.bin}
        """

    static func device(version: String) -> DeviceState {
        var tree = ParameterTree()
        tree.insert(ParameterEntry(path: "Device.DeviceInfo.SoftwareVersion", value: version, type: .string))
        return DeviceState(tree: tree, id: "00E0FC-EG8145V5-1", oui: "00E0FC", productClass: "EG8145V5", now: 1000)
    }

    @Test("a firmware rule whose preset applies but whose version check returns early runs, not 'does not match'")
    func earlyReturn() throws {
        let (set, d, _) = try RuleTestSupport.load(["r.yaml": Self.firmware])
        #expect(!d.hasErrors, "\(d.sorted)")
        let current = RuleEvaluator.evaluate(set.rules, on: Self.device(version: "V5R021C00S245"))[0]
        #expect(!current.matches && current.returnsEarly && current.presetApplies)
        #expect(current.reasons == ["softwareVersion V5R021C00S245 is not lt V5R021C00S245"])
        #expect(current.declarations.isEmpty)
        let old = RuleEvaluator.evaluate(set.rules, on: Self.device(version: "V5R020C00S100"))[0]
        #expect(old.matches && !old.returnsEarly && !old.declarations.isEmpty)
        var other = Self.device(version: "V5R021C00S245")
        other.productClass = "HG8245H"
        let elsewhere = RuleEvaluator.evaluate(set.rules, on: other)[0]
        #expect(!elsewhere.presetApplies)
        #expect(elsewhere.reasons.allSatisfy { !$0.hasPrefix("softwareVersion") })
    }
}

/// GenieACS's session behaviour the harness reproduces, checked through the compiled provisions.
@Suite("Harness sessions: log() per preset cycle, per-root compilation")
struct HarnessSessionTests {
    static func tree(_ value: String, writable: Bool = true) -> ParameterTree {
        var tree = ParameterTree()
        tree.insert(ParameterEntry(path: "Device.DeviceInfo.SoftwareVersion", value: "1", type: .string))
        tree.insert(ParameterEntry(path: "Device.X", value: value, type: .string, writable: writable))
        return tree
    }

    static let script = """
        declare("Device.X", {value: 1}, {value: ["new"]});
        log("ran");
        """

    @Test(
        "log() is written again after a SetParameterValues changed the device: GenieACS re-applies presets and re-runs the script"
    )
    func logPerCycle() async throws {
        func logs(_ tree: ParameterTree) async throws -> [String] {
            try await ProvisionHarness.run(script: Self.script, args: [], tree: tree, deviceId: [:], tags: [], now: 0)
                .logs
        }
        #expect(try await logs(Self.tree("old")) == ["ran", "ran"])
        #expect(try await logs(Self.tree("new")) == ["ran"])
        // Not writable: GenieACS sends no SetParameterValues, the device does not change.
        #expect(try await logs(Self.tree("old", writable: false)) == ["ran"])
    }

    @Test("a script that changes the device on every cycle ends in GenieACS's preset_loop fault")
    func presetLoop() async throws {
        let error = try await #require(
            throws: ProvisionHarness.ScriptError.self,
            performing: {
                try await ProvisionHarness.run(
                    script: """
                        const current = declare("Device.X", {value: 1}).value[0];
                        declare("Device.X", {value: 1}, {value: [current + "x"]});
                        """,
                    args: [],
                    tree: Self.tree("old"),
                    deviceId: ["id": "d"],
                    tags: [],
                    now: 0
                )
            }
        )
        #expect(error.message.hasPrefix("Error: preset_loop"), "\(error.message)")
    }
}

/// Rules are compiled per data-model root: what names one root runs only on devices that have it.
@Suite("Per-root compilation and wrong-root paths")
struct DataModelRootTests {
    @Test(
        "no compiled provision declares a path of the other root: a TR-098 device is never asked for Device.* (root-level GetParameterNames)",
        arguments: ["nbi-device-tr098.json", "nbi-device-tr181.json"]
    )
    func provisionsStayInTheirRoot(_ fixture: String) async throws {
        let shipped = try EvaluatorAgreementTests.shipped()
        let (tree, deviceId, tags) = try ProvisionHarnessTests.fixture(fixture)
        let other = fixture.contains("tr098") ? "Device." : "InternetGatewayDevice."
        // Every rule, whether or not its preset applies: the provision itself must not wander.
        for artifact in shipped.artifacts where artifact.kind == .provision {
            let result = try await ProvisionHarnessTests.run(
                artifact,
                among: shipped.artifacts,
                tree: tree,
                deviceId: deviceId,
                tags: tags + ["ftth", "pppoe"]
            )
            // The one probe every root-aware script makes, once ({value: 1}: fetched once per device).
            let wandering = result.declared.filter {
                $0.hasPrefix(other) && $0 != "Device.DeviceInfo.SoftwareVersion"
            }
            #expect(wandering.isEmpty, "\(artifact.rule) on \(fixture): \(wandering)")
        }
    }

    @Test("bootstrap-tags' refresh of Device.DeviceInfo. compiles into the TR-181 branch only")
    func bootstrapRefresh() throws {
        let shipped = try EvaluatorAgreementTests.shipped()
        let script = try #require(shipped.artifacts.first { $0.path == "provisions/bootstrap-tags.js" }).contents
        #expect(script.contains("if (root === \"Device\") {\n  // Every level below"))
        #expect(script.contains("p = \"Device.DeviceInfo.*\"; depth <= 16;"))
    }

    @Test("an action path of the other root than the rule's match conditions is reported")
    func wrongRoot() throws {
        let (set, d, _) = try RuleTestSupport.load([
            "r.yaml": """
            rules:
              - name: tr098-only
                match:
                  parameters:
                    - {path: InternetGatewayDevice.DeviceInfo.ModelName, equals: HG8245H}
                actions:
                  - set: {path: Device.WiFi.SSID.1.SSID, value: x}
                  - set: {path: InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.SSID, value: x}
              - name: any-root
                match:
                  parameters:
                    - {path: InternetGatewayDevice.DeviceInfo.ModelName, notEquals: HG8245H}
                actions:
                  - set: {path: Device.WiFi.SSID.1.SSID, value: x}
            """
        ])
        #expect(!d.hasErrors, "\(d.sorted)")
        let found = set.rules.flatMap(DataModelRoot.wrongRootPaths(in:))
        #expect(found.map(\.path) == ["Device.WiFi.SSID.1.SSID"])
        #expect(found.first?.location.line == 7)
        #expect(found.first?.message.contains("only matches TR-098 devices") == true)
        var lint = DiagnosticCollector()
        RuleLinter.lint(set, models: nil, diagnostics: &lint)
        let wrongRoot = lint.sorted.filter { $0.code == "wrong-root" }
        #expect(wrongRoot.map(\.location.line) == [7], "ferrule lint reports it: \(lint.sorted)")
    }
}

import CWMP
import FerruleCore
import FerruleTestSupport
import Foundation
import Testing

@testable import Rules

/// `${param:PATH}` for a parameter the device has no value for: the step is not made, in the
/// evaluator (`explain`, `test`, campaign plans) and in the compiled provision alike; never the
/// text "undefined".
@Suite("${param:} without a value on the device: the step is skipped by the evaluator and the provision")
struct ParameterTemplateAgreementTests {
    static let rules = """
        rules:
          - name: label
            actions:
              - set: {path: Device.X.Label, value: "Acme-${param:Device.DeviceInfo.X_ACME_Label}"}
              - set: {path: Device.X.Cut, value: "${right(param:Device.DeviceInfo.X_ACME_Label, 4)}"}
              - set: {path: Device.X.Object, value: "${param:Device.DeviceInfo}"}
              - set: {path: Device.X.Plain, value: "plain"}
              - set: {path: Device.X.Serial, value: "${param:DeviceID.SerialNumber}"}
              - ensure: {table: Device.WiFi.SSID., keys: {Alias: "${param:Device.DeviceInfo.X_ACME_Label}"}, values: {Enable: "true"}}
              - delete: {table: Device.WiFi.SSID., keys: {SSID: "${param:Device.DeviceInfo.X_ACME_Label}"}}
              - wifi: {band: 2.4GHz, ssid: "W-${param:Device.DeviceInfo.X_ACME_Label}", channel: 6}
          - name: label-098
            actions:
              - set: {path: InternetGatewayDevice.X.Label, value: "Acme-${param:InternetGatewayDevice.DeviceInfo.X_ACME_Label}"}
              - wifi: {band: 2.4GHz, security: "${param:InternetGatewayDevice.DeviceInfo.X_ACME_Label}", channel: 6}
        """

    @Test("the evaluator skips each step reading the missing parameter, says why, and makes the others")
    func evaluatorSkips() throws {
        let (set, d, _) = try RuleTestSupport.load(["r.yaml": Self.rules])
        #expect(!d.hasErrors, "\(d.sorted)")
        let (tree, _, _) = try ProvisionHarnessTests.fixture("nbi-device-tr181.json")
        let verdict = try #require(RuleEvaluator.evaluate(set.rules, on: DeviceState.from(tree: tree)).first)
        #expect(verdict.rule == "label" && verdict.matches)
        let declared = verdict.declarations.map(\.path)
        #expect(declared.contains("Device.X.Plain") && declared.contains("Device.WiFi.Radio.1.Channel"))
        // DeviceID.* are parameters in GenieACS whether or not the tree file holds them.
        let serial = verdict.declarations.first { $0.path == "Device.X.Serial" }?.value
        #expect(serial != nil && serial == DeviceState.from(tree: tree).serialNumber)
        #expect(!verdict.declarations.contains { $0.value.contains("undefined") }, "\(verdict.declarations)")
        #expect(!declared.contains("Device.X.Label") && !declared.contains("Device.X.Cut"))
        let skipped = verdict.skipped.map(\.what)
        #expect(skipped.contains("Device.X.Label") && skipped.contains("Device.X.Cut"), "\(skipped)")
        #expect(skipped.contains("Device.X.Object") && skipped.contains("ensure Device.WiFi.SSID."), "\(skipped)")
        #expect(skipped.contains("delete Device.WiFi.SSID.") && skipped.contains("Device.WiFi.SSID.1.SSID"))
        #expect(
            verdict.skipped.first?.description
                == "Device.X.Label: skipped: Device.DeviceInfo.X_ACME_Label has no value on this device"
        )
    }

    @Test("with the parameter present the value is read: Acme-<label>, right() of it")
    func evaluatorReads() throws {
        let (set, _, _) = try RuleTestSupport.load(["r.yaml": Self.rules])
        var (tree, _, _) = try ProvisionHarnessTests.fixture("nbi-device-tr181.json")
        tree.insert(ParameterEntry(path: "Device.DeviceInfo.X_ACME_Label", value: "shop-7", type: .string))
        let verdict = try #require(RuleEvaluator.evaluate(set.rules, on: DeviceState.from(tree: tree)).first)
        let values = Dictionary(verdict.declarations.map { ($0.path, $0.value) }, uniquingKeysWith: { $1 })
        #expect(values["Device.X.Label"] == "Acme-shop-7" && values["Device.X.Cut"] == "op-7")
        #expect(values["Device.WiFi.SSID.1.SSID"] == "W-shop-7")
        #expect(verdict.skipped.map(\.what) == ["Device.X.Object"])
    }

    @Test("the compiled provision guards each step with hasValue() and never declares \"undefined\"")
    func compiledGuards() throws {
        let compiled = try EvaluatorAgreementTests.compiled(Self.rules)
        let script = try #require(compiled.artifacts.first { $0.kind == .provision && $0.rule == "label" }).contents
        #expect(script.contains("function hasValue(path) {"))
        #expect(
            script.contains(
                #"if (hasValue("Device.DeviceInfo.X_ACME_Label")) declare("Device.X.Label", {value: 1}, {value: ["Acme-" + String(deviceValue("Device.DeviceInfo.X_ACME_Label"))]});"#
            ),
            "\(script)"
        )
        #expect(script.contains(#"if (ssidObject && hasValue("Device.DeviceInfo.X_ACME_Label")) declare("#))
        // A rule that reads no parameter compiles as before: no helper.
        let plain = try EvaluatorAgreementTests.compiled(
            "rules:\n  - name: p\n    actions:\n      - set: {path: Device.X, value: \"${device.serialNumber}\"}\n"
        )
        #expect(!(plain.artifacts.first { $0.kind == .provision }?.contents.contains("hasValue") ?? true))
    }

    @Test(
        "the evaluator and the provision under the harness agree with and without the parameter, on TR-181 and TR-098",
        arguments: ["nbi-device-tr181.json", "nbi-device-tr098.json"]
    )
    func agrees(_ fixture: String) async throws {
        let compiled = try EvaluatorAgreementTests.compiled(Self.rules)
        let (tree, deviceId, tags) = try ProvisionHarnessTests.fixture(fixture)
        let root = fixture.contains("tr098") ? "InternetGatewayDevice" : "Device"
        var labelled = tree
        labelled.insert(ParameterEntry(path: root + ".DeviceInfo.X_ACME_Label", value: "None", type: .string))
        for (label, device, hasLabel) in [("without the label", tree, false), ("with it", labelled, true)] {
            let (compared, js) = try await EvaluatorAgreementTests.compareAndRun(
                compiled,
                rule: root == "Device" ? "label" : "label-098",
                tree: device,
                deviceId: deviceId,
                tags: tags,
                label: "\(fixture) \(label)"
            )
            #expect(compared >= 2)
            let set = js.declaration(root + ".X.Label")?.value
            #expect(set == (hasLabel ? "Acme-None" : nil), "\(label): \(js.declarations)")
            #expect(!js.declarations.contains { $0.value.contains("undefined") }, "\(js.declarations)")
        }
    }
}

extension ParameterTemplateAgreementTests {
    @Test("a ferrule test case expecting the value of a skipped set says which parameter had no value")
    func testCaseSaysSkipped() throws {
        let (set, d, _) = try RuleTestSupport.load(["r.yaml": Self.rules])
        #expect(!d.hasErrors, "\(d.sorted)")
        let testCase = RuleTestCase(
            name: "label",
            file: "t.yaml",
            location: RuleLocation(file: "t.yaml", line: 1, column: 1),
            device: Repository.url("Fixtures/trees/nbi-device-tr181.json").path,
            tags: [],
            events: [],
            now: 0,
            deviceId: [:],
            expectedMatches: nil,
            expectedValues: [("Device.X.Label", "Acme-x")]
        )
        #expect(
            try testCase.run(set.rules) == [
                "Device.X.Label: expected \"Acme-x\", got nothing (Device.X.Label: skipped: "
                    + "Device.DeviceInfo.X_ACME_Label has no value on this device)"
            ]
        )
    }
}

import CWMP
import FerruleCore
import FerruleTestSupport
import Foundation
import Testing

@testable import Rules

/// `left(x, n)` and `right(x, n)`: the evaluator (`explain`, `test`) and the compiled provision
/// give the same text for every count, 0 included; a count that is not a whole number is refused.
@Suite("left() and right(): the evaluator and the compiled provision cut the same text")
struct TemplateFunctionAgreementTests {
    static let rules = """
        rules:
          - name: cuts
            actions:
              - set: {path: Device.X.RightZero, value: "A${right(device.serialNumber, 0)}B"}
              - set: {path: Device.X.LeftZero, value: "A${left(device.serialNumber, 0)}B"}
              - set: {path: Device.X.Right, value: "${right(device.serialNumber, 3)}"}
              - set: {path: Device.X.Left, value: "${left(device.serialNumber, 3)}"}
              - set: {path: Device.X.Long, value: "${right(device.serialNumber, 400)}"}
        """

    @Test("left(x, 0) and right(x, 0) are empty in the evaluator and under the harness")
    func zeroCountsAgree() async throws {
        let compiled = try EvaluatorAgreementTests.compiled(Self.rules)
        let (tree, deviceId, tags) = try ProvisionHarnessTests.fixture("nbi-device-tr181.json")
        let compared = try await EvaluatorAgreementTests.compare(
            compiled,
            tree: tree,
            deviceId: deviceId,
            tags: tags,
            events: ["2 PERIODIC"],
            label: "left/right counts"
        )
        #expect(compared == 5)
        let provision = try #require(compiled.artifacts.first { $0.kind == .provision })
        let js = try await ProvisionHarnessTests.run(
            provision,
            among: compiled.artifacts,
            tree: tree,
            deviceId: deviceId,
            tags: tags
        )
        #expect(js.declaration("Device.X.RightZero")?.value == "AB", "\(js.declarations)")
        #expect(js.declaration("Device.X.LeftZero")?.value == "AB", "\(js.declarations)")
        let serial = try #require(deviceId["serialNumber"])
        #expect(js.declaration("Device.X.Long")?.value == serial)
    }

    @Test(
        "a count that is not a whole number written in the template is refused at the value",
        arguments: [
            "${right(device.serialNumber, n)}", "${left(device.serialNumber, param:Device.X.Count)}",
            "${upper(right(device.serialNumber, left('12', 1)))}", "${left(device.serialNumber, -1)}",
        ]
    )
    func countMustBeWhole(_ value: String) throws {
        let (_, d, dir) = try RuleTestSupport.load([
            "r.yaml": "rules:\n  - name: r\n    actions:\n      - set: {path: Device.X, value: \"\(value)\"}\n",
            "vars/common.yaml": "n: 2\n",
        ])
        let errors = d.sorted.filter { $0.severity == .error }
        #expect(errors.map(\.code.rawValue) == ["bad-template"], "\(d.sorted)")
        #expect(errors.first?.location.file == dir + "/r.yaml" && errors.first?.location.line == 4)
    }
}

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
        let (compared, js) = try await EvaluatorAgreementTests.compareAndRun(
            compiled,
            rule: "cuts",
            tree: tree,
            deviceId: deviceId,
            tags: tags,
            label: "left/right counts"
        )
        #expect(compared == 5)
        #expect(js.declaration("Device.X.RightZero")?.value == "AB", "\(js.declarations)")
        #expect(js.declaration("Device.X.LeftZero")?.value == "AB", "\(js.declarations)")
        let serial = try #require(deviceId["serialNumber"])
        #expect(js.declaration("Device.X.Long")?.value == serial)
    }

    static let label = "Cafe-e\u{301}\u{1F600}"

    @Test("counts are Unicode code points in the evaluator: an emoji is one, a combining accent one more")
    func evaluatorCountsCodePoints() {
        func cut(_ name: String, _ n: Int) -> [Unicode.Scalar] {
            guard case .literal(let text) = ActionInterpreter.apply(name, [.literal(Self.label), .literal(String(n))])
            else { return [] }
            return Array(text.unicodeScalars)
        }
        #expect(cut("right", 1) == ["\u{1F600}"])
        #expect(cut("right", 2) == ["\u{301}", "\u{1F600}"])
        #expect(cut("left", 6) == Array("Cafe-e".unicodeScalars))
        #expect(cut("left", 7) == Array("Cafe-e\u{301}".unicodeScalars))
        #expect(cut("right", 0).isEmpty && cut("left", 0).isEmpty)
    }

    @Test("left()/right() of a value with an emoji and a combining accent: the harness gets the evaluator's text")
    func codePointsAgree() async throws {
        let compiled = try EvaluatorAgreementTests.compiled(
            """
            rules:
              - name: uni
                actions:
                  - set: {path: Device.X.R1, value: "${right(param:Device.DeviceInfo.Label, 1)}"}
                  - set: {path: Device.X.R2, value: "${right(param:Device.DeviceInfo.Label, 2)}"}
                  - set: {path: Device.X.L7, value: "${left(param:Device.DeviceInfo.Label, 7)}"}
                  - set: {path: Device.X.L6, value: "${left(param:Device.DeviceInfo.Label, 6)}"}
            """
        )
        var (tree, deviceId, tags) = try ProvisionHarnessTests.fixture("nbi-device-tr181.json")
        tree.insert(ParameterEntry(path: "Device.DeviceInfo.Label", value: Self.label, type: .string))
        let (compared, js) = try await EvaluatorAgreementTests.compareAndRun(
            compiled,
            rule: "uni",
            tree: tree,
            deviceId: deviceId,
            tags: tags,
            label: "code points"
        )
        #expect(compared == 4)
        let provision = try #require(compiled.artifacts.first { $0.kind == .provision })
        #expect(
            provision.contents.contains(
                #"Array.from(String(String(deviceValue("Device.DeviceInfo.Label")))).slice(-(1)).join("")"#
            )
        )
        // Compared scalar by scalar: String equality would take e + U+0301 for é.
        func scalars(_ path: String) -> [Unicode.Scalar] { Array((js.declaration(path)?.value ?? "").unicodeScalars) }
        #expect(scalars("Device.X.R1") == ["\u{1F600}"], "\(js.declarations)")
        #expect(scalars("Device.X.R2") == ["\u{301}", "\u{1F600}"])
        #expect(scalars("Device.X.L7") == Array("Cafe-e\u{301}".unicodeScalars))
        #expect(scalars("Device.X.L6") == Array("Cafe-e".unicodeScalars))
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

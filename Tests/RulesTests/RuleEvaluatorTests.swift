import CWMP
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

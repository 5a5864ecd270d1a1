import FerruleCore
import FerruleTestSupport
import Foundation
import Testing

@testable import Rules

/// GenieACS selects presets again in the same session after a cycle changed the device
/// (lib/cwmp.ts:598-606 at v1.2.16): a tag one rule adds makes another rule apply in that session.
@Suite("preset cycles: a tag added in the session is seen by the next selection")
struct PresetCycleTests {
    static let rules = """
        rules:
          - name: a-bootstrap
            triggers: {events: ["0 BOOTSTRAP"]}
            actions:
              - tag: {add: [managed], remove: [fresh]}
          - name: b-managed
            match: {tags: {all: [managed]}}
            actions:
              - set: {path: Device.DeviceInfo.ProvisioningCode, value: m}
          - name: c-fresh
            match: {tags: {all: [fresh]}}
            actions:
              - set: {path: Device.DeviceInfo.ProvisioningCode, value: f}

        """

    @Test("the rule a new tag selects runs in the same session; the one a removed tag selected ran first")
    func secondSelection() throws {
        let (set, d, _) = try RuleTestSupport.load(["r.yaml": Self.rules])
        #expect(!d.hasErrors, "\(d.sorted)")
        let verdicts = RuleEvaluator.evaluate(set.rules, on: DeviceState(tags: ["fresh"], events: ["0 BOOTSTRAP"]))
        #expect(verdicts.filter(\.matches).map(\.rule) == ["a-bootstrap", "b-managed", "c-fresh"])
        // Without the bootstrap event nothing adds the tag.
        let periodic = RuleEvaluator.evaluate(set.rules, on: DeviceState(tags: ["fresh"], events: ["2 PERIODIC"]))
        #expect(periodic.filter(\.matches).map(\.rule) == ["c-fresh"])
    }
}

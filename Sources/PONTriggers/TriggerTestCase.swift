public import FerruleCore
public import PONEvents
public import Rules
import Yams

/// A `ferrule test` case that gives a PON event instead of a device, and asserts what it triggers:
///
/// ```yaml
/// cases:
///   - name: an activated Huawei ONU is bound and tagged
///     event: {name: ONU_ACTIVATED_RAISE_EVENT, kind: onu_activated, onuSerial: HWTC1A2B3C4D, ponInterface: 3}
///     expect:
///       triggers: [voltha.onu_activated]            # optional: the event maps to exactly these
///       fires: [bind-huawei-gateway]                # optional: exactly these rules fire
///       actions:                                    # optional: exactly these actions, in order
///         - "bind-huawei-gateway: tag +pon-active"
///         - "bind-huawei-gateway: provision bind-gateway(\"HWTC1A2B3C4D\")"
/// ```
public struct TriggerTestCase: Sendable {
    public var name: String
    public var location: SourceLocation
    public var event: PONEvent
    public var expectedTriggers: [String]?
    public var expectedFires: [String]?
    public var expectedActions: [String]?

    static let keys = ["name", "event", "expect"]
    static let expectKeys = ["triggers", "fires", "actions"]

    /// The event cases of a test file (cases with `device:` are `RuleTestCase`s and skipped here).
    public static func load(_ file: String, diagnostics: inout DiagnosticCollector) -> [TriggerTestCase] {
        guard let data = try? BoundedFileReader.read(file),
            let root = try? YAMLComposer.compose(String(decoding: data, as: UTF8.self)),
            let cases = root.mapping?["cases"]?.sequence
        else { return [] }  // RuleTestCase.load reports unreadable and malformed files.
        var reader = PONEventReader(file: file, diagnostics: diagnostics)
        var out: [TriggerTestCase] = []
        for (index, node) in cases.enumerated() {
            guard let m = node.mapping, let eventNode = m["event"] else { continue }
            for (key, _) in m where !keys.contains(key.string ?? "") {
                reader.unknownKey(key, key.string ?? "", among: keys, in: "an event test case")
            }
            guard let event = reader.event(eventNode) else { continue }
            var testCase = TriggerTestCase(
                name: m["name"]?.string ?? "case \(index + 1)",
                location: reader.location(node),
                event: event
            )
            if let expect = m["expect"] {
                guard let entries = reader.mapping(expect, what: "`expect` (triggers, fires, actions)") else {
                    continue
                }
                for (key, value) in entries {
                    let list = reader.sequence(value, what: "`\(key.string ?? "")`")?.compactMap(\.string)
                    switch key.string ?? "" {
                    case "triggers": testCase.expectedTriggers = list
                    case "fires": testCase.expectedFires = list
                    case "actions": testCase.expectedActions = list
                    default: reader.unknownKey(key, key.string ?? "", among: expectKeys, in: "`expect`")
                    }
                }
            }
            out.append(testCase)
        }
        diagnostics = reader.diagnostics
        return out
    }

    init(name: String, location: SourceLocation, event: PONEvent) {
        self.name = name
        self.location = location
        self.event = event
    }

    /// Runs the case against `rules`: the failures (empty when it passes).
    public func run(_ rules: [TriggerRule]) -> [String] {
        let plan = TriggerPlanner(rules: rules).plan(event)
        var failures: [String] = []
        if let expectedTriggers {
            let got = plan.triggers.map(\.qualifiedName)
            let want = expectedTriggers.map { $0.contains(".") ? $0 : TriggerEvent.namespace + $0 }
            if got != want { failures.append("triggers: expected \(want), got \(got)") }
        }
        if let expectedFires, plan.fired.sorted() != expectedFires.sorted() {
            failures.append("firing rules: expected \(expectedFires.sorted()), got \(plan.fired.sorted())")
            let facts = plan.facts
            for name in expectedFires where !plan.fired.contains(name) {
                guard let rule = rules.first(where: { $0.name == name }) else {
                    failures.append("  \(name) is not a trigger rule")
                    continue
                }
                let reasons =
                    plan.triggers.isEmpty
                    ? ["the event triggers nothing"] : plan.triggers.flatMap { rule.evaluate($0, facts).reasons }
                failures.append("  \(name) does not fire: \(reasons.joined(separator: "; "))")
            }
        }
        if let expectedActions {
            let got = plan.actions.map(\.summary)
            if got != expectedActions {
                failures.append("actions: expected")
                failures += expectedActions.map { "    \($0)" }
                failures.append("  got")
                failures += (got.isEmpty ? ["(none)"] : got).map { "    \($0)" }
            }
        }
        return failures
    }
}

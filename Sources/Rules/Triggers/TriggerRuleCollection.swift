import FerruleCore

/// Gathers the trigger rules and the `correlation:` block of every rule file while `RuleLoader` reads
/// them: names unique across trigger and preset rules, one `correlation:` per rule set.
struct TriggerRuleCollection {
    private var byName: [String: TriggerRule] = [:]
    private var correlation: CorrelationSettings?

    mutating func add(_ content: RuleReader.FileContent, diagnostics: inout DiagnosticCollector) {
        for rule in content.triggerRules {
            byName.defineOnce(
                rule,
                named: rule.name,
                "rule",
                at: rule.location,
                firstAt: \.location,
                hint: "rule names must be unique",
                diagnostics: &diagnostics
            )
        }
        if let settings = content.correlation {
            if let existing = correlation, let first = existing.location {
                diagnostics.error(
                    .duplicateCorrelation,
                    "`correlation:` is given in more than one file",
                    at: settings.location ?? first,
                    hint: "keep one `correlation:` block per rule set",
                    related: [first]
                )
            } else {
                correlation = settings
            }
        }
    }

    func finish(into set: inout RuleSet, ruleNames: [String: RuleFragment], diagnostics: inout DiagnosticCollector) {
        for (name, rule) in byName {
            if let other = ruleNames[name] {
                diagnostics.error(
                    .duplicateName,
                    "rule \"\(name)\" is defined twice (a trigger rule and a preset rule)",
                    at: rule.location,
                    hint: "rule names must be unique",
                    related: [other.location]
                )
            }
        }
        set.triggerRules = byName.values.sorted { $0.name < $1.name }
        if let correlation { set.correlation = correlation }
    }
}

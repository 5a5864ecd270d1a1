public import FerruleCore
public import Rules

/// `onos.*` triggers fire only for ONOS's events, which a consumer reads only when told to
/// (`ferrule events run --onos`): a rule that reacts only to them would never fire otherwise.
public enum ONOSTriggerSources {
    /// An error for each rule that reacts only to `onos.*` triggers when ONOS's topics are not read
    /// (`consumingONOS` false), a warning for one that has other triggers too; `hint` says how to
    /// read them (`events run`'s flag by default, `ferrule serve` passes its `events.onos`).
    public static func check(
        _ rules: [TriggerRule],
        consumingONOS: Bool,
        hint: String = "give `ferrule events run` --onos (or --onos-topics LIST) (docs/triggers.md)",
        diagnostics: inout DiagnosticCollector
    ) {
        guard !consumingONOS else { return }
        for rule in rules {
            let onos = rule.triggers.filter(\.isONOS)
            guard !onos.isEmpty else { continue }
            let names = onos.map(\.qualifiedName).joined(separator: ", ")
            let all = onos.count == rule.triggers.count
            let message =
                "rule \(rule.name): \(names) events come from ONOS's topics (onu.events, authentication.events, "
                + "dhcp.events), which are not read: " + (all ? "the rule never fires" : "it never fires for \(names)")
            if all {
                diagnostics.error(.noEventSource, message, at: rule.triggerLocation, hint: hint)
            } else {
                diagnostics.warning(.noEventSource, message, at: rule.triggerLocation, hint: hint)
            }
        }
    }
}

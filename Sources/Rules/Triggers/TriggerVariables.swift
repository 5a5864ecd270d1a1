public import FerruleCore

/// `${name}` in trigger rules: `${event.FIELD}` stays for the event to fill; every other variable comes
/// from the environment's variable files, like in preset rules; `${secret:NAME}` stays a placeholder.
public enum TriggerVariables {
    /// The rules with their variables substituted; undefined ones are reported.
    public static func resolve(
        _ rules: [TriggerRule],
        _ variables: VariableSet,
        diagnostics: inout DiagnosticCollector
    ) -> [TriggerRule] {
        rules.map { rule in
            var out = rule
            out.actions = rule.actions.map { action in
                switch action {
                case .provision(let name, let args, let at):
                    return .provision(name: name, args: args.map { resolve($0, variables, &diagnostics) }, location: at)
                case .webhook(let spec, let at):
                    return .webhook(spec.map { resolve($0, variables, &diagnostics) }, location: at)
                default:
                    return action
                }
            }
            return out
        }
    }

    static func resolve(
        _ value: RuleValue,
        _ variables: VariableSet,
        _ diagnostics: inout DiagnosticCollector
    ) -> RuleValue {
        var out = value
        var parts: [TemplatePart] = []
        for part in value.parts {
            var resolved = part
            if case .variable(let name) = part, !name.hasPrefix("event.") {
                if let text = variables.values[name] {
                    resolved = .literal(text)
                } else {
                    let suggestion = DidYouMean.suggestion(for: name, among: Array(variables.values.keys))
                    diagnostics.error(
                        .unknownVariable,
                        "variable \"\(DisplayText.value(name))\" is not defined",
                        at: value.location,
                        hint: suggestion.map { "did you mean \"\($0)\"?" }
                            ?? "define it in a vars file (--vars) or pass --env; the event's fields are ${event.FIELD}"
                    )
                    resolved = .literal("")
                }
            }
            if case .literal(let b) = resolved, case .literal(let a)? = parts.last {
                parts[parts.count - 1] = .literal(a + b)
            } else {
                parts.append(resolved)
            }
        }
        out.parts = parts
        return out
    }
}

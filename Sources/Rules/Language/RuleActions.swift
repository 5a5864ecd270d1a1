public import FerruleCore

/// The rule language's actions outside a rule file: campaign files reuse them (`configuration:`).
public enum RuleActions {
    /// Reads a YAML sequence of actions (`- wifi: {…}`, `- set: {…}`), reporting problems with the
    /// node's file:line:column, exactly as in a rule's `actions:`.
    public static func read(_ node: YAMLNode, file: String, diagnostics: inout DiagnosticCollector) -> [Action] {
        var reader = RuleReader(file: file, diagnostics: diagnostics)
        var actions: [Action] = []
        if let list = reader.sequence(node, what: "a list of actions") {
            for item in list { if let action = reader.action(item) { actions.append(action) } }
        }
        diagnostics = reader.diagnostics
        return actions
    }
}

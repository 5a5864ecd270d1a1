import FerruleCore

extension RuleCompiler {
    /// Refuses a rule whose generated precondition is deeper than the expression parser accepts
    /// (``ExpressionParser/maximumHeight``): a `match` with hundreds of alternatives or
    /// conditions, or a precondition near the limit that the `match` clauses push over it.
    ///
    /// The preconditions as written are checked (and reported with their own location) by
    /// ``check(_:_:_:)``; this names the rule, since the text at fault is the one Ferrule generates.
    static func checkPreconditionSize(_ rule: Rule, _ diagnostics: inout DiagnosticCollector) {
        // A precondition that does not parse is reported where it was written, not again here.
        let written = rule.preconditions.allSatisfy { (try? Expression.parse($0.text, context: .precondition)) != nil }
        let generated: [(what: String, text: String?)] = [
            ("its `match`", MatchCompiler.precondition(rule.match)),
            ("its `match` and preconditions together", written ? presetPrecondition(rule) : nil),
        ]
        for (what, text) in generated {
            guard let text, !text.isEmpty else { continue }
            do {
                _ = try Expression.parse(text, context: .precondition)
            } catch  where error.kind == .tooDeep {
                diagnostics.error(
                    .badExpression,
                    "rule `\(rule.name)`: \(what) compiles to a precondition more than "
                        + "\(ExpressionParser.maximumHeight) operators deep",
                    at: rule.location,
                    hint: "split the rule, or tag the devices and match the tag (match.tags)"
                )
                return
            } catch {
                // Other problems are reported where the text was written.
            }
        }
    }
}

import FerruleCore
import FerruleJSON

/// Plan output: a human diff (optionally coloured) or JSON.
///
/// Neither form can hold a secret value: the plan only carries preset text as
/// ``SecretTemplates/shown(_:desired:secrets:)`` shows it (placeholders restored, known values
/// and arguments that may hold one masked).
///
/// The text form escapes control characters (`\u{1B}`, `\r`, `\n`) in everything GenieACS or a
/// rule file supplies: artifact names (GenieACS takes `%1B`, `%0D`, `%0A` in `/presets/<name>`,
/// 1.2.16 lib/nbi.ts:22 and its `decodeURIComponent`), rules, sources, notes and diff lines (tabs
/// kept), so a name cannot clear the screen or print a fake plan line. JSON escapes them itself.
public enum PlanRenderer {
    /// Text for people: one line per artifact that changes, diffs for updates, a summary.
    public static func text(_ plan: Plan, acs: String, colour: Bool, prune: Bool) -> String {
        func paint(_ s: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        var out = "Plan against \(acs):\n"
        let shown = plan.items.filter { $0.action != .unchanged || $0.drift || !$0.notes.isEmpty }
        if shown.isEmpty { out += "  no changes: GenieACS holds exactly the compiled artifacts\n" }
        for item in shown {
            let (symbol, colourCode, words): (String, String, String) =
                switch item.action {
                case .create: ("+", "32", "create")
                case .update: ("~", "33", "update")
                case .delete: ("-", "31", prune ? "delete" : "delete (only with --prune)")
                case .conflict: ("!", "35", "conflict: exists without Ferrule's marker (deploy needs --adopt)")
                case .unchanged: ("=", "36", item.notes.isEmpty ? "unchanged" : "kept")
                }
            let origin = item.source.isEmpty ? "" : "  (\(Self.shown(item.rule)) at \(Self.shown(item.source)))"
            out +=
                paint("  \(symbol) \(item.kind.label) \(Self.shown(item.name)): \(words)", colourCode) + origin + "\n"
            for note in item.notes { out += "      " + paint(Self.shown(note), item.drift ? "1;33" : "0") + "\n" }
            if item.action == .update || item.action == .conflict || (item.action == .unchanged && item.drift),
                let before = item.before, let after = item.after
            {
                let diff = LineDiff.unified(before, after)
                if !diff.isEmpty { out += "      --- GenieACS\n      +++ compiled\n" }
                for line in diff.map(Self.shownLine) {
                    let painted: String =
                        switch line.first {
                        case "-": paint(line, "31")
                        case "+": paint(line, "32")
                        case "@": paint(line, "36")
                        default: line
                        }
                    out += "      " + painted + "\n"
                }
            }
        }
        if !plan.unmanaged.isEmpty {
            out += "Unmanaged (no Ferrule marker, left alone): "
            out += plan.unmanaged.map { "\($0.kind.label) \(Self.shown($0.name))" }.joined(separator: ", ") + "\n"
        }
        out += "Summary: \(plan.count(.create)) to create, \(plan.count(.update)) to update, "
        out += "\(plan.count(.delete)) to delete\(prune ? "" : " (with --prune)"), \(plan.count(.unchanged)) unchanged"
        out +=
            "; \(plan.drifted.count) drifted, \(plan.conflicts.count) conflicting, \(plan.unmanaged.count) unmanaged\n"
        if !plan.secretsCompared {
            out += "Secret values were not compared (no --secrets file and no FERRULE_SECRET_* variables).\n"
        }
        return out
    }

    /// A name, rule, source or note as the text form prints it: control characters escaped.
    static func shown(_ text: String) -> String { DisplayText.escaped(text) }

    /// A diff line as the text form prints it: control characters but tabs escaped (a script's
    /// indentation stays as it is).
    static func shownLine(_ line: String) -> String {
        line.split(separator: "\t", omittingEmptySubsequences: false).map { DisplayText.escaped(String($0)) }
            .joined(separator: "\t")
    }

    /// JSON for machines: `{acs, summary, items: [...], unmanaged: [...]}`.
    public static func json(_ plan: Plan, acs: String, prune: Bool) -> String {
        let items = plan.items.map { item -> JSONValue in
            var members: [(String, JSONValue)] = [
                ("kind", .string(item.kind.rawValue)), ("name", .string(item.name)),
                ("action", .string(item.action.rawValue)), ("drift", .bool(item.drift)), ("rule", .string(item.rule)),
                ("source", .string(item.source)), ("notes", .array(item.notes.map { .string($0) })),
            ]
            if item.action == .update || item.action == .conflict || item.drift, let before = item.before,
                let after = item.after
            {
                members.append(("diff", .array(LineDiff.unified(before, after).map { .string($0) })))
            }
            return .object(members)
        }
        let summary: JSONValue = .object([
            ("create", .int(plan.count(.create))), ("update", .int(plan.count(.update))),
            ("delete", .int(plan.count(.delete))), ("unchanged", .int(plan.count(.unchanged))),
            ("conflict", .int(plan.count(.conflict))), ("drift", .int(plan.drifted.count)),
            ("unmanaged", .int(plan.unmanaged.count)), ("changes", .bool(plan.hasChanges(prune: prune))),
            ("secretsCompared", .bool(plan.secretsCompared)),
        ])
        let unmanaged = plan.unmanaged.map {
            JSONValue.object([("kind", .string($0.kind.rawValue)), ("name", .string($0.name))])
        }
        return JSONValue.object([
            ("acs", .string(acs)), ("summary", summary), ("items", .array(items)), ("unmanaged", .array(unmanaged)),
        ]).canonicalText
    }
}

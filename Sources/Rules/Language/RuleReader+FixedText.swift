import FerruleCore
import Yams

/// Fields whose text is fixed when compiling: `match` patterns, preconditions, paths, tables and
/// download names. They take `${variable}` (substituted by ``RuleCompiler/substitute(_:_:_:)``)
/// and `$$`, nothing read later: GenieACS receives them as written, so `${secret:…}`,
/// `${device.…}`, `${param:…}` or a function there would reach it as the literal text
/// `${…}` — a precondition that never matches, a Download of a file named `${firmware.file}`.
enum FixedTextField {
    /// Where the text ends up, which decides what a user can write instead.
    enum Place {
        /// A preset precondition (a `match` field or `precondition`): GenieACS evaluates it before
        /// any provision runs and stores it as written, readable by everyone with access to GenieACS.
        case precondition
        /// A path or name the provision script declares, identical on every device.
        case provisionPath
        /// A `download` field, part of the `Downloads.[FileType:…,FileName:…,TargetFileName:…]` alias.
        case download
    }
}

extension RuleReader {
    /// Reports the `${…}` parts of `node`'s text that cannot stand in `field` (see
    /// ``FixedTextField``): everything but `${variable}`. Returns whether the text is acceptable;
    /// a malformed template is reported as in values. Non-scalar nodes are left to the shape checks.
    @discardableResult
    mutating func checkFixedText(_ node: Node, field: String, place: FixedTextField.Place) -> Bool {
        guard let scalar = node.scalar, scalar.string.contains("$") else { return true }
        let text = scalar.string
        let parts: [TemplatePart]
        do {
            parts = try Template.parse(text)
        } catch {
            var at = location(node)
            let plain = scalar.style == .plain || scalar.style == .any
            at.column += error.offset + (plain ? 0 : 1)
            diagnostics.error(
                .badTemplate,
                "`\(field)`: \(error.message)",
                at: at,
                hint: "write `$$` for a literal `$`; see `Values` in docs/rules.md"
            )
            return false
        }
        guard let refused = parts.first(where: Self.notFixed) else { return true }
        let (why, instead) = Self.fixedTextRefusal(refused, place: place)
        error(
            node,
            .badTemplate,
            "`\(field)` is not a template: ${\(DisplayText.value(refused.templateText))} \(why), so GenieACS would receive the literal text"
                + (refused.secrets.isEmpty || place != .precondition
                    ? "" : "; a secret is never written into a preset precondition"),
            hint: instead
        )
        return false
    }

    /// ``checkFixedText(_:field:place:)`` for each item of a scalar or a list of scalars.
    mutating func checkFixedTexts(_ node: Node, field: String, place: FixedTextField.Place) {
        for item in node.sequence.map(Array.init) ?? [node] { checkFixedText(item, field: field, place: place) }
    }

    /// Whether a part cannot be resolved when compiling.
    static func notFixed(_ part: TemplatePart) -> Bool {
        switch part {
        case .literal, .variable, .integer: false
        case .secret, .device, .parameter, .function: true
        }
    }

    /// Why `part` cannot stand in a field of `place`, and what to write instead.
    static func fixedTextRefusal(_ part: TemplatePart, place: FixedTextField.Place) -> (why: String, instead: String) {
        let why =
            part.secrets.isEmpty
            ? "is read on the device when the provision runs"
            : "is filled in only at deploy time, as a preset argument of the values an action sets"
        let instead: String
        switch place {
        case .precondition:
            instead =
                part.secrets.isEmpty
                ? "a precondition is evaluated before any provision runs: write the value, a ${variable} from vars files, or match on a tag or parameter"
                : "match on a tag (`match: {tags: {any: [...]}}`) set on those devices, or on a value that is not secret"
        case .provisionPath:
            instead =
                "a path is the same for every device: write it out or use a ${variable} from vars files (a `set` value takes ${device.…} and ${param:…})"
        case .download:
            instead =
                "a download names one file for every device the rule matches: write it out or use a ${variable}; for a file per model, write one rule per `match.productClass`"
        }
        return (why, instead)
    }
}

import Foundation
import Rules
import Yams

/// Reads one campaign file's YAML into a ``CampaignSpec``, reporting every problem with
/// file:line:column (the style of the rule reader).
struct CampaignReader {
    let file: String
    let variables: VariableSet
    var diagnostics: DiagnosticCollector

    init(file: String, variables: VariableSet, diagnostics: DiagnosticCollector) {
        self.file = file
        self.variables = variables
        self.diagnostics = diagnostics
    }

    /// One `key: value` of a mapping, with the key's documented name.
    struct Entry {
        var name: String
        var key: Node
        var value: Node
    }

    // MARK: - The file

    mutating func read(_ text: String) -> CampaignSpec? {
        let root: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else {
                error(nil, "empty", "the campaign file is empty", hint: "start with `name:`; see docs/campaigns.md")
                return nil
            }
            root = composed
        } catch let failure as YamlError {
            syntaxError(failure, text: text)
            return nil
        } catch {
            diagnostics.error("yaml", "not valid YAML: \(error)", at: RuleLocation(file: file))
            return nil
        }
        guard let entries = entries(root, what: "a campaign file", keys: .file) else { return nil }

        var name: String?
        var description: String?
        var change: CampaignSpec.Change?
        var changeKey: Node?
        var devices: FilterSection?
        var rollout = Rollout()
        for entry in entries {
            switch entry.name {
            case "name":
                name = campaignName(entry.value)
            case "description":
                description = string(entry.value, what: "the description")
            case "firmware", "configuration":
                let read: CampaignSpec.Change? =
                    entry.name == "firmware"
                    ? firmwareSection(entry.value).map { .firmware($0) }
                    : configurationSection(entry.value).map { .configuration($0) }
                if let first = changeKey {
                    error(
                        entry.key,
                        "conflicting-change",
                        "a campaign has exactly one of `firmware` and `configuration`",
                        hint:
                            "`\(first.string ?? "")` is already at line \(first.mark?.line ?? 0); split into two campaigns"
                    )
                } else {
                    changeKey = entry.key
                    change = read
                }
            case "devices":
                devices = filterSection(entry.value)
            case "rollout":
                rollout = rolloutSection(entry.value) ?? rollout
            default:
                break
            }
        }
        if name == nil && !entries.contains(where: { $0.name == "name" }) {
            error(root, "missing-field", "a campaign needs a `name`", hint: "add `name: fw-eg8145v5-2026q4`")
        }
        if changeKey == nil {
            error(
                root,
                "missing-change",
                "a campaign needs `firmware:` or `configuration:`",
                hint: "`firmware: {file: …, target_version: …}` upgrades; `configuration: [- set: …]` sets values"
            )
        }
        if !entries.contains(where: { $0.name == "devices" }) {
            error(
                root,
                "missing-field",
                "a campaign needs `devices:` (which devices it targets)",
                hint:
                    "add e.g. `devices: {manufacturer: Huawei, model: EG8145V5}`; `devices: {all: true}` targets every device"
            )
        }
        guard let name, let change, let devices else { return nil }
        return CampaignSpec(
            name: name,
            description: description,
            change: change,
            filter: devices.filter,
            expectedCount: devices.expectedCount,
            rollout: rollout,
            file: file
        )
    }

    private mutating func campaignName(_ node: Node) -> String? {
        guard let text = string(node, what: "the campaign name") else { return nil }
        let allowed = text.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
                || "_.-".unicodeScalars.contains($0)
        }
        guard !text.isEmpty, text.count <= 100, allowed else {
            error(
                node,
                "bad-name",
                "campaign name \"\(text)\" must be 1–100 characters of A-Z, a-z, 0-9, _, . and -",
                hint: "the name identifies the campaign in reports and task keys (`fw-eg8145v5-2026q4`)"
            )
            return nil
        }
        return text
    }

    private mutating func syntaxError(_ failure: YamlError, text: String) {
        switch failure {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\($0.text): " } ?? ""
            diagnostics.error(
                "yaml",
                "not valid YAML: \(detail)\(problem)",
                at: RuleLocation(file: file, line: mark.line, column: mark.column),
                hint: "fix the syntax at this position"
            )
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.sorted()
            let mapping = RuleLocation(file: file, line: context.mark.line, column: context.mark.column)
            diagnostics.error(
                "duplicate-key",
                "duplicated key(s) \(names.joined(separator: ", "))",
                at: names.first.flatMap { secondOccurrence(of: $0, in: text, mapping: mapping) } ?? mapping,
                hint: "keep one of each"
            )
        default:
            diagnostics.error("yaml", "not valid YAML: \(failure)", at: RuleLocation(file: file))
        }
    }

    /// Where `key` is given the second time in the block mapping starting at `mapping` (Yams
    /// reports only the mapping); nil for flow mappings and anything unusual.
    private func secondOccurrence(of key: String, in text: String, mapping: RuleLocation) -> RuleLocation? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let indent = mapping.column - 1
        var seen = 0
        for index in max(0, mapping.line - 1)..<lines.count {
            let chars = Array(lines[index].unicodeScalars)
            let leading = chars.prefix { $0 == " " }.count
            if index >= mapping.line, leading < indent, leading < chars.count, chars[leading] != "#" { break }
            guard chars.count > indent, index == mapping.line - 1 || leading == indent else { continue }
            let rest = String(String.UnicodeScalarView(chars[indent...]))
            if rest.hasPrefix(key + ":") || rest.hasPrefix("\"\(key)\":") || rest.hasPrefix("'\(key)':") {
                seen += 1
                if seen == 2 { return RuleLocation(file: file, line: index + 1, column: mapping.column) }
            }
        }
        return nil
    }

    // MARK: - Diagnostics

    func location(_ node: Node?) -> RuleLocation {
        RuleLocation(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1)
    }

    mutating func error(_ node: Node?, _ code: String, _ message: String, hint: String? = nil) {
        diagnostics.error(code, message, at: location(node), hint: hint)
    }

    mutating func warning(_ node: Node?, _ code: String, _ message: String, hint: String? = nil) {
        diagnostics.warning(code, message, at: location(node), hint: hint)
    }

    mutating func unknownKey(_ key: Node, _ name: String, among keys: CampaignKeys, in place: String) {
        let hint: String
        if let special = keys.hints[name] {
            hint = special
        } else if let suggestion = Suggestion.closest(to: name, among: keys.names + keys.aliases.keys.sorted()) {
            hint = "did you mean \"\(keys.canonical(suggestion) ?? suggestion)\"?"
        } else {
            hint = "known keys: \(keys.names.joined(separator: ", "))"
        }
        error(key, "unknown-key", "unknown key \"\(name)\" in \(place)", hint: hint)
    }

    // MARK: - Shapes

    /// The entries of a mapping with documented names; unknown keys and keys given twice
    /// (also through an alias) are reported and left out.
    mutating func entries(_ node: Node, what: String, keys: CampaignKeys) -> [Entry]? {
        guard let pairs = mapping(node, what: what) else { return nil }
        var out: [Entry] = []
        var seen: [String: Node] = [:]
        for (key, value) in pairs {
            guard let name = key.string, key.scalar != nil else {
                error(key, "wrong-type", "a key of \(what) must be a single word")
                continue
            }
            guard let canonical = keys.canonical(name) else {
                unknownKey(key, name, among: keys, in: what)
                continue
            }
            if let first = seen[canonical] {
                error(
                    key,
                    "duplicate-key",
                    "`\(name)` repeats `\(first.string ?? canonical)` (line \(first.mark?.line ?? 0))",
                    hint: "keep one of them"
                )
                continue
            }
            seen[canonical] = key
            out.append(Entry(name: canonical, key: key, value: value))
        }
        return out
    }

    mutating func mapping(_ node: Node, what: String) -> [(Node, Node)]? {
        guard let m = node.mapping else {
            error(node, "wrong-type", "expected \(what) as a mapping (`key: value` lines)")
            return nil
        }
        return m.map { ($0.key, $0.value) }
    }

    mutating func sequence(_ node: Node, what: String) -> [Node]? {
        guard let s = node.sequence else {
            error(node, "wrong-type", "expected \(what) as a list (`- item` lines or `[a, b]`)")
            return nil
        }
        return Array(s)
    }

    /// A scalar's text, `${name}` variables substituted.
    mutating func string(_ node: Node, what: String) -> String? {
        guard let scalar = node.scalar else {
            error(node, "wrong-type", "expected \(what) as a single value")
            return nil
        }
        return substitute(scalar.string, at: node)
    }

    /// A non-empty scalar's text.
    mutating func nonEmptyString(_ node: Node, what: String) -> String? {
        guard let text = string(node, what: what) else { return nil }
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            error(node, "bad-value", "\(what) is empty")
            return nil
        }
        return text
    }

    mutating func int(_ node: Node, what: String, range: ClosedRange<Int>) -> Int? {
        guard let scalar = node.scalar, scalar.style == .plain || scalar.style == .any, let n = node.int else {
            error(node, "wrong-type", "expected \(what) as a whole number")
            return nil
        }
        guard range.contains(n) else {
            error(
                node,
                "out-of-range",
                "\(what) must be between \(range.lowerBound) and \(range.upperBound), not \(n)"
            )
            return nil
        }
        return n
    }

    mutating func bool(_ node: Node, what: String) -> Bool? {
        guard let scalar = node.scalar, scalar.style == .plain || scalar.style == .any, let b = node.bool else {
            error(node, "wrong-type", "expected \(what) as true or false")
            return nil
        }
        return b
    }

    /// Whether a scalar was written without quotes (so `900` is a number, `"900"` text).
    func isPlain(_ node: Node) -> Bool {
        guard let scalar = node.scalar else { return false }
        return scalar.style == .plain || scalar.style == .any
    }
}

import FerruleCore
import Foundation
import Yams

/// Reads one campaign file's YAML into a ``CampaignSpec``, reporting every problem with
/// file:line:column (the style of the rule reader).
struct CampaignReader: YAMLReader {
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
        let errorsBefore = diagnostics.errorCount
        guard let root = compose(text) else {
            if diagnostics.errorCount == errorsBefore {
                error(nil, .empty, "the campaign file is empty", hint: "start with `name:`; see docs/campaigns.md")
            }
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
                        .conflictingChange,
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
            error(root, .missingField, "a campaign needs a `name`", hint: "add `name: fw-eg8145v5-2026q4`")
        }
        if changeKey == nil {
            error(
                root,
                .missingChange,
                "a campaign needs `firmware:` or `configuration:`",
                hint: "`firmware: {file: …, target_version: …}` upgrades; `configuration: [- set: …]` sets values"
            )
        }
        if !entries.contains(where: { $0.name == "devices" }) {
            error(
                root,
                .missingField,
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
                .badName,
                "campaign name \"\(text)\" must be 1–100 characters of A-Z, a-z, 0-9, _, . and -",
                hint: "the name identifies the campaign in reports and task keys (`fw-eg8145v5-2026q4`)"
            )
            return nil
        }
        return text
    }

    // MARK: - Diagnostics

    /// A missing node points at the file's first line (the campaign as a whole).
    func location(_ node: Node?) -> SourceLocation {
        SourceLocation(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1)
    }

    mutating func unknownKey(_ key: Node, _ name: String, among keys: CampaignKeys, in place: String) {
        let hint: String
        if let special = keys.hints[name] {
            hint = special
        } else if let suggestion = DidYouMean.suggestion(
            forPrefix: name,
            among: keys.names + keys.aliases.keys.sorted()
        ) {
            hint = "did you mean \"\(keys.canonical(suggestion) ?? suggestion)\"?"
        } else {
            hint = "known keys: \(keys.names.joined(separator: ", "))"
        }
        error(key, .unknownKey, "unknown key \"\(DisplayText.value(name))\" in \(place)", hint: hint)
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
                error(key, .wrongType, "a key of \(what) must be a single word")
                continue
            }
            guard let canonical = keys.canonical(name) else {
                unknownKey(key, name, among: keys, in: what)
                continue
            }
            if let first = seen[canonical] {
                error(
                    key,
                    .duplicateKey,
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

    /// A scalar's text, `${name}` variables substituted.
    mutating func string(_ node: Node, what: String) -> String? {
        guard let text = scalarText(node, what: what) else { return nil }
        return substitute(text, at: node)
    }

    /// A non-empty scalar's text.
    mutating func nonEmptyString(_ node: Node, what: String) -> String? {
        guard let text = string(node, what: what) else { return nil }
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            error(node, .badValue, "\(what) is empty")
            return nil
        }
        return text
    }
}

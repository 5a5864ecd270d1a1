import ContentHash
public import FerruleJSON

/// The mark `ferrule compile` leaves on each artifact, read back from GenieACS by plan and deploy.
///
/// Presets carry a `ferrule` member (`{hash, rule, source, version}`, plus `secretArgs` once
/// deployed); provisions and virtual parameters a first line
/// `// ferrule: rule=<name> source=<file:line:col> hash=sha256:<hex>` (`virtual-parameter=` for
/// virtual parameters) followed by one comment line. The hash covers the content without the
/// marker (presets: compact JSON with sorted keys; scripts: the text after the two header lines),
/// so an artifact edited in GenieACS no longer matches its own marker: that is drift.
public struct OwnershipMarker: Sendable, Hashable {
    /// `sha256:<hex>` of the content as compiled.
    public var hash: String
    /// The rule (or virtual parameter) it came from.
    public var rule: String
    /// `file:line:column` of that rule.
    public var source: String

    /// The marker of a preset document; nil when the preset is not Ferrule's.
    public static func preset(_ document: JSONValue) -> OwnershipMarker? {
        guard let marker = document["ferrule"], let hash = marker["hash"]?.stringValue else { return nil }
        return OwnershipMarker(
            hash: hash,
            rule: marker["rule"]?.stringValue ?? "",
            source: marker["source"]?.stringValue ?? ""
        )
    }

    /// The marker of a provision or virtual-parameter script; nil when the script is not Ferrule's.
    public static func script(_ text: String) -> OwnershipMarker? {
        let firstLine = text.prefix { $0 != "\n" }
        guard firstLine.hasPrefix("// ferrule: ") else { return nil }
        var fields: [String: String] = [:]
        for word in firstLine.dropFirst("// ferrule: ".count).split(separator: " ") {
            guard let eq = word.firstIndex(of: "=") else { continue }
            fields[String(word[..<eq])] = String(word[word.index(after: eq)...])
        }
        guard let hash = fields["hash"] else { return nil }
        return OwnershipMarker(
            hash: hash,
            rule: fields["rule"] ?? fields["virtual-parameter"] ?? "",
            source: fields["source"] ?? ""
        )
    }

    /// The hash a preset's content has now (without `_id` and the marker).
    public static func contentHash(ofPreset document: JSONValue) -> String {
        "sha256:" + SHA256.hex(Array(presetContent(document).sortedCompactText.utf8))
    }

    /// The hash a script's body has now (the text after the two marker lines).
    public static func contentHash(ofScript text: String) -> String {
        "sha256:" + SHA256.hex(Array(scriptBody(text).utf8))
    }

    /// A preset without `_id` and the marker: what is compared and hashed.
    static func presetContent(_ document: JSONValue) -> JSONValue {
        document.removing("_id").removing("ferrule")
    }

    static func scriptBody(_ text: String) -> Substring {
        var rest = Substring(text)
        for _ in 0..<2 {
            guard let newline = rest.firstIndex(of: "\n") else { return rest }
            rest = rest[rest.index(after: newline)...]
        }
        return rest
    }
}

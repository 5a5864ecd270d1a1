extension JSONValue {
    /// Compact JSON text in document order (what goes on the wire).
    public var compactText: String {
        var out = ""
        write(into: &out, sortKeys: false, indent: nil)
        return out
    }

    /// Canonical JSON text: keys sorted by code point, two-space indentation, a final newline.
    ///
    /// Two documents with the same members in any order give the same bytes, so hashes and diffs
    /// of canonical text compare meaning, not layout.
    public var canonicalText: String {
        var out = ""
        write(into: &out, sortKeys: true, indent: 0)
        return out + "\n"
    }

    /// Compact text with keys sorted: the form content hashes are taken over.
    public var sortedCompactText: String {
        var out = ""
        write(into: &out, sortKeys: true, indent: nil)
        return out
    }

    /// Parses UTF-8 text.
    public static func parse(_ text: String) throws(Failure) -> JSONValue {
        try parse(Array(text.utf8))
    }

    private func write(into out: inout String, sortKeys: Bool, indent: Int?) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let text): out += text
        case .string(let s): Self.quote(s, into: &out)
        case .array(let items):
            guard !items.isEmpty else {
                out += "[]"
                return
            }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                if let indent { out += "\n" + String(repeating: "  ", count: indent + 1) }
                item.write(into: &out, sortKeys: sortKeys, indent: indent.map { $0 + 1 })
            }
            if let indent { out += "\n" + String(repeating: "  ", count: indent) }
            out += "]"
        case .object(let members):
            guard !members.isEmpty else {
                out += "{}"
                return
            }
            let ordered =
                sortKeys
                ? members.sorted { $0.0.unicodeScalars.lexicographicallyPrecedes($1.0.unicodeScalars) } : members
            out += "{"
            for (i, (key, value)) in ordered.enumerated() {
                if i > 0 { out += "," }
                if let indent { out += "\n" + String(repeating: "  ", count: indent + 1) }
                Self.quote(key, into: &out)
                out += indent == nil ? ":" : ": "
                value.write(into: &out, sortKeys: sortKeys, indent: indent.map { $0 + 1 })
            }
            if let indent { out += "\n" + String(repeating: "  ", count: indent) }
            out += "}"
        }
    }

    /// How strings are escaped.
    public enum StringStyle: Sendable {
        /// Canonical: `"` `\\` `\n` `\r` `\t`, other control characters and U+2028/U+2029 as
        /// `\uXXXX`, so the literal is also safe inside JavaScript source (compiled provisions).
        case canonical
        /// Exactly JavaScript's `JSON.stringify`: `\b` and `\f` short escapes too, U+2028/U+2029
        /// as they are (GenieACS's expression array forms).
        case stringify
    }

    /// Appends `s` as a JSON string literal.
    public static func quote(_ s: String, into out: inout String, style: StringStyle = .canonical) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}" where style == .stringify: out += "\\b"
            case "\u{0C}" where style == .stringify: out += "\\f"
            case "\u{2028}" where style == .canonical: out += "\\u2028"
            case "\u{2029}" where style == .canonical: out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

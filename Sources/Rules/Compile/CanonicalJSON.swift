import FerruleJSON

/// JSON for compiled artifacts: keys sorted, two-space indentation, `\n` line ends, numbers
/// printed the same way every time, so compiling twice gives the same bytes.
public indirect enum CanonicalJSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([CanonicalJSON])
    case object([String: CanonicalJSON])

    /// The pretty-printed text with a final newline (keys sorted, two-space indentation).
    public var text: String { document.canonicalText }

    /// The text on one line, keys sorted: what content hashes are taken over. `ferrule plan`
    /// recomputes the same form from what GenieACS returns (FerruleJSON), so both sides agree.
    public var compact: String { document.sortedCompactText }

    /// The same value as a FerruleJSON document, whose writer renders both forms.
    var document: JSONValue {
        switch self {
        case .null: .null
        case .bool(let b): .bool(b)
        case .int(let n): .number(String(n))
        case .string(let s): .string(s)
        case .array(let items): .array(items.map(\.document))
        case .object(let members): .object(members.map { ($0.key, $0.value.document) })
        }
    }

    /// A JSON (and JavaScript) string literal.
    static func quote(_ s: String) -> String {
        var out = ""
        JSONValue.quote(s, into: &out)
        return out
    }
}

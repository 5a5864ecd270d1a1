import FerruleJSON

/// A JSON value, for GenieACS documents Ferrule writes (expression array forms, preset `args`).
///
/// ``serialized`` is deterministic, so compiled artifacts are byte-for-byte reproducible: no
/// whitespace, object keys sorted by UTF-16 code units (JavaScript's default string order), numbers
/// and strings formatted exactly as JavaScript's `JSON.stringify` does.
public enum ExpressionJSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([ExpressionJSON])
    case object([String: ExpressionJSON])

    /// Compact, deterministic JSON text.
    public var serialized: String {
        var out = ""
        write(into: &out)
        return out
    }

    /// Appends the compact JSON text to `out`.
    public func write(into out: inout String) {
        switch self {
        case .null:
            out += "null"
        case .bool(let b):
            out += b ? "true" : "false"
        case .number(let x):
            out += x.isFinite ? JavaScript.string(x) : "null"
        case .string(let s):
            Self.writeString(s, into: &out)
        case .array(let items):
            out += "["
            for (k, item) in items.enumerated() {
                if k > 0 { out += "," }
                item.write(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            let keys = members.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
            for (k, key) in keys.enumerated() {
                if k > 0 { out += "," }
                Self.writeString(key, into: &out)
                out += ":"
                members[key]?.write(into: &out)
            }
            out += "}"
        }
    }

    /// `JSON.stringify` for a string: `"` and `\` escaped, control characters as `\b \f \n \r \t` or
    /// `\u00xx`, everything else (including non-ASCII) as is.
    static func writeString(_ s: String, into out: inout String) {
        JSONValue.quote(s, into: &out, style: .stringify)
    }
}

extension ExpressionJSON: CustomStringConvertible {
    public var description: String { serialized }
}

extension ExpressionJSON: ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: ExpressionJSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, ExpressionJSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

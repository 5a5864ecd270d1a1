/// The value of an expression or of a device parameter, with GenieACS's (JavaScript's) types.
public enum ExpressionValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)

    /// JavaScript truthiness, which decides preconditions, `AND`/`OR`/`NOT` operands and `CASE`
    /// conditions: `NULL`, `FALSE`, `0`, `NaN` and `''` are false, everything else true.
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let b): b
        case .number(let x): x != 0 && !x.isNaN
        case .string(let s): !s.isEmpty
        }
    }

    public var isNull: Bool { self == .null }

    /// The value as a JSON scalar.
    public var jsonValue: ExpressionJSON {
        switch self {
        case .null: .null
        case .bool(let b): .bool(b)
        case .number(let x): .number(x)
        case .string(let s): .string(s)
        }
    }

    /// GenieACS's `toString` for `||`, `UPPER` and `LOWER` (`util.ts`): booleans become `1`/`0`.
    var concatenationText: String? {
        switch self {
        case .null: nil
        case .bool(let b): b ? "1" : "0"
        case .number(let x): JavaScript.string(x)
        case .string(let s): s
        }
    }

    /// JavaScript's `String(v)`: booleans become `true`/`false`.
    var javaScriptString: String? {
        switch self {
        case .null: nil
        case .bool(let b): b ? "true" : "false"
        case .number(let x): JavaScript.string(x)
        case .string(let s): s
        }
    }

    /// GenieACS's `toNumber` for arithmetic (`util.ts`): `parseFloat(s) || 0` for strings.
    var arithmeticNumber: Double? {
        switch self {
        case .null: return nil
        case .bool(let b): return b ? 1 : 0
        case .number(let x): return x
        case .string(let s):
            let x = JavaScript.parseFloat(s)
            return x.isNaN || x == 0 ? 0 : x
        }
    }

    /// JavaScript's `Number(v)` (what `*` does to its operands, as in `ROUND`).
    var javaScriptNumber: Double? {
        switch self {
        case .null: nil
        case .bool(let b): b ? 1 : 0
        case .number(let x): x
        case .string(let s): JavaScript.toNumber(s)
        }
    }
}

extension ExpressionValue: CustomStringConvertible {
    /// `NULL`, `TRUE`, `42`, `'text'`.
    public var description: String {
        switch self {
        case .null: "NULL"
        case .bool(let b): b ? "TRUE" : "FALSE"
        case .number(let x): JavaScript.string(x)
        case .string(let s): ExpressionRenderer.quoted(s)
        }
    }
}

extension ExpressionValue: ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral
{
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
}

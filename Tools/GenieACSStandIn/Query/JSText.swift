import FerruleJSON

/// JavaScript's string conversion (`${v}`, `String(v)`) of a parsed JSON value, for the texts GenieACS builds from
/// request values: sort directions (mongodb 4.17.2 src/sort.ts:36), error messages (lib/api-functions.ts:279, 288).
enum JSText {
    static func string(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return s
        case .number(let text): return number(Double(text) ?? .nan)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        // `Array.prototype.join`: null and undefined items are empty.
        case .array(let items): return items.map { $0 == .null ? "" : string($0) }.joined(separator: ",")
        case .object: return "[object Object]"
        }
    }

    /// `Number.prototype.toString()` for the values JSON can spell (integers exactly; others Swift's shortest form).
    static func number(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x < 0 ? "-Infinity" : "Infinity" }
        if x == x.rounded(), abs(x) < 9e15 { return String(Int64(x)) }
        return String(x)
    }
}

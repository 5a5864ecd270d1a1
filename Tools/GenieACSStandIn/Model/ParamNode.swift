import FerruleJSON

/// A parameter value as GenieACS stores it: the CPE's text converted by its `xsd` type (GenieACS 1.2.16
/// lib/cwmp/db.ts:400-420: booleans and numbers as JSON values, `xsd:dateTime` as dates, the rest as strings).
enum ParamValue: Sendable, Hashable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case date(Int64)

    /// The stored form of a CPE value of type `type` (an `xsd:` name); text that does not fit its type stays text.
    static func from(text: String, type: String?) -> ParamValue {
        switch type?.lowercased() {
        case "xsd:boolean":
            switch text.lowercased() {
            case "true", "1": return .bool(true)
            case "false", "0": return .bool(false)
            default: return .string(text)
            }
        case "xsd:int", "xsd:unsignedint", "xsd:long", "xsd:unsignedlong", "xsd:integer", "xsd:unsignedshort",
            "xsd:unsignedbyte", "xsd:short", "xsd:byte":
            if let n = Int64(text) { return .number(Double(n)) }
            return .string(text)
        case "xsd:decimal", "xsd:double", "xsd:float":
            if let n = Double(text), n.isFinite { return .number(n) }
            return .string(text)
        case "xsd:datetime":
            if let ms = Timestamp.parse(text) { return .date(ms) }
            return .string(text)
        default:
            return .string(text)
        }
    }

    /// The JSON the NBI shows for it (dates as ISO strings).
    var json: JSONValue {
        switch self {
        case .string(let s): .string(s)
        case .number(let n): .number(JSNumber.text(n))
        case .bool(let b): .bool(b)
        case .date(let ms): .string(Timestamp.iso(ms))
        }
    }
}

/// One node of a device's parameter tree (GenieACS 1.2.16 lib/cwmp/db.ts:49-75: `_object`, `_writable`, `_timestamp`,
/// and for leaves `_value`, `_type`).
struct ParamNode: Sendable, Hashable {
    var isObject: Bool
    var writable: Bool
    /// nil for objects.
    var value: ParamValue?
    /// The `xsd:` type name; nil for objects.
    var type: String?
    /// When the value was last set by a session; 0 = the device's base timestamp.
    var timestamp: Int64 = 0

    /// Equality of what the CPE holds (timestamps aside).
    func sameContent(_ other: ParamNode) -> Bool {
        isObject == other.isObject && writable == other.writable && value == other.value && type == other.type
    }
}

/// JavaScript's number-to-text conversion for the values the stand-in produces.
enum JSNumber {
    static func text(_ n: Double) -> String {
        if n.isNaN || n.isInfinite { return "null" }
        if n == n.rounded(), abs(n) < 1e21 {
            if abs(n) < 9.007_199_254_740_992e15 { return String(Int64(n)) }
        }
        return "\(n)"
    }
}

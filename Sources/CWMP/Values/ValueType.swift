#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The declared `xsi:type` of a CWMP `Value`.
///
/// Names are matched case-insensitively (`xsd:unsignedint` from a Nokia G-1425G-A is
/// ``unsignedInt``); anything else (vendor types) is kept verbatim in ``other(_:)``.
public enum ValueType: Sendable, Hashable, Codable, CustomStringConvertible {
    case string
    case int
    case unsignedInt
    case long
    case unsignedLong
    case boolean
    case dateTime
    case base64
    case hexBinary
    case decimal
    /// A type name TR-069 does not define, exactly as sent (`cwmp:X_ACME_Type`).
    case other(String)

    /// The canonical wire name, with the `xsd:` prefix Ferrule binds to XML Schema.
    public var xsdName: String {
        switch self {
        case .string: "xsd:string"
        case .int: "xsd:int"
        case .unsignedInt: "xsd:unsignedInt"
        case .long: "xsd:long"
        case .unsignedLong: "xsd:unsignedLong"
        case .boolean: "xsd:boolean"
        case .dateTime: "xsd:dateTime"
        case .base64: "xsd:base64"
        case .hexBinary: "xsd:hexBinary"
        case .decimal: "xsd:decimal"
        case .other(let name): name
        }
    }

    public var description: String { xsdName }

    /// The local part without a prefix (`unsignedInt`).
    public var localName: String {
        let name = xsdName
        return name.firstIndex(of: ":").map { String(name[name.index(after: $0)...]) } ?? name
    }

    private static let byLowercasedLocalName: [String: (ValueType, String)] = {
        let all: [ValueType] = [
            .string, .int, .unsignedInt, .long, .unsignedLong, .boolean, .dateTime, .base64, .hexBinary, .decimal,
        ]
        var table: [String: (ValueType, String)] = [:]
        for type in all { table[type.localName.lowercased()] = (type, type.localName) }
        table["base64binary"] = (.base64, "base64Binary")
        table["integer"] = (.int, "integer")
        table["unsignedshort"] = (.unsignedInt, "unsignedShort")
        table["unsignedbyte"] = (.unsignedInt, "unsignedByte")
        return table
    }()

    /// Reads a type name as sent; `wrongCase` is true when only a case-insensitive match succeeded.
    ///
    /// - Parameter name: the attribute value (`xsd:string`, `xs:int`, `unsignedInt`).
    public static func parse(_ name: String) -> (type: ValueType, wrongCase: Bool) {
        let trimmed = name.trimmingXMLWhitespace()
        let local = trimmed.firstIndex(of: ":").map { String(trimmed[trimmed.index(after: $0)...]) } ?? trimmed
        if let (type, exact) = byLowercasedLocalName[local.lowercased()] {
            return (type, exact != local)
        }
        return (.other(trimmed), false)
    }

    /// The type for an exactly spelled `prefix:localName` (any prefix), or nil: no allocation,
    /// for the reader's hot path. The caller has checked the prefix is bound to XML Schema.
    static func exactWireName(_ bytes: UnsafeBufferPointer<UInt8>) -> ValueType? {
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let local = UnsafeBufferPointer(rebasing: bytes[(colon + 1)...])
        func spelled(_ name: StaticString) -> Bool {
            guard name.utf8CodeUnitCount == local.count, let base = local.baseAddress else { return false }
            return memcmp(name.utf8Start, base, local.count) == 0
        }
        // By length, then spelling: one comparison for the usual types.
        switch local.count {
        case 3: return spelled("int") ? .int : nil
        case 4: return spelled("long") ? .long : nil
        case 6: return spelled("string") ? .string : spelled("base64") ? .base64 : nil
        case 7: return spelled("boolean") ? .boolean : spelled("decimal") ? .decimal : nil
        case 8: return spelled("dateTime") ? .dateTime : nil
        case 9: return spelled("hexBinary") ? .hexBinary : nil
        case 11: return spelled("unsignedInt") ? .unsignedInt : nil
        case 12: return spelled("unsignedLong") ? .unsignedLong : nil
        default: return nil
        }
    }

    /// `prefix:Local` rewritten with Ferrule's prefix for `namespace` (`xsd`, `soap-enc`, `cwmp`);
    /// unchanged when the namespace is not one of those.
    static func canonicalQName(_ name: String, namespace: String) -> String {
        let local = name.firstIndex(of: ":").map { String(name[name.index(after: $0)...]) } ?? name
        switch namespace {
        case CWMPNamespaces.xmlSchema: return "xsd:" + local
        case CWMPNamespaces.soapEncoding: return "soap-enc:" + local
        case let uri where uri.hasPrefix(CWMPNamespaces.cwmpPrefix): return "cwmp:" + local
        default: return name
        }
    }

    /// Encodes as the canonical wire name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(xsdName)
    }

    /// Decodes from a wire name such as `xsd:unsignedInt`.
    public init(from decoder: any Decoder) throws {
        self = ValueType.parse(try decoder.singleValueContainer().decode(String.self)).type
    }
}

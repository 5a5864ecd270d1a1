/// A parameter value as sent: the raw string and its declared type.
///
/// The raw text is never trimmed or converted; typed accessors convert on demand and say so
/// explicitly when the text is not a valid lexical form of its type.
public struct CWMPValue: Sendable, Hashable, Codable {
    /// The value text exactly as received (entities decoded).
    public var raw: String
    /// The declared `xsi:type`; ``ValueType/string`` when the sender gave none.
    public var type: ValueType
    /// The `xsi:type` text exactly as sent, when it is not ``ValueType/xsdName`` (`xsd:Int`,
    /// `xs:int`, `xsd:unsignedint`); nil for the canonical spelling or no attribute.
    ///
    /// ``type`` reads names case-insensitively and by namespace, but GenieACS 1.2.16 converts a
    /// value only for the exact texts `xsd:boolean`, `xsd:int`, `xsd:unsignedInt` and
    /// `xsd:dateTime` (lib/soap.ts:171-201) and keeps the value as text otherwise, so a rule
    /// evaluator needs the spelling (``ParameterEntry/typeSpelling`` carries it into a tree).
    /// Not part of equality: the writer always uses ``ValueType/xsdName``, so a message read
    /// and written back is the same message.
    public var typeSpelling: String?

    public init(_ raw: String, type: ValueType = .string, typeSpelling: String? = nil) {
        self.raw = raw
        self.type = type
        // Compared only when given: `xsdName` builds a string, and this runs for every value read.
        self.typeSpelling = typeSpelling.flatMap { $0 == type.xsdName ? nil : $0 }
    }

    public static func == (a: Self, b: Self) -> Bool { a.raw == b.raw && a.type == b.type }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(raw)
        hasher.combine(type)
    }

    /// The value converted according to its declared type.
    public var typed: Result<TypedValue, InvalidLexicalForm> { TypedValue.parse(raw, as: type) }
}

/// A value converted to a Swift type according to its `xsi:type`.
public enum TypedValue: Sendable, Hashable {
    case string(String)
    case int(Int32)
    case unsignedInt(UInt32)
    case long(Int64)
    case unsignedLong(UInt64)
    case boolean(Bool)
    case dateTime(CWMPDateTime)
    case base64([UInt8])
    case hexBinary([UInt8])
    case decimal(String)
    /// A vendor type: the raw text, unconverted.
    case other(String)

    /// Converts `raw` according to `type`, leniently only where the lexical space allows it
    /// (surrounding white space is collapsed for non-string types, as XML Schema specifies).
    public static func parse(_ raw: String, as type: ValueType) -> Result<TypedValue, InvalidLexicalForm> {
        let token = type == .string ? raw : raw.trimmingXMLWhitespace()
        func invalid() -> Result<TypedValue, InvalidLexicalForm> { .failure(InvalidLexicalForm(raw: raw, type: type)) }
        switch type {
        case .string: return .success(.string(raw))
        case .other: return .success(.other(raw))
        case .int: return Int32(strictDecimal: token).map { .success(.int($0)) } ?? invalid()
        case .unsignedInt: return UInt32(strictDecimal: token).map { .success(.unsignedInt($0)) } ?? invalid()
        case .long: return Int64(strictDecimal: token).map { .success(.long($0)) } ?? invalid()
        case .unsignedLong: return UInt64(strictDecimal: token).map { .success(.unsignedLong($0)) } ?? invalid()
        case .boolean:
            switch token {
            case "1", "true": return .success(.boolean(true))
            case "0", "false": return .success(.boolean(false))
            default: return invalid()
            }
        case .dateTime: return CWMPDateTime(token).map { .success(.dateTime($0)) } ?? invalid()
        case .base64: return Base64.decode(token).map { .success(.base64($0)) } ?? invalid()
        case .hexBinary: return Hex.decode(token).map { .success(.hexBinary($0)) } ?? invalid()
        case .decimal: return Decimal.isLexical(token) ? .success(.decimal(token)) : invalid()
        }
    }
}

/// A value whose text is not a valid lexical form of its declared type.
public struct InvalidLexicalForm: Error, Sendable, Hashable, CustomStringConvertible {
    public var raw: String
    public var type: ValueType
    public var description: String { "not a valid \(type.xsdName) lexical form" }
}

extension FixedWidthInteger {
    /// XML Schema integer lexical form: optional sign, one or more ASCII digits, nothing else.
    init?(strictDecimal text: String) {
        var utf8 = Substring(text).utf8[...]
        guard !utf8.isEmpty else { return nil }
        var negative = false
        if let first = utf8.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            utf8 = utf8.dropFirst()
        }
        guard !utf8.isEmpty, utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        var value: Self = 0
        for digit in utf8 {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let d = Self(digit - 0x30)
            let (r, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
            if o1 || o2 { return nil }
            value = r
        }
        self = value
    }
}

/// xsd:decimal lexical checks.
enum Decimal {
    static func isLexical(_ text: String) -> Bool {
        var utf8 = Substring(text).utf8[...]
        if let first = utf8.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { utf8 = utf8.dropFirst() }
        var digits = 0
        var dots = 0
        for byte in utf8 {
            if byte >= 0x30 && byte <= 0x39 {
                digits += 1
            } else if byte == UInt8(ascii: ".") {
                dots += 1
            } else {
                return false
            }
        }
        return digits > 0 && dots <= 1
    }
}

/// Base64 (RFC 2045 alphabet) without Foundation, tolerant of embedded XML white space.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let table: [Int16] = {
        var t = [Int16](repeating: -1, count: 256)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = Int16(i) }
        return t
    }()

    static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        var padding = 0
        var count = 0
        for byte in text.utf8 {
            if byte.isXMLWhitespace { continue }
            if byte == UInt8(ascii: "=") {
                padding += 1
                count += 1
                continue
            }
            guard padding == 0 else { return nil }
            let v = table[Int(byte)]
            guard v >= 0 else { return nil }
            count += 1
            buffer = buffer << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        guard count % 4 == 0, padding <= 2 else { return nil }
        // The bits a padded final quantum does not use must be zero: XML Schema 1.0 Part 2 §3.2.16
        // admits only [AQgw] before "==" (B04) and [AEIMQUYcgkosw048] before "=" (B16), so "QR=="
        // and "QUK=" are not base64Binary (each would decode as "QQ==" / "QUI=" does).
        guard buffer & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
        return out
    }

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 2 < bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            for shift in stride(from: 18, through: 0, by: -6) { out.append(alphabet[Int(n >> UInt32(shift) & 63)]) }
            i += 3
        }
        let rest = bytes.count - i
        if rest > 0 {
            var n = UInt32(bytes[i]) << 16
            if rest == 2 { n |= UInt32(bytes[i + 1]) << 8 }
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(rest == 2 ? alphabet[Int(n >> 6 & 63)] : UInt8(ascii: "="))
            out.append(UInt8(ascii: "="))
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// xsd:hexBinary.
enum Hex {
    static func decode(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x41...0x46: c - 0x41 + 10
            case 0x61...0x66: c - 0x61 + 10
            default: nil
            }
        }
        var i = 0
        while i < utf8.count {
            guard let hi = nibble(utf8[i]), let lo = nibble(utf8[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }
}

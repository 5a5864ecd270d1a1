/// Which of the members that tell VOLTHA's JSON events from ONOS's a JSON object has at its top
/// level (``ONOSEventDecoder/claims(_:)``), found in one pass over the bytes without parsing the
/// values: strings are skipped by their quotes and escapes, nesting by a depth count, and only a
/// string in key position of the outermost object is compared. A key's escapes are decoded
/// (`"\\u0068eader"` is `header`), as a JSON parser would; keys longer than any of the four are
/// not collected. Linear in the input, constant memory; malformed input gives whatever keys were
/// seen, which the decoder then refuses with its own error.
struct TopLevelKeys: OptionSet, Sendable {
    let rawValue: UInt8

    static let header = TopLevelKeys(rawValue: 1 << 0)
    static let status = TopLevelKeys(rawValue: 1 << 1)
    static let authenticationState = TopLevelKeys(rawValue: 1 << 2)
    static let messageType = TopLevelKeys(rawValue: 1 << 3)

    private static let names: [(name: [UInt8], key: TopLevelKeys)] = [
        (Array("header".utf8), .header), (Array("status".utf8), .status),
        (Array("authenticationState".utf8), .authenticationState), (Array("messageType".utf8), .messageType),
    ]
    /// The longest of the four names: a key is collected up to this many bytes.
    private static let capacity = 19

    /// The keys of `bytes`' outermost object among the four; empty when it is not an object.
    static func scan(_ bytes: [UInt8]) -> TopLevelKeys {
        var found: TopLevelKeys = []
        var index = 0
        let count = bytes.count
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        // The outermost value must be an object (a UTF-8 byte order mark is the replay reader's to strip).
        while index < count, isSpace(bytes[index]) { index += 1 }
        guard index < count, bytes[index] == UInt8(ascii: "{") else { return [] }
        index += 1
        var depth = 1
        var expectingKey = true
        // The key being read, decoded: at most `capacity` bytes (a longer one is none of the four).
        var keyBuffer = [UInt8](repeating: 0, count: capacity)
        while index < count, depth > 0 {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let collect = depth == 1 && expectingKey
                expectingKey = false
                var length = 0
                var fits = collect
                index += 1
                while index < count, bytes[index] != UInt8(ascii: "\"") {
                    var decoded = bytes[index]
                    if decoded == UInt8(ascii: "\\"), index + 1 < count {
                        index += 1
                        decoded = Self.unescaped(bytes, at: &index)
                    }
                    if fits {
                        if length < capacity {
                            keyBuffer[length] = decoded
                            length += 1
                        } else {
                            fits = false
                        }
                    }
                    index += 1
                }
                index += 1  // the closing quote
                if fits, let match = Self.names.first(where: { $0.name.elementsEqual(keyBuffer[..<length]) }) {
                    found.insert(match.key)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                expectingKey = false
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
            case UInt8(ascii: ","):
                expectingKey = depth == 1
            default:
                if !isSpace(byte) { expectingKey = false }
            }
            index += 1
        }
        return found
    }

    /// The byte an escape stands for, `index` at the byte after the backslash and left on the
    /// escape's last byte. `\\uXXXX` gives its ASCII byte, or 0xFF (which no name holds) for
    /// anything else; an unknown or cut escape gives 0xFF too.
    private static func unescaped(_ bytes: [UInt8], at index: inout Int) -> UInt8 {
        switch bytes[index] {
        case UInt8(ascii: "\""): return UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): return UInt8(ascii: "\\")
        case UInt8(ascii: "/"): return UInt8(ascii: "/")
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        case UInt8(ascii: "u"):
            guard index + 4 < bytes.count else { return 0xFF }
            var value: UInt32 = 0
            for offset in 1...4 {
                guard let digit = hexDigit(bytes[index + offset]) else { return 0xFF }
                value = value << 4 | digit
            }
            index += 4
            return value < 0x80 ? UInt8(value) : 0xFF
        default: return 0xFF
        }
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}

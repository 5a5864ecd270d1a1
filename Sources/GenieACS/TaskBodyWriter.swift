/// Appends the compact JSON of a task document to a byte buffer (see ``TaskRequest/body``).
struct TaskBodyWriter {
    private(set) var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(256)
    }

    mutating func byte(_ byte: UInt8) {
        bytes.append(byte)
    }

    /// Text that is already JSON (a number).
    mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// `{"key":` — the first member.
    mutating func open(_ key: String) {
        byte(UInt8(ascii: "{"))
        string(key)
        byte(UInt8(ascii: ":"))
    }

    /// `,"key":` — every later member.
    mutating func member(_ key: String) {
        byte(UInt8(ascii: ","))
        string(key)
        byte(UInt8(ascii: ":"))
    }

    mutating func array<Items: Sequence>(_ items: Items, _ element: (inout TaskBodyWriter, Items.Element) -> Void) {
        byte(UInt8(ascii: "["))
        var first = true
        for item in items {
            if !first { byte(UInt8(ascii: ",")) }
            first = false
            element(&self, item)
        }
        byte(UInt8(ascii: "]"))
    }

    mutating func value(_ value: GenieACSTask.Value) {
        switch value {
        case .string(let text): string(text)
        case .number(let text): raw(text)
        case .bool(let flag): raw(flag ? "true" : "false")
        }
    }

    mutating func argument(_ argument: GenieACSTask.Argument) {
        switch argument {
        case .string(let text): string(text)
        case .number(let text): raw(text)
        case .bool(let flag): raw(flag ? "true" : "false")
        case .null: raw("null")
        }
    }

    /// A string literal with `JSONValue.quote`'s canonical escapes: `"` `\` `\n` `\r` `\t`, other
    /// control characters and U+2028/U+2029 as `\uXXXX`. Runs of other bytes are copied as they are.
    mutating func string(_ text: String) {
        byte(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            var index = 0
            while index < utf8.count {
                let b = utf8[index]
                var escape: String?
                var length = 1
                switch b {
                case UInt8(ascii: "\""): escape = "\\\""
                case UInt8(ascii: "\\"): escape = "\\\\"
                case UInt8(ascii: "\n"): escape = "\\n"
                case UInt8(ascii: "\r"): escape = "\\r"
                case UInt8(ascii: "\t"): escape = "\\t"
                case 0..<0x20:
                    let hex = String(b, radix: 16)
                    escape = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                case 0xE2
                where index + 2 < utf8.count && utf8[index + 1] == 0x80
                    && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                    // U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR.
                    escape = utf8[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    length = 3
                default: break
                }
                if let escape {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                    bytes.append(contentsOf: escape.utf8)
                    index += length
                    runStart = index
                } else {
                    index += 1
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        byte(UInt8(ascii: "\""))
    }
}

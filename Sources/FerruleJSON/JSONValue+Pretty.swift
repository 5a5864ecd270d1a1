extension JSONValue {
    /// Pretty JSON in the exact layout of Foundation's `JSONEncoder` with `.prettyPrinted`,
    /// `.sortedKeys` and `.withoutEscapingSlashes`, followed by a newline.
    ///
    /// Ferrule's `--format json` reports were written with that encoder; streamed output keeps
    /// their bytes: `"key" : value`, two-space indentation, members sorted by code point, an empty
    /// container as `[`, an empty line and the closing bracket at its level, `\b` `\f` `\n` `\r`
    /// `\t` short escapes and other control characters as lowercase `\u00xx`, `/` as it is.
    public var prettyText: String {
        var bytes: [UInt8] = []
        appendPretty(to: &bytes, level: 0)
        bytes.append(UInt8(ascii: "\n"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the ``prettyText`` layout of this value (without the final newline) to `out`, as
    /// if the value were nested `level` containers deep: inner lines are indented by `level + 1`
    /// steps, the closing bracket by `level`, the first line not at all.
    public func appendPretty(to out: inout [UInt8], level: Int) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let text): out.append(contentsOf: text.utf8)
        case .string(let s): Self.appendQuoted(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "\n"))
                Self.appendIndent(level + 1, to: &out)
                item.appendPretty(to: &out, level: level + 1)
            }
            Self.close(empty: items.isEmpty, level: level, bracket: UInt8(ascii: "]"), to: &out)
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let sorted = Self.sortedByKey(members)
            for (i, (key, value)) in sorted.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "\n"))
                Self.appendIndent(level + 1, to: &out)
                Self.appendQuoted(key, to: &out)
                out.append(contentsOf: " : ".utf8)
                value.appendPretty(to: &out, level: level + 1)
            }
            Self.close(empty: members.isEmpty, level: level, bracket: UInt8(ascii: "}"), to: &out)
        }
    }

    /// Compact JSON with members sorted by code point and the escapes of ``prettyText``: the
    /// layout of `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` (JSON Lines).
    public func appendSortedCompact(to out: inout [UInt8]) {
        switch self {
        case .null, .bool, .number, .string: appendPretty(to: &out, level: 0)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.appendSortedCompact(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let sorted = Self.sortedByKey(members)
            for (i, (key, value)) in sorted.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.appendQuoted(key, to: &out)
                out.append(UInt8(ascii: ":"))
                value.appendSortedCompact(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Members sorted by key in code-point order (UTF-8 byte order is the same order), stably;
    /// an already sorted list, as most are, is returned without sorting.
    static func sortedByKey(_ members: [(String, JSONValue)]) -> [(String, JSONValue)] {
        func precedes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
        var index = 1
        while index < members.count, !precedes(members[index].0, members[index - 1].0) { index += 1 }
        guard index < members.count else { return members }
        return members.sorted { precedes($0.0, $1.0) }
    }

    private static func appendIndent(_ level: Int, to out: inout [UInt8]) {
        JSONPrettyWriter.appendIndent(level, to: &out)
    }

    /// The end of a container: `\n<indent>]`, or for an empty one `\n\n<indent>]`.
    private static func close(empty: Bool, level: Int, bracket: UInt8, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\n"))
        if empty { out.append(UInt8(ascii: "\n")) }
        appendIndent(level, to: &out)
        out.append(bracket)
    }

    /// `s` as a JSON string literal with Foundation's escapes, straight from its UTF-8 bytes; runs
    /// that need no escape are copied at once.
    static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        func escape(_ letter: UInt8) {
            out.append(UInt8(ascii: "\\"))
            out.append(letter)
        }
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            var run = 0
            for (i, byte) in bytes.enumerated()
            where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                run = i + 1
                switch byte {
                case UInt8(ascii: "\""): escape(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): escape(UInt8(ascii: "\\"))
                case 0x0A: escape(UInt8(ascii: "n"))
                case 0x0D: escape(UInt8(ascii: "r"))
                case 0x09: escape(UInt8(ascii: "t"))
                case 0x08: escape(UInt8(ascii: "b"))
                case 0x0C: escape(UInt8(ascii: "f"))
                default:
                    escape(UInt8(ascii: "u"))
                    out.append(contentsOf: "00".utf8)
                    for nibble in [byte >> 4, byte & 0x0F] { out.append(nibble < 10 ? 0x30 + nibble : 0x57 + nibble) }
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
        }
        out.append(UInt8(ascii: "\""))
    }
}

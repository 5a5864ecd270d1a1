/// A JSON value as GenieACS sends and stores it.
///
/// Objects keep their members in document order and numbers keep their literal text, so a
/// `_value` of `10` stays `10` and `1.50` stays `1.50` (no floating-point round trip), and a
/// document read and written back is the same document.
public enum JSONValue: Sendable, Hashable {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.array(let x), .array(let y)): x == y
        case (.string(let x), .string(let y)), (.number(let x), .number(let y)): x == y
        case (.bool(let x), .bool(let y)): x == y
        case (.null, .null): true
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .object(let members):
            for (k, v) in members {
                hasher.combine(k)
                hasher.combine(v)
            }
        case .array(let items): hasher.combine(items)
        case .string(let s), .number(let s): hasher.combine(s)
        case .bool(let b): hasher.combine(b)
        case .null: hasher.combine(0)
        }
    }

    /// The member named `key` of an object (the first, if repeated); nil for other values.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// Why a text is not JSON, at a 1-based line and column.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var message: String
        public var description: String { "\(line):\(column): \(message)" }
    }

    /// Parses one JSON value from UTF-8 bytes.
    ///
    /// - Throws: ``Failure`` with the line and column of the first problem.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = 512) throws(Failure) -> JSONValue {
        var parser = Parser(bytes: bytes, maxDepth: maxDepth)
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.i == bytes.count else { throw parser.failure("unexpected text after the JSON value") }
        return value
    }

    /// Parses one JSON value from UTF-8 bytes, with the 1-based line of each object member's name
    /// in document order (a member's line comes before the lines of the members inside its value),
    /// so that a reader walking the value in the same order can say where each member was.
    ///
    /// - Throws: ``Failure`` with the line and column of the first problem.
    public static func parseWithMemberLines(_ bytes: [UInt8], maxDepth: Int = 512) throws(Failure) -> (
        value: JSONValue, memberLines: [Int]
    ) {
        var parser = Parser(bytes: bytes, maxDepth: maxDepth)
        parser.memberLines = []
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.i == bytes.count else { throw parser.failure("unexpected text after the JSON value") }
        return (value, parser.memberLines ?? [])
    }

    /// How many object members `self` holds at any depth: the entries ``parseWithMemberLines(_:maxDepth:)``
    /// recorded for it, for a reader that skips a value.
    public var memberCount: Int {
        switch self {
        case .object(let members): members.reduce(members.count) { $0 + $1.1.memberCount }
        case .array(let items): items.reduce(0) { $0 + $1.memberCount }
        case .string, .number, .bool, .null: 0
        }
    }

    private struct Parser {
        let bytes: [UInt8]
        let maxDepth: Int
        var i = 0
        /// The current 1-based line: a line feed can only be white space between tokens (strings
        /// refuse raw control characters).
        var line = 1
        /// The line of each member name, when asked for.
        var memberLines: [Int]?

        func failure(_ message: String) -> Failure {
            var line = 1
            var column = 1
            for b in bytes[0..<min(i, bytes.count)] {
                if b == 0x0A {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            }
            return Failure(line: line, column: column, message: message)
        }

        mutating func skipSpace() {
            // One read of each byte (the pretty NBI documents GenieACS writes are mostly white space).
            while i < bytes.count {
                let b = bytes[i]
                guard b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D else { return }
                if b == 0x0A { line += 1 }
                i += 1
            }
        }

        mutating func expect(_ literal: String) throws(Failure) {
            for c in literal.utf8 {
                guard i < bytes.count, bytes[i] == c else { throw failure("expected \(literal)") }
                i += 1
            }
        }

        mutating func value(depth: Int) throws(Failure) -> JSONValue {
            guard depth < maxDepth else { throw failure("JSON nested deeper than \(maxDepth)") }
            guard i < bytes.count else { throw failure("unexpected end of JSON") }
            switch bytes[i] {
            case UInt8(ascii: "{"):
                i += 1
                var members: [(String, JSONValue)] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
                    i += 1
                    return .object(members)
                }
                while true {
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
                        throw failure("expected a member name")
                    }
                    memberLines?.append(line)
                    let key = try string()
                    skipSpace()
                    try expect(":")
                    skipSpace()
                    members.append((key, try value(depth: depth + 1)))
                    skipSpace()
                    guard i < bytes.count else { throw failure("unexpected end of JSON in an object") }
                    if bytes[i] == UInt8(ascii: ",") {
                        i += 1
                        continue
                    }
                    try expect("}")
                    return .object(members)
                }
            case UInt8(ascii: "["):
                i += 1
                var items: [JSONValue] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
                    i += 1
                    return .array(items)
                }
                while true {
                    skipSpace()
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard i < bytes.count else { throw failure("unexpected end of JSON in an array") }
                    if bytes[i] == UInt8(ascii: ",") {
                        i += 1
                        continue
                    }
                    try expect("]")
                    return .array(items)
                }
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"):
                try expect("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try expect("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try expect("null")
                return .null
            default:
                return .number(try number())
            }
        }

        /// A number as RFC 8259 §6 writes it: `-`, then `0` or digits not starting with 0, then
        /// an optional fraction and exponent. Its literal text is kept.
        mutating func number() throws(Failure) -> String {
            let start = i
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, isDigit(bytes[i]) else {
                throw failure(i == start ? "unexpected character" : "a number has no digits after its minus sign")
            }
            if bytes[i] == UInt8(ascii: "0") {
                i += 1
                if i < bytes.count, isDigit(bytes[i]) { throw failure("a number starts with a leading zero") }
            } else {
                digits()
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                i += 1
                guard i < bytes.count, isDigit(bytes[i]) else {
                    throw failure("a number has no digits after its point")
                }
                digits()
            }
            if i < bytes.count, bytes[i] | 0x20 == UInt8(ascii: "e") {
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                guard i < bytes.count, isDigit(bytes[i]) else {
                    throw failure("a number has no digits in its exponent")
                }
                digits()
            }
            return String(decoding: bytes[start..<i], as: UTF8.self)
        }

        private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

        /// `0x0A`: a byte as the errors name it.
        private func hex(_ byte: UInt8) -> String {
            let digits = Array("0123456789ABCDEF")
            return "0x\(digits[Int(byte >> 4)])\(digits[Int(byte & 0x0F)])"
        }

        private mutating func digits() {
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }

        mutating func string() throws(Failure) -> String {
            i += 1
            var out: [UInt8] = []
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: "\"") {
                    i += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if c == UInt8(ascii: "\\") {
                    i += 1
                    guard i < bytes.count else { break }
                    let e = bytes[i]
                    i += 1
                    switch e {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                    case UInt8(ascii: "u"):
                        var scalar = try hex4()
                        if (0xD800..<0xDC00).contains(scalar), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"),
                            bytes[i + 1] == UInt8(ascii: "u")
                        {
                            i += 2
                            let low = try hex4()
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low &- 0xDC00)
                        }
                        out.append(contentsOf: String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8)
                    default:
                        i -= 2
                        let shown =
                            (0x21...0x7E).contains(e)
                            ? "`\\\(Character(Unicode.Scalar(e)))`" : "a backslash before byte \(hex(e))"
                        throw failure("\(shown) is not a JSON escape (a string escapes only \" \\ / b f n r t u)")
                    }
                    continue
                }
                guard c >= 0x20 else {
                    throw failure("a control character (\(hex(c))) inside a string must be written as an escape")
                }
                out.append(c)
                i += 1
            }
            throw failure("a string is not closed")
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            guard i + 4 <= bytes.count else { throw failure("a \\u escape is cut short") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[i] | 0x20
                let d: UInt32
                if c >= 0x30 && c <= 0x39 {
                    d = UInt32(c - 0x30)
                } else if c >= 0x61 && c <= 0x66 {
                    d = UInt32(c - 0x61 + 10)
                } else {
                    throw failure("a \\u escape has a non-hex digit")
                }
                v = v << 4 | d
                i += 1
            }
            return v
        }
    }
}

/// The lexical layer of the expression parser: reads one token at the current position.
///
/// GenieACS's parser (`lib/common/expression/parser.ts`, parsimmon) is scannerless: which token a
/// piece of text is depends on where it stands (`a-1` is one parameter name, `2-1` is a
/// subtraction; `x*2` is a parameter, `x * 2` a product). So this scanner does not tokenise ahead; the
/// parser asks for the token it expects, and each reader below reproduces the corresponding
/// parsimmon regular expression exactly.
struct ExpressionScanner {
    let text: [UInt8]
    var position = 0

    init(_ text: String) {
        self.text = Array(text.utf8)
    }

    var atEnd: Bool { position >= text.count }

    var current: UInt8? { position < text.count ? text[position] : nil }

    func byte(at offset: Int) -> UInt8? { offset < text.count ? text[offset] : nil }

    func error(_ kind: ExpressionError.Kind, _ message: String, at offset: Int? = nil, hint: String? = nil)
        -> ExpressionError
    {
        ExpressionError(kind, message, at: offset ?? position, in: text, hint: hint)
    }

    // MARK: Character classes

    /// `[a-zA-Z0-9_]`: what GenieACS's `notFollowedBy` checks after a keyword or number.
    static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
    }

    /// `[a-zA-Z0-9_.*-]`: the characters of a parameter name piece.
    static func isParameterByte(_ b: UInt8) -> Bool {
        isWordByte(b) || b == UInt8(ascii: ".") || b == UInt8(ascii: "*") || b == UInt8(ascii: "-")
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// The Unicode scalar at `offset` and its UTF-8 length.
    func scalar(at offset: Int) -> (Unicode.Scalar, Int)? {
        guard offset < text.count else { return nil }
        let lead = text[offset]
        let length: Int
        var value: UInt32
        switch lead {
        case 0..<0x80: return (Unicode.Scalar(lead), 1)
        case 0xC0..<0xE0:
            length = 2
            value = UInt32(lead & 0x1F)
        case 0xE0..<0xF0:
            length = 3
            value = UInt32(lead & 0x0F)
        default:
            length = 4
            value = UInt32(lead & 0x07)
        }
        guard offset + length <= text.count else { return nil }
        for k in 1..<length { value = value << 6 | UInt32(text[offset + k] & 0x3F) }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    // MARK: Whitespace and keywords

    /// parsimmon's `optWhitespace` (`/\s*/`), with JavaScript's notion of whitespace.
    mutating func skipWhitespace() {
        while let (scalar, length) = scalar(at: position), JavaScript.isWhitespace(scalar) {
            position += length
        }
    }

    /// Whether whitespace starts at `offset`, and where it ends.
    func whitespaceEnd(from offset: Int) -> Int {
        var i = offset
        while let (scalar, length) = scalar(at: i), JavaScript.isWhitespace(scalar) { i += length }
        return i
    }

    /// Whether `word` (ASCII, upper-case) is at `offset`, case-insensitively, not followed by `[a-zA-Z0-9_]`.
    func keyword(_ word: String, at offset: Int) -> Bool {
        let bytes = Array(word.utf8)
        guard offset + bytes.count <= text.count else { return false }
        for (k, b) in bytes.enumerated() {
            var c = text[offset + k]
            if c >= 0x61 && c <= 0x7A { c -= 0x20 }
            guard c == b else { return false }
        }
        if let next = byte(at: offset + bytes.count), Self.isWordByte(next) { return false }
        return true
    }

    /// Consumes `word` and the whitespace after it when it is at the current position.
    mutating func take(keyword word: String) -> Bool {
        guard keyword(word, at: position) else { return false }
        position += word.utf8.count
        skipWhitespace()
        return true
    }

    /// Consumes a multi-word operator such as `NOT LIKE` or `IS NOT NULL` (`/not\s+like/i`): words
    /// separated by at least one whitespace character, the last not followed by a word character.
    mutating func take(keywords words: [String]) -> Bool {
        var i = position
        for (k, word) in words.enumerated() {
            if k > 0 {
                let end = whitespaceEnd(from: i)
                guard end > i else { return false }
                i = end
            }
            let bytes = Array(word.utf8)
            guard i + bytes.count <= text.count else { return false }
            for (n, b) in bytes.enumerated() {
                var c = text[i + n]
                if c >= 0x61 && c <= 0x7A { c -= 0x20 }
                guard c == b else { return false }
            }
            i += bytes.count
        }
        if let next = byte(at: i), Self.isWordByte(next) { return false }
        position = i
        skipWhitespace()
        return true
    }

    /// Consumes a punctuation token such as `(`, `<>` or `||` and the whitespace after it.
    mutating func take(symbol: String) -> Bool {
        let bytes = Array(symbol.utf8)
        guard position + bytes.count <= text.count, Array(text[position..<(position + bytes.count)]) == bytes else {
            return false
        }
        position += bytes.count
        skipWhitespace()
        return true
    }

    // MARK: Literals

    /// The end of a number literal at `offset` (`/-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?/`
    /// not followed by `[a-zA-Z0-9_]`), or nil.
    func numberEnd(at offset: Int) -> Int? {
        var i = offset
        if byte(at: i) == UInt8(ascii: "-") { i += 1 }
        guard let first = byte(at: i), Self.isDigit(first) else { return nil }
        i += 1
        if first != UInt8(ascii: "0") {
            while let b = byte(at: i), Self.isDigit(b) { i += 1 }
        }
        if byte(at: i) == UInt8(ascii: "."), let b = byte(at: i + 1), Self.isDigit(b) {
            i += 2
            while let b = byte(at: i), Self.isDigit(b) { i += 1 }
        }
        if let e = byte(at: i), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            var j = i + 1
            if let s = byte(at: j), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { j += 1 }
            if let b = byte(at: j), Self.isDigit(b) {
                j += 1
                while let b = byte(at: j), Self.isDigit(b) { j += 1 }
                i = j
            }
        }
        if let next = byte(at: i), Self.isWordByte(next) { return nil }
        return i
    }

    /// Reads a number literal at the current position (see ``numberEnd(at:)``).
    mutating func readNumber() throws(ExpressionError) -> Double? {
        guard let end = numberEnd(at: position) else { return nil }
        let start = position
        let literal = String(decoding: text[start..<end], as: UTF8.self)
        guard let value = Double(literal), value.isFinite else {
            throw error(
                .invalidNumber,
                "number \(literal) is too large",
                at: start,
                hint: "GenieACS would read it as Infinity, which it stores as null"
            )
        }
        position = end
        skipWhitespace()
        return value
    }

    /// Reads a `'single-quoted'` string: SQL style, `''` is a quote (`/'([^']*)'/` repeated).
    mutating func readSingleQuoted() throws(ExpressionError) -> String {
        var bytes: [UInt8] = []
        var first = true
        while current == UInt8(ascii: "'") {
            let open = position
            guard let close = text[(open + 1)...].firstIndex(of: UInt8(ascii: "'")) else {
                throw error(
                    .unterminatedString,
                    "unterminated string: no closing '",
                    at: open,
                    hint: "write a quote inside a '…' string as ''"
                )
            }
            if !first { bytes.append(UInt8(ascii: "'")) }
            first = false
            bytes.append(contentsOf: text[(open + 1)..<close])
            position = close + 1
        }
        skipWhitespace()
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads a `"double-quoted"` string with JavaScript backslash escapes (`\n`, `\t`, `\uXXXX`,
    /// `\"`, any other `\c` is `c`). Like GenieACS's `/"((?:\\.|.)*?)"/`, it cannot span lines.
    mutating func readDoubleQuoted() throws(ExpressionError) -> String {
        let start = position
        position += 1
        var units: [UInt16] = []
        func unterminated(_ at: Int) -> ExpressionError {
            error(
                .unterminatedString,
                "unterminated string: no closing \" on this line",
                at: start,
                hint: "a \"…\" string cannot span lines; use '…' for text with line breaks"
            )
        }
        while true {
            guard let (scalar, length) = scalar(at: position) else { throw unterminated(position) }
            if scalar == "\"" {
                position += 1
                break
            }
            if scalar.value < 0x10000, JavaScript.isLineTerminator(UInt16(scalar.value)) {
                throw unterminated(position)
            }
            if scalar == "\\" {
                let escapeStart = position
                position += 1
                guard let (escaped, escapedLength) = self.scalar(at: position) else { throw unterminated(position) }
                if escaped.value < 0x10000, JavaScript.isLineTerminator(UInt16(escaped.value)) {
                    throw unterminated(position)
                }
                position += escapedLength
                switch escaped {
                case "b": units.append(0x08)
                case "f": units.append(0x0C)
                case "n": units.append(0x0A)
                case "r": units.append(0x0D)
                case "t": units.append(0x09)
                case "u":
                    var value: UInt16 = 0
                    for _ in 0..<4 {
                        guard let b = current, let digit = Self.hexValue(b) else {
                            throw error(
                                .invalidEscape,
                                "\\u must be followed by four hexadecimal digits",
                                at: escapeStart,
                                hint: "GenieACS would keep the backslash; write \\u00e9 or the character itself"
                            )
                        }
                        value = value << 4 | UInt16(digit)
                        position += 1
                    }
                    units.append(value)
                default:
                    units.append(contentsOf: String(Character(escaped)).utf16)
                }
                continue
            }
            units.append(contentsOf: String(Character(scalar)).utf16)
            position += length
        }
        var decoded = ""
        var iterator = units.makeIterator()
        var decoder = UTF16()
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): decoded.unicodeScalars.append(scalar)
            case .emptyInput: break decoding
            case .error:
                throw error(
                    .invalidEscape,
                    "the string contains an unpaired \\u surrogate",
                    at: start,
                    hint: "write a character outside the Basic Multilingual Plane as a \\uD8xx\\uDCxx pair"
                )
            }
        }
        skipWhitespace()
        return decoded
    }

    private static func hexValue(_ b: UInt8) -> Int? {
        switch b {
        case 0x30...0x39: Int(b - 0x30)
        case 0x41...0x46: Int(b - 0x41 + 10)
        case 0x61...0x66: Int(b - 0x61 + 10)
        default: nil
        }
    }

    // MARK: Names

    /// The end of a run of `[a-zA-Z0-9_]` at `offset`.
    func wordEnd(at offset: Int) -> Int {
        var i = offset
        while let b = byte(at: i), Self.isWordByte(b) { i += 1 }
        return i
    }

    /// The end of a run of `[a-zA-Z0-9_.*-]` at `offset`.
    func parameterNameEnd(at offset: Int) -> Int {
        var i = offset
        while let b = byte(at: i), Self.isParameterByte(b) { i += 1 }
        return i
    }

    func string(_ range: Range<Int>) -> String { String(decoding: text[range], as: UTF8.self) }

    /// A short, printable excerpt of the text at `offset` for error messages.
    func excerpt(at offset: Int) -> String {
        guard offset < text.count else { return "end of expression" }
        if let b = byte(at: offset), Self.isParameterByte(b) {
            return "'" + string(offset..<parameterNameEnd(at: offset)) + "'"
        }
        guard let (scalar, _) = scalar(at: offset) else { return "byte 0x\(String(text[offset], radix: 16))" }
        return "'\(Character(scalar))'"
    }
}

/// Byte-level repairs for the malformed XML real CPEs send (GenieACS #76; GenieACS 1.2.16 lib/xml-parser.ts:115-146).
///
/// Each repair runs only after libxml2 has rejected a document with the matching error, so
/// well-formed input never pays for them. Repairs never touch anything but the offending bytes.
enum XMLRepairs {
    /// Removes C0 control characters XML 1.0 forbids (all but tab, LF, CR), raw or as character
    /// references (`&#2;`). Returns nil when there was nothing to remove.
    static func stripControlCharacters(_ bytes: UnsafeRawBufferPointer) -> (bytes: [UInt8], removed: Int)? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var removed = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x20, b != 0x09, b != 0x0A, b != 0x0D {
                removed += 1
                i += 1
                continue
            }
            if b == UInt8(ascii: "&"), i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "#"),
                let (value, length) = characterReference(bytes, at: i), value < 0x20, value != 0x09, value != 0x0A,
                value != 0x0D
            {
                removed += 1
                i += length
                continue
            }
            out.append(b)
            i += 1
        }
        return removed > 0 ? (out, removed) : nil
    }

    /// Parses `&#NN;` or `&#xHH;` at `index`: the code point and the reference's length.
    private static func characterReference(_ bytes: UnsafeRawBufferPointer, at index: Int) -> (UInt32, Int)? {
        var i = index + 2
        var hex = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "x") {
            hex = true
            i += 1
        }
        var value: UInt32 = 0
        let digitsStart = i
        while i < bytes.count, i - digitsStart < 8 {
            let c = bytes[i]
            if c >= 0x30 && c <= 0x39 {
                value = value * (hex ? 16 : 10) + UInt32(c - 0x30)
            } else if hex, (c | 0x20) >= 0x61, (c | 0x20) <= 0x66 {
                value = value * 16 + UInt32((c | 0x20) - 0x61 + 10)
            } else {
                break
            }
            i += 1
        }
        guard i > digitsStart, i < bytes.count, bytes[i] == UInt8(ascii: ";") else { return nil }
        return (value, i + 1 - index)
    }

    /// Escapes every `&` that does not start a predefined entity or a character reference as
    /// `&amp;`, so a bare `&` or an undefined entity (`&nbsp;`) stays literal text, as GenieACS keeps
    /// it. Returns nil when nothing needed escaping.
    static func escapeStrayAmpersands(_ bytes: UnsafeRawBufferPointer) -> (bytes: [UInt8], escaped: Int)? {
        let predefined: [[UInt8]] = ["amp;", "lt;", "gt;", "quot;", "apos;"].map { Array($0.utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64)
        var escaped = 0
        var i = 0
        var inCDATA = false
        while i < bytes.count {
            let b = bytes[i]
            if !inCDATA, b == UInt8(ascii: "<"), matches(bytes, at: i, "<![CDATA[") {
                inCDATA = true
            } else if inCDATA, b == UInt8(ascii: "]"), matches(bytes, at: i, "]]>") {
                inCDATA = false
            } else if !inCDATA, b == UInt8(ascii: "&") {
                let isReference =
                    (i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "#")
                        && characterReference(bytes, at: i) != nil)
                    || predefined.contains { matches(bytes, at: i + 1, $0) }
                if !isReference {
                    out.append(contentsOf: "&amp;".utf8)
                    escaped += 1
                    i += 1
                    continue
                }
            }
            out.append(b)
            i += 1
        }
        return escaped > 0 ? (out, escaped) : nil
    }

    /// Escapes `<` inside quoted attribute values as `&lt;` (GenieACS's scanner accepts them).
    static func escapeLessThanInAttributes(_ bytes: UnsafeRawBufferPointer) -> (bytes: [UInt8], escaped: Int)? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var escaped = 0
        var i = 0
        var inTag = false
        var quote: UInt8 = 0
        while i < bytes.count {
            let b = bytes[i]
            if !inTag {
                if b == UInt8(ascii: "<") {
                    if matches(bytes, at: i, "<!--") {
                        let end = find(bytes, "-->", from: i + 4) ?? bytes.count
                        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[i..<end]))
                        i = end
                        continue
                    }
                    if matches(bytes, at: i, "<![CDATA[") {
                        let end = find(bytes, "]]>", from: i + 9) ?? bytes.count
                        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[i..<end]))
                        i = end
                        continue
                    }
                    inTag = true
                }
            } else if quote != 0 {
                if b == quote {
                    quote = 0
                } else if b == UInt8(ascii: "<") {
                    out.append(contentsOf: "&lt;".utf8)
                    escaped += 1
                    i += 1
                    continue
                }
            } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                quote = b
            } else if b == UInt8(ascii: ">") {
                inTag = false
            }
            out.append(b)
            i += 1
        }
        return escaped > 0 ? (out, escaped) : nil
    }

    /// Escapes every `]]>` in character data (outside tags, comments, CDATA sections and
    /// processing instructions) as `]]&gt;`, so it reads as the text `]]>`. XML 1.0 §2.4 forbids it
    /// there, but GenieACS 1.2.16's parser reacts to `>` only inside a tag (lib/xml-parser.ts:240-241)
    /// and keeps the text verbatim. Returns nil when there was none.
    /// The 1-based line of the first CR between two other characters of a text (`boot ok\r\nlink up`
    /// in a value), or nil. XML end-of-line handling (§2.11) reads CR LF and a lone CR as LF, so such a
    /// value loses its CRs; GenieACS 1.2.16 keeps them (lib/xml-parser.ts:261-262, lib/soap.ts:169).
    /// CR LF line ends between tags and around a trimmed name are not reported. Linear; nothing is
    /// scanned when there is no CR.
    static func lineOfCarriageReturnInText(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.contains(0x0D) else { return nil }
        var line = 1
        var crLine: Int?
        var inTag = false
        var quote: UInt8 = 0
        var hasContent = false
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if !inTag {
                if b == UInt8(ascii: "<") {
                    hasContent = false
                    crLine = nil
                    if let (open, close) = skippedSections.first(where: { matches(bytes, at: i, $0.open) }) {
                        let end = find(bytes, close, from: i + open.count) ?? bytes.count
                        for k in i..<end where bytes[k] == 0x0A { line += 1 }
                        i = end
                        continue
                    }
                    inTag = true
                } else if b == 0x0D {
                    if hasContent, crLine == nil { crLine = line }
                } else if !b.isXMLWhitespace {
                    if let crLine { return crLine }
                    hasContent = true
                }
            } else if quote != 0 {
                if b == quote { quote = 0 }
            } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                quote = b
            } else if b == UInt8(ascii: ">") {
                inTag = false
            }
            if b == 0x0A { line += 1 }
            i += 1
        }
        return nil
    }

    /// Comments, CDATA sections and processing instructions: copied whole by ``escapeCDATAEndInText(_:)``.
    private static let skippedSections: [(open: [UInt8], close: String)] = [
        (Array("<!--".utf8), "-->"), (Array("<![CDATA[".utf8), "]]>"), (Array("<?".utf8), "?>"),
    ]

    static func escapeCDATAEndInText(_ bytes: UnsafeRawBufferPointer) -> (bytes: [UInt8], escaped: Int)? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var escaped = 0
        var i = 0
        var inTag = false
        var quote: UInt8 = 0
        while i < bytes.count {
            let b = bytes[i]
            if !inTag {
                if b == UInt8(ascii: "<") {
                    if let (open, close) = skippedSections.first(where: { matches(bytes, at: i, $0.open) }) {
                        let end = find(bytes, close, from: i + open.count) ?? bytes.count
                        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[i..<end]))
                        i = end
                        continue
                    }
                    inTag = true
                } else if b == UInt8(ascii: "]"), matches(bytes, at: i, "]]>") {
                    out.append(contentsOf: "]]&gt;".utf8)
                    escaped += 1
                    i += 3
                    continue
                }
            } else if quote != 0 {
                if b == quote { quote = 0 }
            } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                quote = b
            } else if b == UInt8(ascii: ">") {
                inTag = false
            }
            out.append(b)
            i += 1
        }
        return escaped > 0 ? (out, escaped) : nil
    }

    /// Replaces U+FFFE and U+FFFF (UTF-8 `EF BF BE`, `EF BF BF`), which XML 1.0 §2.2 forbids, with
    /// U+FFFD of the same length, so every other offset stays. GenieACS 1.2.16 keeps them (its parser
    /// checks no characters, lib/xml-parser.ts:150-300); libxml2 refuses them even as references.
    /// Returns nil when there was none.
    static func replaceNonCharacters(_ bytes: UnsafeRawBufferPointer) -> (bytes: [UInt8], replaced: Int)? {
        var out = [UInt8](bytes)
        var replaced = 0
        var i = 0
        while i + 2 < out.count {
            if out[i] == 0xEF, out[i + 1] == 0xBF, out[i + 2] == 0xBE || out[i + 2] == 0xBF {
                out[i + 2] = 0xBD
                replaced += 1
                i += 3
            } else {
                i += 1
            }
        }
        return replaced > 0 ? (out, replaced) : nil
    }

    private static func matches(_ bytes: UnsafeRawBufferPointer, at index: Int, _ literal: String) -> Bool {
        matches(bytes, at: index, Array(literal.utf8))
    }

    private static func matches(_ bytes: UnsafeRawBufferPointer, at index: Int, _ literal: [UInt8]) -> Bool {
        guard index + literal.count <= bytes.count else { return false }
        for (k, c) in literal.enumerated() where bytes[index + k] != c { return false }
        return true
    }

    private static func find(_ bytes: UnsafeRawBufferPointer, _ literal: String, from: Int) -> Int? {
        let l = Array(literal.utf8)
        var i = from
        while i + l.count <= bytes.count {
            if matches(bytes, at: i, l) { return i + l.count }
            i += 1
        }
        return nil
    }
}

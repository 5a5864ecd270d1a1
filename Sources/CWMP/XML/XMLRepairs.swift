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
    /// Comments and CDATA sections are copied whole.
    static func escapeLessThanInAttributes(_ bytes: UnsafeRawBufferPointer) -> (bytes: [UInt8], escaped: Int)? {
        rewrite(bytes, skipping: commentsAndCDATA) { i, place in
            place == .attributeValue && bytes[i] == UInt8(ascii: "<") ? ("&lt;", 1) : nil
        }
    }

    /// Escapes every `]]>` in character data (outside tags, comments, CDATA sections and
    /// processing instructions) as `]]&gt;`, so it reads as the text `]]>`. XML 1.0 §2.4 forbids it
    /// there, but GenieACS 1.2.16's parser reacts to `>` only inside a tag (lib/xml-parser.ts:240-241)
    /// and keeps the text verbatim. Returns nil when there was none.
    static func escapeCDATAEndInText(_ bytes: UnsafeRawBufferPointer) -> (bytes: [UInt8], escaped: Int)? {
        rewrite(bytes, skipping: skippedSections) { i, place in
            place == .text && matches(bytes, at: i, "]]>") ? ("]]&gt;", 3) : nil
        }
    }

    /// The 1-based line of the first CR between two other characters of a text (`boot ok\r\nlink up`
    /// in a value), or nil. XML end-of-line handling (§2.11) reads CR LF and a lone CR as LF, so such a
    /// value loses its CRs; GenieACS 1.2.16 keeps them (lib/xml-parser.ts:261-262, lib/soap.ts:169).
    /// CR LF line ends between tags and around a trimmed name are not reported. Linear; nothing is
    /// scanned when there is no CR.
    static func lineOfCarriageReturnInText(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.contains(0x0D) else { return nil }
        var line = 1
        var crLine: Int?
        var hasContent = false
        var found: Int?
        walk(bytes, skipping: skippedSections) { i, place in
            let b = bytes[i]
            switch place {
            case .tagStart, .section:
                hasContent = false
                crLine = nil
            case .text where b == 0x0D:
                if hasContent, crLine == nil { crLine = line }
            case .text where !b.isXMLWhitespace:
                if let crLine {
                    found = crLine
                    return false
                }
                hasContent = true
            default:
                break
            }
            if b == 0x0A { line += 1 }
            return true
        }
        return found
    }

    /// Comments, CDATA sections and processing instructions, which the text scanners step over whole.
    private static let skippedSections: [(open: [UInt8], close: [UInt8])] = [
        (Array("<!--".utf8), Array("-->".utf8)), (Array("<![CDATA[".utf8), Array("]]>".utf8)),
        (Array("<?".utf8), Array("?>".utf8)),
    ]

    /// Comments and CDATA sections only: a processing instruction's quoted pseudo-attributes are
    /// scanned as a tag's.
    private static let commentsAndCDATA = Array(skippedSections.prefix(2))

    /// Where a byte stands, as GenieACS's scanner sees it (lib/xml-parser.ts:150-300).
    enum MarkupPlace {
        /// Character data between tags.
        case text
        /// The `<` that opens a tag.
        case tagStart
        /// Inside a tag, outside quotes.
        case tag
        /// Inside a quoted attribute value.
        case attributeValue
        /// Inside a skipped section (comment, CDATA, processing instruction), opener included.
        case section
    }

    /// Visits every byte once, in order, with its place; `visit` returns false to stop. Linear.
    private static func walk(
        _ bytes: UnsafeRawBufferPointer,
        skipping sections: [(open: [UInt8], close: [UInt8])],
        _ visit: (Int, MarkupPlace) -> Bool
    ) {
        var i = 0
        var inTag = false
        var quote: UInt8 = 0
        var sectionEnd = 0
        while i < bytes.count {
            let b = bytes[i]
            let place: MarkupPlace
            if i < sectionEnd {
                place = .section
            } else if !inTag {
                if b == UInt8(ascii: "<") {
                    if let (open, close) = sections.first(where: { matches(bytes, at: i, $0.open) }) {
                        sectionEnd = find(bytes, close, from: i + open.count) ?? bytes.count
                        place = .section
                    } else {
                        inTag = true
                        place = .tagStart
                    }
                } else {
                    place = .text
                }
            } else if quote != 0 {
                place = b == quote ? .tag : .attributeValue
                if b == quote { quote = 0 }
            } else {
                if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                    quote = b
                } else if b == UInt8(ascii: ">") {
                    inTag = false
                }
                place = .tag
            }
            guard visit(i, place) else { return }
            i += 1
        }
    }

    /// Copies `bytes`, replacing where `replacement` answers (the text written, and how many input
    /// bytes it stands for). Returns nil when nothing was replaced.
    private static func rewrite(
        _ bytes: UnsafeRawBufferPointer,
        skipping sections: [(open: [UInt8], close: [UInt8])],
        _ replacement: (Int, MarkupPlace) -> (text: StaticString, length: Int)?
    ) -> (bytes: [UInt8], escaped: Int)? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var escaped = 0
        var skipUntil = 0
        walk(bytes, skipping: sections) { i, place in
            guard i >= skipUntil else { return true }
            if let (text, length) = replacement(i, place) {
                out.append(contentsOf: UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
                escaped += 1
                skipUntil = i + length
            } else {
                out.append(bytes[i])
            }
            return true
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

    private static func find(_ bytes: UnsafeRawBufferPointer, _ l: [UInt8], from: Int) -> Int? {
        var i = from
        while i + l.count <= bytes.count {
            if matches(bytes, at: i, l) { return i + l.count }
            i += 1
        }
        return nil
    }
}

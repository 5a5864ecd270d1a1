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
                // Every `&#` is left to ``rewriteCharacterReferences(_:)``, which reads it as GenieACS does.
                let isReference =
                    (i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "#"))
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

    /// Rewrites the character references libxml2 refuses into what GenieACS 1.2.16 reads for them.
    /// GenieACS decodes every `&[0-9a-z#]+;` in text and attribute values (lib/xml-parser.ts:115-146):
    /// `&#x…;` and `&#…;` become `String.fromCharCode(parseInt(…))` when the number's own spelling
    /// ends the reference, and the reference stays literal text otherwise. So a bare `&#` (`Tom&#Jerry`,
    /// `&#;`, `&#xZZ;`) is kept as text (written `&amp;#`); a UTF-16 surrogate pair (`&#xD83D;&#xDE00;`,
    /// as JavaScript or Java firmware writes an emoji) is joined into its character; a lone surrogate
    /// becomes U+FFFD, as Node writes such a string out as UTF-8; a number past U+FFFF that libxml2 also
    /// refuses (`&#99999999999;`) keeps its low 16 bits, as `fromCharCode` does. U+FFFE and U+FFFF become
    /// U+FFFD, as the raw characters do (``replaceNonCharacters(_:)``). References libxml2 accepts are
    /// left as written. Numbers of more than 2^53 (where JavaScript's own arithmetic rounds) are kept
    /// as text. Comments, CDATA sections and processing instructions are copied whole. Linear.
    static func rewriteCharacterReferences(_ bytes: UnsafeRawBufferPointer) -> (bytes: [UInt8], escaped: Int)? {
        rewrite(bytes, skipping: skippedSections) { i, place in
            guard place == .text || place == .attributeValue, bytes[i] == UInt8(ascii: "&"),
                let first = genieACSCharacterReference(bytes, at: i)
            else { return nil }
            guard let unit = first.unit else {
                return (Array("&amp;".utf8), 1)
            }
            if first.keep { return nil }
            let end = i + first.length
            if (0xD800...0xDBFF).contains(unit), end < bytes.count, bytes[end] == UInt8(ascii: "&"),
                let low = genieACSCharacterReference(bytes, at: end), let lowUnit = low.unit,
                (0xDC00...0xDFFF).contains(lowUnit)
            {
                let scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(lowUnit) - 0xDC00)
                return (hexReference(scalar), first.length + low.length)
            }
            if (0xD800...0xDFFF).contains(unit) || unit >= 0xFFFE {
                return (hexReference(0xFFFD), first.length)
            }
            return (hexReference(UInt32(unit)), first.length)
        }
    }

    /// `&#xHHHH;` for a code point.
    private static func hexReference(_ value: UInt32) -> [UInt8] {
        Array("&#x\(String(value, radix: 16, uppercase: true));".utf8)
    }

    /// A `&#…;` reference at `index` as GenieACS 1.2.16 decodes it (lib/xml-parser.ts:115-146): its
    /// length, the UTF-16 unit it decodes to (nil: the `&` is literal text), and whether to leave it as
    /// written. Nil when no `&#` starts there.
    private static func genieACSCharacterReference(
        _ bytes: UnsafeRawBufferPointer,
        at index: Int
    ) -> (length: Int, unit: UInt16?, keep: Bool)? {
        guard index + 2 < bytes.count, bytes[index] == UInt8(ascii: "&"), bytes[index + 1] == UInt8(ascii: "#")
        else { return nil }
        // /&[0-9a-z#]+;/i: the run of such bytes, then ';'.
        var end = index + 1
        while end < bytes.count {
            let c = bytes[end] | 0x20
            guard (bytes[end] >= 0x30 && bytes[end] <= 0x39) || (c >= 0x61 && c <= 0x7A) || bytes[end] == 0x23
            else { break }
            end += 1
        }
        // Without the ';' the regex does not match and GenieACS keeps the '&' as text.
        guard end < bytes.count, bytes[end] == UInt8(ascii: ";") else { return (1, nil, false) }
        let length = end + 1 - index
        let hex = bytes[index + 2] == UInt8(ascii: "x")  // match.startsWith("&#x"): lower-case x only
        // str: the text between the prefix and ';' (lower-cased for hex, lib/xml-parser.ts:135).
        var str = Array(UnsafeRawBufferPointer(rebasing: bytes[(index + (hex ? 3 : 2))..<end]))
        if hex { str = str.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 } }
        let value: UInt64
        switch parseIntLikeJavaScript(str, radix: hex ? 16 : 10) {
        case .nan:
            // `str.endsWith(NaN.toString())` holds only for a decimal reference ending so, and
            // fromCharCode(NaN) is U+0000.
            let decodes = !hex && str.count >= 3 && Array(str.suffix(3)) == Array("NaN".utf8)
            return (length, decodes ? 0 : nil, false)
        case .inexact:
            return (length, nil, false)
        case .exact(let n):
            value = n
        }
        // `str.endsWith(n.toString(radix))`: the number as JavaScript spells it ends the reference.
        let canonical = Array(String(value, radix: hex ? 16 : 10).utf8)
        guard str.count >= canonical.count, Array(str.suffix(canonical.count)) == canonical else {
            return (length, nil, false)
        }
        let isDigit: (UInt8) -> Bool = { c in
            (c >= 0x30 && c <= 0x39) || (hex && c >= 0x61 && c <= 0x66)
        }
        let xmlChar =
            value == 0x09 || value == 0x0A || value == 0x0D || (0x20...0xD7FF).contains(value)
            || (0xE000...0xFFFD).contains(value) || (0x10000...0x10FFFF).contains(value)
        // Left as written: what libxml2 reads as GenieACS does, a reference over U+FFFF that libxml2
        // reads (an astral character), and a C0 control, which ``stripControlCharacters(_:)`` removes.
        let keep = !str.isEmpty && str.allSatisfy(isDigit) && (xmlChar || value < 0x20)
        return (length, UInt16(truncatingIfNeeded: value), keep)
    }

    /// What JavaScript's `parseInt` reads.
    private enum JavaScriptInteger {
        /// No digit: NaN.
        case nan
        /// Past 2^53, where JavaScript's arithmetic rounds.
        case inexact
        case exact(UInt64)
    }

    /// JavaScript's `parseInt(str, radix)` on bytes of `[0-9a-z#]`: the leading digits of the radix,
    /// after a `0x` prefix, which parseInt takes for radix 16 and for an unspecified one (then reading
    /// hex digits).
    private static func parseIntLikeJavaScript(_ str: [UInt8], radix: UInt64) -> JavaScriptInteger {
        var i = 0
        var radix = radix
        if str.count >= 2, str[0] == UInt8(ascii: "0"), str[1] | 0x20 == UInt8(ascii: "x") {
            radix = 16
            i = 2
        }
        var value: UInt64 = 0
        var digits = 0
        while i < str.count {
            let c = str[i]
            let digit: UInt64
            if c >= 0x30 && c <= 0x39 {
                digit = UInt64(c - 0x30)
            } else if radix == 16, (c | 0x20) >= 0x61, (c | 0x20) <= 0x66 {
                digit = UInt64((c | 0x20) - 0x61 + 10)
            } else {
                break
            }
            value = value * radix + digit
            guard value <= 1 << 53 else { return .inexact }
            digits += 1
            i += 1
        }
        return digits > 0 ? .exact(value) : .nan
    }

    /// Escapes `<` inside quoted attribute values as `&lt;` (GenieACS's scanner accepts them).
    /// Comments and CDATA sections are copied whole.
    static func escapeLessThanInAttributes(_ bytes: UnsafeRawBufferPointer) -> (bytes: [UInt8], escaped: Int)? {
        rewrite(bytes, skipping: commentsAndCDATA) { i, place in
            place == .attributeValue && bytes[i] == UInt8(ascii: "<") ? (Array("&lt;".utf8), 1) : nil
        }
    }

    /// Escapes every `]]>` in character data (outside tags, comments, CDATA sections and
    /// processing instructions) as `]]&gt;`, so it reads as the text `]]>`. XML 1.0 §2.4 forbids it
    /// there, but GenieACS 1.2.16's parser reacts to `>` only inside a tag (lib/xml-parser.ts:240-241)
    /// and keeps the text verbatim. Returns nil when there was none.
    static func escapeCDATAEndInText(_ bytes: UnsafeRawBufferPointer) -> (bytes: [UInt8], escaped: Int)? {
        rewrite(bytes, skipping: skippedSections) { i, place in
            place == .text && matches(bytes, at: i, "]]>") ? (Array("]]&gt;".utf8), 3) : nil
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
        _ replacement: (Int, MarkupPlace) -> (text: [UInt8], length: Int)?
    ) -> (bytes: [UInt8], escaped: Int)? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var escaped = 0
        var skipUntil = 0
        walk(bytes, skipping: sections) { i, place in
            guard i >= skipUntil else { return true }
            if let (text, length) = replacement(i, place) {
                out.append(contentsOf: text)
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

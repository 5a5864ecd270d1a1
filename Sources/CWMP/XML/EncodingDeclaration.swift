extension XMLInput {
    /// Blanks the `encoding="…"` of the XML declaration when its value is no XML encoding name
    /// (XML 1.0 §4.3.3 EncName, `[A-Za-z][A-Za-z0-9._-]*`: `"UTF-8 "`, `" utf-8"`, `"utf 8"`), which
    /// libxml2 refuses as not well-formed. GenieACS 1.2.16 never checks the name: Node's `Buffer`
    /// does not know `"utf-8 "`, so `decodeString` falls back to iconv-lite (lib/cwmp.ts:1312-1319,
    /// the name from the declaration at :1425-1428), which drops all but `[0-9a-z]` from it
    /// (iconv-lite 0.6.3 lib/index.js:109-112) and decodes the body as UTF-8. The encoding was
    /// decided before (``CharacterEncoding/init(name:)`` canonicalises the same way, or the HTTP
    /// charset won), and libxml2 ignores the declared name (`XML_PARSE_IGNORE_ENC`), so the
    /// pseudo-attribute is overwritten with spaces: every offset and line stays. A `charset`
    /// warning says so. Well-formed declarations cost one bounded scan of the first 256 bytes.
    mutating func blankMalformedEncodingName(original: UnsafeRawBufferPointer) {
        let found: (value: Range<Int>, attribute: Range<Int>)? = withBytes(original: original) { bytes in
            guard let value = Self.declaredEncodingRange(bytes, from: 0), !Self.isEncName(bytes, value) else {
                return nil
            }
            // Back from the opening quote over `encoding`, white space and `=`.
            var start = value.lowerBound - 1
            while start > 0, bytes[start - 1].isXMLWhitespace || bytes[start - 1] == UInt8(ascii: "=") { start -= 1 }
            start -= "encoding".utf8.count
            guard start >= 0 else { return nil }
            return (value, start..<(value.upperBound + 1))
        }
        guard let found else { return }
        let shown = withBytes(original: original) { bytes in
            String(decoding: UnsafeRawBufferPointer(rebasing: bytes[found.value]).prefix(40), as: UTF8.self)
                .unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? $0.escaped(asASCII: true) : String($0) }
                .joined()
        }
        if transcoded == nil {
            // Offsets into the copy stay those of the original body.
            transcoded = Array(original)
        }
        let base = range.lowerBound
        transcoded?.withUnsafeMutableBytes { bytes in
            for k in found.attribute where bytes[base + k] != 0x0A { bytes[base + k] = UInt8(ascii: " ") }
        }
        warnings.append(
            CWMPWarning(
                .charset,
                "the XML declaration's encoding \"\(shown)\" is not an XML encoding name (XML 1.0 §4.3.3); it was "
                    + "ignored and the body read as \(encoding.name), as GenieACS 1.2.16 reads it (it never checks "
                    + "the name, and iconv-lite drops all but [0-9a-z] from it, lib/cwmp.ts:1312-1319, 1425-1428)",
                line: 1
            )
        )
    }

    /// Whether `bytes[range]` is an XML encoding name, `[A-Za-z][A-Za-z0-9._-]*` (XML 1.0 §4.3.3).
    static func isEncName(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        guard let first = range.first, (bytes[first] | 0x20) >= 0x61, (bytes[first] | 0x20) <= 0x7A else {
            return false
        }
        for i in range.dropFirst() {
            let c = bytes[i]
            let letter = (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A
            guard letter || (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x5F || c == 0x2D else { return false }
        }
        return true
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The character sets Ferrule reads: UTF-8, UTF-16, ISO-8859-1, US-ASCII, the single-byte charsets
/// of ``singleByteNames`` and the multi-byte ones of ``multiByteNames``. GenieACS 1.2.16 decodes
/// whatever Node's `Buffer` or iconv-lite knows (lib/cwmp.ts:1312-1319, 1417-1429); Ferrule refuses
/// those iconv-lite does not know either (EBCDIC).
enum CharacterEncoding: Sendable, Hashable {
    case utf8
    case utf16LE
    case utf16BE
    /// UTF-16 whose byte order is decided by a BOM or by sniffing.
    case utf16
    case latin1
    case ascii
    /// A single-byte charset, by the name the C library's iconv knows it (`WINDOWS-1252`).
    case singleByte(String)
    /// A multi-byte charset (Shift_JIS, GBK, Big5, EUC-KR …), by the name the C library's iconv
    /// knows it (`CP936`).
    case multiByte(String)

    /// The name reported in ``ParsedMessage/encoding``.
    var name: String {
        switch self {
        case .utf8: "UTF-8"
        case .utf16LE: "UTF-16LE"
        case .utf16BE: "UTF-16BE"
        case .utf16: "UTF-16"
        case .latin1: "ISO-8859-1"
        case .ascii: "US-ASCII"
        case .singleByte(let name), .multiByte(let name): name
        }
    }

    /// Single-byte charsets iconv-lite decodes (so GenieACS reads them) and glibc's iconv knows, by
    /// name with case, `-`, `_` and spaces removed (as iconv-lite compares them).
    static let singleByteNames: [String: String] = {
        var table: [String: String] = [:]
        for n in 1250...1258 {
            for alias in ["windows\(n)", "cp\(n)", "win\(n)"] { table[alias] = "WINDOWS-\(n)" }
        }
        for n in [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16] {
            table["iso8859\(n)"] = "ISO-8859-\(n)"
        }
        table["latin9"] = "ISO-8859-15"
        for n in [437, 737, 850, 852, 855, 857, 858, 860, 861, 862, 863, 864, 865, 866, 869] {
            table["cp\(n)"] = "IBM\(n)"
            table["ibm\(n)"] = "IBM\(n)"
        }
        table["koi8r"] = "KOI8-R"
        table["koi8u"] = "KOI8-U"
        table["tis620"] = "TIS-620"
        table["macintosh"] = "MACINTOSH"
        table["macroman"] = "MACINTOSH"
        return table
    }()

    /// Reads a charset name from `Content-Type` or an XML declaration; nil when not accepted.
    init?(name: String) {
        var n = name.trimmingXMLWhitespace().lowercased()
        if n.count >= 2, let f = n.first, f == "\"" || f == "'", n.last == f {
            n = String(n.dropFirst().dropLast())
        }
        // Canonicalised as iconv-lite does, which GenieACS 1.2.16 falls back to (lib/cwmp.ts:1312-1319):
        // lower case, a trailing `:dddd` and every character but [0-9a-z] removed (iconv-lite
        // lib/index.js _canonicalizeEncoding), so `ISO8859_1`, `iso_8859_1` and `UTF_8` are accepted.
        guard n.utf8.count <= 40 else { return nil }
        var scalars = Array(n.unicodeScalars)
        if scalars.count >= 5, scalars[scalars.count - 5] == ":",
            scalars.suffix(4).allSatisfy({ ("0"..."9").contains($0) })
        {
            scalars.removeLast(5)
        }
        let key = String(
            String.UnicodeScalarView(scalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) })
        )
        switch key {
        case "utf8": self = .utf8
        case "utf16le": self = .utf16LE
        case "utf16be": self = .utf16BE
        case "utf16": self = .utf16
        case "iso88591", "latin1", "l1", "isoir100", "cp819", "ibm819": self = .latin1
        case "usascii", "ascii", "iso646us", "us": self = .ascii
        default:
            if let iconvName = Self.singleByteNames[key] {
                self = .singleByte(iconvName)
            } else if let iconvName = Self.multiByteNames[key] {
                self = .multiByte(iconvName)
            } else {
                return nil
            }
        }
    }
}

/// Turns a message body into UTF-8 for libxml2, honouring BOM, HTTP charset and XML declaration.
///
/// Order: a byte-order mark wins (Ferrule's step: GenieACS 1.2.16 has none, and decodes a UTF-16
/// body with a BOM and no HTTP charset as UTF-8, which fails; a warning says so); then the HTTP
/// charset; then the encoding in the XML declaration; then UTF-8 (these three as GenieACS,
/// lib/cwmp.ts:1417-1429). Leading white space before the first `<` is skipped (libxml2 refuses
/// a declaration that is not at the very start).
struct XMLInput {
    /// UTF-8 bytes to parse: a range of the caller's buffer, or a transcoded copy.
    var transcoded: [UInt8]?
    var range: Range<Int>
    var encoding: CharacterEncoding
    /// Lines skipped before `range`, added back to line numbers libxml2 reports.
    var lineOffset: Int
    var warnings: [CWMPWarning]
    /// Whether the encoding was named (byte-order mark, HTTP charset, XML declaration) rather than
    /// assumed (UTF-8, as GenieACS assumes it: lib/cwmp.ts:1425-1427).
    var named = true

    static func prepare(_ bytes: UnsafeRawBufferPointer, charset: String?) throws(CWMPParseError) -> XMLInput {
        var warnings: [CWMPWarning] = []
        var start = 0
        var encoding: CharacterEncoding?

        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            encoding = .utf8
            start = 3
        } else if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE {
            encoding = .utf16LE
            start = 2
        } else if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF {
            encoding = .utf16BE
            start = 2
        }
        if start == 2, charset == nil {
            warnings.append(
                CWMPWarning(
                    .genieACSRefuses,
                    "GenieACS 1.2.16 refuses this message (a UTF-16 byte-order mark with no HTTP charset: it has no "
                        + "BOM step and decodes the body as UTF-8, lib/cwmp.ts:1417-1429, which does not parse); "
                        + "Ferrule read it as \(encoding?.name ?? "UTF-16")",
                    line: 1
                )
            )
        }
        if encoding == nil, let charset {
            guard let declared = CharacterEncoding(name: charset) else {
                throw CWMPParseError(
                    .unsupportedCharset,
                    "charset \"\(charset.prefix(40))\" is not accepted",
                    hint: Self.charsetHint
                )
            }
            encoding = declared
        }
        if encoding == nil {
            encoding = try sniff(bytes)
            if encoding == .utf16BE {
                // GenieACS 1.2.16 finds the declaration by decoding the start as UTF-16LE, UTF-8,
                // Latin-1 or ASCII (lib/xml-parser.ts:36-49): none reads big-endian `<?xml`, so it
                // decodes the body as UTF-8 (lib/cwmp.ts:1424-1429) and fails ("Unclosed XML element").
                warnings.append(
                    CWMPWarning(
                        .genieACSRefuses,
                        "GenieACS 1.2.16 refuses this message (UTF-16BE without a byte-order mark or HTTP charset: "
                            + "it cannot read the XML declaration, lib/xml-parser.ts:36-49, decodes the body as "
                            + "UTF-8, lib/cwmp.ts:1424-1429, which does not parse); Ferrule read it as UTF-16BE",
                        line: 1
                    )
                )
            }
        }
        let named = encoding != nil
        var resolved = encoding ?? .utf8
        if resolved == .utf16 {
            resolved = Self.looksLittleEndian(bytes, from: start) ? .utf16LE : .utf16BE
        }

        var input: XMLInput
        switch resolved {
        case .utf8, .ascii:
            input = XMLInput(
                transcoded: nil,
                range: start..<bytes.count,
                encoding: resolved,
                lineOffset: 0,
                warnings: []
            )
        case .latin1:
            input = XMLInput(
                transcoded: latin1ToUTF8(UnsafeRawBufferPointer(rebasing: bytes[start...])),
                range: 0..<0,
                encoding: .latin1,
                lineOffset: 0,
                warnings: []
            )
        case .singleByte(let name), .multiByte(let name):
            let (utf8, replaced) = try iconvToUTF8(
                UnsafeRawBufferPointer(rebasing: bytes[start...]),
                charset: name
            )
            if replaced {
                warnings.append(
                    CWMPWarning(.charset, "bytes \(name) does not define were replaced with U+FFFD, as iconv-lite does")
                )
            }
            input = XMLInput(transcoded: utf8, range: 0..<0, encoding: resolved, lineOffset: 0, warnings: [])
        case .utf16LE, .utf16BE, .utf16:
            let (utf8, repaired) = utf16ToUTF8(
                UnsafeRawBufferPointer(rebasing: bytes[start...]),
                littleEndian: resolved == .utf16LE
            )
            if repaired {
                warnings.append(CWMPWarning(.charset, "invalid UTF-16 sequences were replaced with U+FFFD"))
            }
            input = XMLInput(transcoded: utf8, range: 0..<0, encoding: resolved, lineOffset: 0, warnings: [])
        }
        if let t = input.transcoded { input.range = 0..<t.count }
        input.warnings = warnings
        input.named = named
        input.skipLeadingWhitespace(in: bytes)
        input.blankMalformedEncodingName(original: bytes)
        return input
    }

    static let charsetHint =
        "send UTF-8, UTF-16, ISO-8859-1, US-ASCII, a single-byte charset such as windows-1252 or ISO-8859-15, "
        + "or GBK, GB18030, Shift_JIS, EUC-JP, EUC-KR or Big5"

    /// Decodes a single- or multi-byte charset with the C library's iconv, in 64 KiB output chunks
    /// (linear, bounded by the input). A byte the charset does not define (or that starts no valid
    /// sequence) becomes U+FFFD and decoding goes on at the next byte, as iconv-lite decodes it
    /// (iconv-lite 0.6.3 encodings/dbcs-codec.js:504-507: an unknown sequence is the default character
    /// and the bytes after its first are read again); `replaced` is true then.
    static func iconvToUTF8(_ bytes: UnsafeRawBufferPointer, charset: String) throws(CWMPParseError)
        -> (utf8: [UInt8], replaced: Bool)
    {
        let cd = iconv_open("UTF-8", charset)
        guard let cd, cd != iconv_t(bitPattern: -1) else {
            throw CWMPParseError(
                .unsupportedCharset,
                "charset \(charset) cannot be decoded here: the C library's iconv does not know it",
                hint: "install the C library's gconv modules, or send UTF-8"
            )
        }
        defer { iconv_close(cd) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 4)
        var replaced = false
        var chunk = [CChar](repeating: 0, count: 65536)
        guard let base = bytes.baseAddress else { return ([], false) }
        var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(
            mutating: base.assumingMemoryBound(to: CChar.self)
        )
        var inLeft = bytes.count
        chunk.withUnsafeMutableBufferPointer { buffer in
            guard let chunkBase = buffer.baseAddress else { return }
            while inLeft > 0 {
                var outPointer: UnsafeMutablePointer<CChar>? = chunkBase
                var outLeft = buffer.count
                let result = iconv(cd, &inPointer, &inLeft, &outPointer, &outLeft)
                let failure = result == -1 ? errno : 0
                out.append(contentsOf: UnsafeRawBufferPointer(start: chunkBase, count: buffer.count - outLeft))
                if failure == E2BIG || failure == 0 { continue }
                // EILSEQ or EINVAL: a byte the charset does not define. Replace it and go on.
                guard inLeft > 0, let p = inPointer else { break }
                out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                replaced = true
                inPointer = p + 1
                inLeft -= 1
            }
        }
        return (out, replaced)
    }

    /// Finds an encoding from the XML declaration, or UTF-16 by the `<?` byte pattern.
    private static func sniff(_ bytes: UnsafeRawBufferPointer) throws(CWMPParseError) -> CharacterEncoding? {
        var i = 0
        while i < bytes.count, bytes[i].isXMLWhitespace { i += 1 }
        if i + 3 < bytes.count {
            if bytes[i] == 0x3C, bytes[i + 1] == 0, bytes[i + 2] != 0, bytes[i + 3] == 0 { return .utf16LE }
            if bytes[i] == 0, bytes[i + 1] == 0x3C, bytes[i + 2] == 0, bytes[i + 3] != 0 { return .utf16BE }
        }
        guard let range = declaredEncodingRange(bytes, from: i) else { return nil }
        if isUTF8Name(bytes, range) { return .utf8 }
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        guard let declared = CharacterEncoding(name: name) else {
            throw CWMPParseError(
                .unsupportedCharset,
                "the XML declaration names encoding \"\(name.prefix(40))\", which is not accepted",
                line: 1,
                column: 1,
                hint: Self.charsetHint
            )
        }
        // A UTF-16 declaration on 8-bit content cannot be true: read the bytes as UTF-8.
        if declared == .utf16 || declared == .utf16LE || declared == .utf16BE { return .utf8 }
        return declared
    }

    /// The `encoding="…"` pseudo-attribute of an XML declaration starting at `offset`, if any.
    static func declaredEncoding(_ bytes: UnsafeRawBufferPointer, from offset: Int) -> String? {
        declaredEncodingRange(bytes, from: offset).map {
            String(decoding: UnsafeRawBufferPointer(rebasing: bytes[$0]), as: UTF8.self)
        }
    }

    /// Where the declared encoding name lies in `bytes`, found without allocating.
    static func declaredEncodingRange(_ bytes: UnsafeRawBufferPointer, from offset: Int) -> Range<Int>? {
        let end = min(bytes.count, offset + 256)
        guard end - offset > 5, bytes[offset] == 0x3C, bytes[offset + 1] == 0x3F,
            bytes[offset + 2] == UInt8(ascii: "x"), bytes[offset + 3] == UInt8(ascii: "m"),
            bytes[offset + 4] == UInt8(ascii: "l")
        else { return nil }
        var close = offset + 5
        while close + 1 < end, !(bytes[close] == 0x3F && bytes[close + 1] == 0x3E) { close += 1 }
        let key: StaticString = "encoding"
        let keyLength = key.utf8CodeUnitCount
        var i = offset + 5
        var found = false
        while i + keyLength <= close {
            var match = true
            for k in 0..<keyLength where bytes[i + k] != key.utf8Start[k] {
                match = false
                break
            }
            if match {
                found = true
                break
            }
            i += 1
        }
        guard found else { return nil }
        i += keyLength
        while i < close, bytes[i].isXMLWhitespace { i += 1 }
        guard i < close, bytes[i] == UInt8(ascii: "=") else { return nil }
        i += 1
        while i < close, bytes[i].isXMLWhitespace { i += 1 }
        guard i < close, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") else { return nil }
        let quote = bytes[i]
        let start = i + 1
        var stop = start
        while stop < close, bytes[stop] != quote { stop += 1 }
        guard stop < close else { return nil }
        return start..<stop
    }

    /// Whether `bytes[range]` spells `utf-8` in any case (the usual declaration), without allocating.
    static func isUTF8Name(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        let name: StaticString = "utf-8"
        guard range.count == name.utf8CodeUnitCount else { return false }
        for (k, i) in range.enumerated() where bytes[i] | 0x20 != name.utf8Start[k] | 0x20 { return false }
        return true
    }

    private static func looksLittleEndian(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Bool {
        guard start + 1 < bytes.count else { return false }
        return bytes[start] != 0 && bytes[start + 1] == 0
    }

    /// `bytes` decoded as UTF-8 the way Node's `Buffer.toString("utf-8")` decodes them (GenieACS
    /// 1.2.16 lib/cwmp.ts:1312-1314): each maximal ill-formed subsequence becomes one U+FFFD (the
    /// WHATWG and Unicode practice Swift's decoder follows), everything else is kept. Nil when
    /// `bytes` is valid; else the text, the offset of the first bad byte and how many were replaced.
    static func replacingInvalidUTF8(_ bytes: UnsafeRawBufferPointer) -> (utf8: [UInt8], first: Int, count: Int)? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var offset = 0
        var first = -1
        var count = 0
        loop: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                out.append(contentsOf: scalar)
                offset += scalar.count
            case .error(let length):
                if first < 0 { first = offset }
                count += 1
                out += [0xEF, 0xBF, 0xBD]
                offset += length
            case .emptyInput:
                break loop
            }
        }
        return count == 0 ? nil : (out, first, count)
    }

    static func latin1ToUTF8(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for b in bytes {
            if b < 0x80 {
                out.append(b)
            } else {
                out.append(0xC0 | (b >> 6))
                out.append(0x80 | (b & 0x3F))
            }
        }
        return out
    }

    private static func utf16ToUTF8(_ bytes: UnsafeRawBufferPointer, littleEndian: Bool) -> ([UInt8], Bool) {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = 0
        while i + 1 < bytes.count {
            units.append(
                littleEndian
                    ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1])
            )
            i += 2
        }
        var repaired = bytes.count % 2 != 0
        var out: [UInt8] = []
        out.reserveCapacity(units.count)
        var decoder = UTF16()
        var iterator = units.makeIterator()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): out.append(contentsOf: String(scalar).utf8)
            case .emptyInput: break loop
            case .error:
                repaired = true
                out.append(contentsOf: [0xEF, 0xBF, 0xBD])
            }
        }
        return (out, repaired)
    }

    /// Skips white space before the first `<`, remembering how many lines it spanned.
    private mutating func skipLeadingWhitespace(in original: UnsafeRawBufferPointer) {
        func scan(_ buffer: UnsafeRawBufferPointer) -> (skipped: Int, lines: Int) {
            var i = range.lowerBound
            var lines = 0
            while i < range.upperBound, buffer[i].isXMLWhitespace {
                if buffer[i] == 0x0A { lines += 1 }
                i += 1
            }
            return (i - range.lowerBound, lines)
        }
        let result: (skipped: Int, lines: Int)
        if let transcoded {
            result = transcoded.withUnsafeBytes { scan($0) }
        } else {
            result = scan(original)
        }
        guard result.skipped > 0 else { return }
        // Only the bytes before the root remain: an all-white body is handled by the caller.
        if result.skipped < range.count {
            warnings.append(
                CWMPWarning(
                    .leadingWhitespace,
                    "\(result.skipped) byte(s) of white space before the XML declaration or root element were skipped",
                    line: 1
                )
            )
        }
        range = range.lowerBound + result.skipped..<range.upperBound
        lineOffset = result.lines
    }

    /// Calls `body` with the UTF-8 bytes to parse.
    func withBytes<R>(original: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        if let transcoded {
            return transcoded.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[range])) }
        }
        return body(UnsafeRawBufferPointer(rebasing: original[range]))
    }
}

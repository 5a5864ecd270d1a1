/// The parameter names GenieACS 1.2.16 can store: those its `Path.parse` accepts.
public enum GenieACSPath {
    /// Whether GenieACS 1.2.16's `Path.parse` accepts `name` (lib/common/path.ts:118-145, 176-182):
    /// segments of `[A-Za-z0-9_-]` (:22-30) or `*`, separated by single dots, with no leading, doubled
    /// or trailing dot, and alias segments (`[Path:value,…]`, :39-116) judged as GenieACS judges
    /// them. A name it refuses is dropped from a GetParameterValuesResponse, Inform,
    /// GetParameterNamesResponse or GetParameterAttributesResponse with a warning (lib/soap.ts:117-129,
    /// 202-210, 251-259).
    public static func parses(_ name: some StringProtocol) -> Bool {
        let bytes = name.utf8
        var index = 0
        var segmentStart = 0
        var wildcard = -1
        var i = 0
        var position = bytes.startIndex
        while i <= bytes.count {
            let c: UInt8 = position < bytes.endIndex ? bytes[position] : 0
            // An alias segment: the whole name is judged by the full port below.
            if c == UInt8(ascii: "["), i == segmentStart { return AliasParser(name).parses() }
            if c == UInt8(ascii: "*"), i == segmentStart {
                wildcard = i + 1
            } else if !isLegal(c) || i == wildcard {
                if i == segmentStart { break }
                index = i
                if c != UInt8(ascii: ".") { break }
                segmentStart = i + 1
            }
            i += 1
            if position < bytes.endIndex { position = bytes.index(after: position) }
        }
        return index >= bytes.count
    }

    /// Whether GenieACS stores the name of a GetParameterNamesResponse item: an object's trailing
    /// dot is removed before parsing (lib/soap.ts:118-121).
    public static func parsesObjectOrParameter(_ name: some StringProtocol) -> Bool {
        name.hasSuffix(".") ? parses(name.dropLast()) : parses(name)
    }

    /// `legalChar` of lib/common/path.ts:22-30.
    fileprivate static func isLegal(_ c: UInt16) -> Bool {
        switch c {
        case 0x61...0x7A, 0x41...0x5A, 0x30...0x39, 0x5F, 0x2D: true
        default: false
        }
    }

    private static func isLegal(_ c: UInt8) -> Bool { isLegal(UInt16(c)) }
}

/// `Path.parsePath`, `parseAlias`, `parseAliasPath` and `parseAliasValue` of GenieACS 1.2.16
/// (lib/common/path.ts:39-148) on UTF-16 code units, as JavaScript indexes strings; only where
/// each stops is computed, which is all `Path.parse` judges (:176-182). Aliases nest (an alias
/// path may hold an alias): past ``maxDepth`` levels the name is refused (GenieACS would recurse
/// until its stack overflows, and drop the name on that error too).
private struct AliasParser {
    let units: [UInt16]
    static let maxDepth = 32

    init(_ name: some StringProtocol) { units = Array(name.utf16) }

    func parses() -> Bool {
        guard let end = parsePath(0, depth: 0) else { return false }
        return end >= units.count
    }

    /// `charCodeAt` of :18-21: 0 past the end.
    private func at(_ i: Int) -> UInt16 { i < units.count ? units[i] : 0 }

    private func skipSpaces(_ i: Int) -> Int {
        var i = i
        while at(i) == 0x20 { i += 1 }
        return i
    }

    /// `parsePath` (:118-148): where the path starting at `start` ends; nil past ``maxDepth``.
    private func parsePath(_ start: Int, depth: Int) -> Int? {
        var index = start
        var segmentStart = start
        var wildcard = -1
        var i = start
        while i <= units.count {
            let c = at(i)
            if c == 0x5B, i == segmentStart {  // `[`
                guard depth < Self.maxDepth, let end = parseAlias(i + 1, depth: depth + 1) else { return nil }
                if at(end) != 0x5D { break }  // `]`
                // GenieACS skips the character after `]` whatever it is (:127-129).
                i = end + 1
                index = i
                segmentStart = i + 1
            } else if c == 0x2A, i == segmentStart {  // `*`
                wildcard = i + 1
            } else if !GenieACSPath.isLegal(c) || i == wildcard {
                if i == segmentStart { break }
                index = i
                if c != 0x2E { break }  // `.`
                segmentStart = i + 1
            }
            i += 1
        }
        return index
    }

    /// `parseAlias` (:84-116): where the alias's `path:value` pairs end.
    private func parseAlias(_ start: Int, depth: Int) -> Int? {
        var index = start
        var i = start
        while true {
            // A pair's path ends in `:`, so a found one always moves past `i`.
            guard let afterPath = parseAliasPath(i, depth: depth) else { return nil }
            guard afterPath != i else { break }
            i = afterPath
            guard let afterValue = parseAliasValue(i) else { break }
            i = afterValue
            index = i
            if at(index) != 0x2C { break }  // `,`
            i += 1
        }
        return index
    }

    /// `parseAliasPath` (:70-82): past the `path :` of a pair, or `start` when there is none;
    /// nil past ``maxDepth``.
    private func parseAliasPath(_ start: Int, depth: Int) -> Int? {
        let i = skipSpaces(start)
        guard let end = parsePath(i, depth: depth) else { return nil }
        if end == i { return start }
        let j = skipSpaces(end)
        if at(j) != 0x3A { return start }  // `:`
        return j + 1
    }

    /// `parseAliasValue` (:39-68): past the value, or nil when a quoted value is no JSON string.
    private func parseAliasValue(_ start: Int) -> Int? {
        let i = skipSpaces(start)
        if at(i) == 0x22 {  // `"`
            var j = i + 1
            while j < units.count {
                if units[j] == 0x22, units[j - 1] != 0x5C {
                    return isJSONString(units[i...j]) ? j + 1 : nil
                }
                j += 1
            }
            return nil
        }
        var k = i
        while k < units.count, units[k] != 0x5D, units[k] != 0x2C { k += 1 }  // `]`, `,`
        return k
    }

    /// Whether `JSON.parse` accepts `quoted` (opening and closing `"` included) as a string
    /// (ECMA-404 section 9): no control character, escapes `\" \\ \/ \b \f \n \r \t \uXXXX` only.
    private func isJSONString(_ quoted: ArraySlice<UInt16>) -> Bool {
        var k = quoted.startIndex + 1
        let end = quoted.endIndex - 1
        while k < end {
            let c = quoted[k]
            if c < 0x20 { return false }
            if c == 0x22 { return false }
            if c == 0x5C {
                k += 1
                guard k < end else { return false }
                switch quoted[k] {
                case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: break
                case 0x75:  // `u` and four hex digits
                    guard k + 4 < end else { return false }
                    for h in 1...4 {
                        let d = quoted[k + h]
                        guard (0x30...0x39).contains(d) || (0x41...0x46).contains(d) || (0x61...0x66).contains(d)
                        else { return false }
                    }
                    k += 4
                default: return false
                }
            }
            k += 1
        }
        return true
    }
}

/// The parameter names GenieACS 1.2.16 can store: those its `Path.parse` accepts.
public enum GenieACSPath {
    /// Whether GenieACS 1.2.16's `Path.parse` accepts `name` (lib/common/path.ts:118-145, 176-182):
    /// segments of `[A-Za-z0-9_-]` (:22-30) or `*`, separated by single dots, with no leading, doubled
    /// or trailing dot. A name it refuses is dropped from a GetParameterValuesResponse, Inform,
    /// GetParameterNamesResponse or GetParameterAttributesResponse with a warning (lib/soap.ts:117-129,
    /// 202-210, 251-259). An alias segment (`[…]`) is not judged: such a name counts as accepted.
    public static func parses(_ name: some StringProtocol) -> Bool {
        let bytes = name.utf8
        var index = 0
        var segmentStart = 0
        var wildcard = -1
        var i = 0
        var position = bytes.startIndex
        while i <= bytes.count {
            let c: UInt8 = position < bytes.endIndex ? bytes[position] : 0
            if c == UInt8(ascii: "["), i == segmentStart { return true }
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
    private static func isLegal(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }
}

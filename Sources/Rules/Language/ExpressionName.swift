/// What a tag name (`tag: {add: …}`, `match: {tags: …}`, a trigger's tag action) and a
/// `match.parameters` path may hold: what GenieACS's expression grammar reads as a parameter name,
/// `[a-zA-Z0-9_.*-]+` (lib/common/expression/parser.ts:140 at v1.2.16). A precondition names a tag
/// as the parameter `Tags.<name>`, so a tag outside it could be set but never matched, and a preset
/// holding one does not parse.
enum ExpressionName {
    /// What a tag name holds, for messages.
    static let tagRule =
        "must hold only ASCII letters, digits, - and _, and no 0x before two digits or capitals (GenieACS reads 0x41 as an escaped A)"

    /// A tag: ASCII letters, digits, `-` and `_` (`.` and `*` would name other tags), without `0x`
    /// followed by two of `[0-9A-Z]`: GenieACS writes a tag's parameter `Tags.<name>` through
    /// `encodeTag` and reads it back through `decodeTag` (lib/util.ts:34-46 at v1.2.16,
    /// lib/cwmp/db.ts:176 and 354-361), which turn that `0x` into an escape, so `vlan0x10` would be
    /// stored as the tag `vlan` + U+0010 and `Tags.vlan0x10` would never match.
    static func isTag(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { ExpressionScanner.isWordByte($0) || $0 == UInt8(ascii: "-") }
            && !hasEscapeLookalike(name)
    }

    /// Whether `0x` is followed by two characters of `[0-9A-Z]` somewhere in `name`.
    static func hasEscapeLookalike(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        func escapeDigit(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
        }
        guard bytes.count >= 4 else { return false }
        for i in 0...(bytes.count - 4)
        where bytes[i] == UInt8(ascii: "0") && bytes[i + 1] == UInt8(ascii: "x") && escapeDigit(bytes[i + 2])
            && escapeDigit(bytes[i + 3])
        {
            return true
        }
        return false
    }

    /// A parameter path a precondition can hold (no alias `[…]`, spaces or non-ASCII letters).
    static func isParameterPath(_ path: String) -> Bool {
        !path.isEmpty && path.utf8.allSatisfy(ExpressionScanner.isParameterByte)
    }
}

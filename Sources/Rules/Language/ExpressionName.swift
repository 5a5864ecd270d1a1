/// What a tag name (`tag: {add: …}`, `match: {tags: …}`, a trigger's tag action) and a
/// `match.parameters` path may hold: what GenieACS's expression grammar reads as a parameter name,
/// `[a-zA-Z0-9_.*-]+` (lib/common/expression/parser.ts:140 at v1.2.16). A precondition names a tag
/// as the parameter `Tags.<name>`, so a tag outside it could be set but never matched, and a preset
/// holding one does not parse.
enum ExpressionName {
    /// What a tag name holds, for messages.
    static let tagRule = "must hold only ASCII letters, digits, - and _"

    /// A tag: ASCII letters, digits, `-` and `_` (`.` and `*` would name other tags).
    static func isTag(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { ExpressionScanner.isWordByte($0) || $0 == UInt8(ascii: "-") }
    }

    /// A parameter path a precondition can hold (no alias `[…]`, spaces or non-ASCII letters).
    static func isParameterPath(_ path: String) -> Bool {
        !path.isEmpty && path.utf8.allSatisfy(ExpressionScanner.isParameterByte)
    }
}

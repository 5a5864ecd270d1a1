/// A `LIKE` pattern matched exactly as GenieACS does (`likePatternToRegExp` in
/// `lib/common/expression/util.ts`, `parseLikePattern` in `parser.ts`).
///
/// `%` matches any run and `_` one character, anchored at both ends, case-sensitively. GenieACS
/// builds a JavaScript regular expression, so these details follow from it:
/// - characters are UTF-16 code units (`_` matches half of an emoji);
/// - `%` and `_` do not match line terminators (`\n`, `\r`, U+2028, U+2029), though a pattern
///   starting or ending with `%` is simply unanchored on that side;
/// - the escape character makes the next character literal; an escape that is not exactly one
///   code unit (or not a string) escapes nothing;
/// - a backslash in the pattern matches `/`, not `\` (GenieACS maps `\` to the regular expression `\/`).
struct LikePattern {
    private enum Token: Equatable {
        case literal(UInt16)
        case one
        case any
    }

    private let tokens: [Token]
    private let anchoredStart: Bool
    private let anchoredEnd: Bool

    init(_ pattern: String, escape: String?) {
        var escapeUnit: UInt16?
        if let escape, escape.utf16.count == 1 { escapeUnit = escape.utf16.first }
        let units = Array(pattern.utf16)
        var tokens: [Token] = []
        var i = 0
        while i < units.count {
            let c = units[i]
            if c == escapeUnit {
                if i + 1 < units.count { tokens.append(.literal(units[i + 1])) }
                i += 2
                continue
            }
            if c == UInt16(UInt8(ascii: "_")) {
                tokens.append(.one)
            } else if c == UInt16(UInt8(ascii: "%")) {
                if tokens.last != .any { tokens.append(.any) }
            } else {
                tokens.append(.literal(c))
            }
            i += 1
        }
        anchoredStart = tokens.first != .any
        anchoredEnd = tokens.last != .any
        if !anchoredStart { tokens.removeFirst() }
        if !anchoredEnd, !tokens.isEmpty { tokens.removeLast() }
        self.tokens = tokens
    }

    func matches(_ text: String) -> Bool {
        let s = Array(text.utf16)
        let n = s.count
        var reachable = [Bool](repeating: !anchoredStart, count: n + 1)
        reachable[0] = true
        for token in tokens {
            var next = [Bool](repeating: false, count: n + 1)
            switch token {
            case .literal(let c):
                // GenieACS's regular expression has `\/` for a backslash.
                let wanted = c == 0x5C ? 0x2F : c
                for p in 0..<n where reachable[p] && s[p] == wanted { next[p + 1] = true }
            case .one:
                for p in 0..<n where reachable[p] && !JavaScript.isLineTerminator(s[p]) { next[p + 1] = true }
            case .any:
                var open = false
                for p in 0...n {
                    if reachable[p] { open = true }
                    if open { next[p] = true }
                    if p < n && JavaScript.isLineTerminator(s[p]) { open = false }
                }
            }
            reachable = next
        }
        return anchoredEnd ? reachable[n] : reachable.contains(true)
    }
}

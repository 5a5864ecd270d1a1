/// One alternative a query value stands for (GenieACS 1.2.16 `lib/query.ts:19-36`: a string is also the regex it
/// spells, the number, the date and the `*` pattern).
enum Operand {
    case value(QValue)
    case regex(JSRegex)

    /// Whether a stored scalar equals or matches this alternative.
    func matches(_ stored: QValue) -> Bool {
        switch self {
        case .value(let v): return QValue.compare(v, stored) == 0
        case .regex(let r):
            if case .string(let s) = stored { return r.matches(s) }
            return false
        }
    }
}

/// A JavaScript regular expression (`/pattern/flags`, `$regex` + `$options`) run with Swift's `Regex`.
///
/// Flags `i`, `m` and `s` are honoured; `g`, `u`, `y` do not change whether a string matches.
struct JSRegex {
    let regex: Regex<AnyRegexOutput>

    init?(pattern: String, flags: String) {
        guard var r = try? Regex(pattern) else { return nil }
        if flags.contains("i") { r = r.ignoresCase() }
        if flags.contains("m") { r = r.anchorsMatchLineEndings() }
        if flags.contains("s") { r = r.dotMatchesNewlines() }
        regex = r
    }

    /// The `(pattern, flags)` of a `/pattern/flags` text as `lib/query.ts:22` reads it
    /// (`/^\/(.*?)\/(g?i?m?y?)$/`: flags only in that order, no line break in the pattern); nil when it is none.
    static func literalParts(_ text: String) -> (pattern: String, flags: String)? {
        guard text.hasPrefix("/"),
            !text.unicodeScalars.contains(where: { "\n\r\u{2028}\u{2029}".unicodeScalars.contains($0) })
        else { return nil }
        let body = text.dropFirst()
        // The lazy `(.*?)` takes the first `/` after which only a flag sequence follows.
        var i = body.startIndex
        while let slash = body[i...].firstIndex(of: "/") {
            let flags = String(body[body.index(after: slash)...])
            if flags.wholeMatch(of: /g?i?m?y?/) != nil { return (String(body[..<slash]), flags) }
            i = body.index(after: slash)
        }
        return nil
    }

    func matches(_ s: String) -> Bool { (try? regex.firstMatch(in: s)) != nil }
}

import FerruleCore
import GenieACS

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

/// A regular expression of a query (`/pattern/flags`, `$regex` + `$options`), matched with Swift's `Regex` as MongoDB
/// matches it.
///
/// Both kinds reach MongoDB, which matches them with PCRE in UTF mode (a `/…/` text is made a JavaScript `RegExp` by
/// GenieACS first, lib/query.ts:22-23, and sent as a BSON regex): code points, not grapheme clusters (`.` takes one
/// of `e` + U+0301); `\d`, `\w`, `\s`, `\b` and POSIX classes ASCII only (PCRE without UCP). Flags `i`, `m`, `s` and
/// `x` are honoured; `g`, `u`, `y` do not change whether a string matches.
///
/// A pattern the real engine refuses is the error it raises (``RegexSyntax``); one it takes that Swift's `Regex`
/// cannot run — lookbehind (`(?<=…)`, `(?<!…)`), which PCRE and JavaScript have and Swift does not — is refused as
/// not reproduced (`501 Not Implemented`, naming the construct), never matched differently or dropped.
struct JSRegex {
    let regex: Regex<AnyRegexOutput>

    /// - Parameter javaScript: the pattern was compiled by `new RegExp` first (a `/…/` text or a `*` pattern), so
    ///   JavaScript's syntax errors apply; otherwise it goes to MongoDB as written (`$regex`).
    /// - Throws: ``WorkerCrash``: the engine's own error for a pattern it refuses, or ``WorkerCrash/notReproduced``
    ///   for one the stand-in cannot evaluate.
    init(pattern: String, flags: String, javaScript: Bool) throws(WorkerCrash) {
        let dialect: RegexSyntax.Dialect = javaScript ? .javaScript : .pcre(extended: flags.contains("x"))
        if let problem = RegexSyntax.error(in: pattern, dialect: dialect) {
            throw WorkerCrash(
                javaScript
                    ? "SyntaxError: Invalid regular expression: /\(pattern)/: \(problem)"
                    : "MongoServerError: Regular expression is invalid: \(problem)"
            )
        }
        // PCRE's extended mode ignores white space and `#` comments outside classes, as Swift's `(?x)` does.
        let source = flags.contains("x") ? "(?x)" + pattern : pattern
        var r: Regex<AnyRegexOutput>
        do {
            r = try Regex(source)
        } catch {
            throw WorkerCrash(
                notReproducedRegex: "/" + DisplayText.value(pattern) + "/",
                reason: "\(error)"
            )
        }
        r = r.matchingSemantics(.unicodeScalar).asciiOnlyCharacterClasses()
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

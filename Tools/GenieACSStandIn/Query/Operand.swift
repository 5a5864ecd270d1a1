/// One alternative a query value stands for (genieacs-nbi.md §13.2: a string is also a regex, a number, a date or
/// a wildcard pattern).
enum Operand {
    case value(QValue)
    case regex(JSRegex)
    /// Shell-style `*` wildcard, anchored at both ends.
    case wildcard([Substring])

    /// Whether a stored scalar equals or matches this alternative.
    func matches(_ stored: QValue) -> Bool {
        switch self {
        case .value(let v): return QValue.compare(v, stored) == 0
        case .regex(let r):
            if case .string(let s) = stored { return r.matches(s) }
            return false
        case .wildcard(let parts):
            if case .string(let s) = stored { return Self.wildcardMatch(parts, Substring(s)) }
            return false
        }
    }

    private static func wildcardMatch(_ parts: [Substring], _ s: Substring) -> Bool {
        guard let first = parts.first else { return s.isEmpty }
        if parts.count == 1 { return s == first }
        guard s.hasPrefix(first), let last = parts.last else { return false }
        var rest = s.dropFirst(first.count)
        guard rest.count >= last.count, rest.hasSuffix(last) else { return false }
        rest = rest.dropLast(last.count)
        for middle in parts.dropFirst().dropLast() where !middle.isEmpty {
            guard let range = rest.firstRange(of: middle) else { return false }
            rest = rest[range.upperBound...]
        }
        return true
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

    /// `/pattern/flags` text, or nil when the text is not one.
    init?(literal: String) {
        guard literal.hasPrefix("/"), let close = literal.lastIndex(of: "/"), close > literal.startIndex else {
            return nil
        }
        let pattern = String(literal[literal.index(after: literal.startIndex)..<close])
        let flags = String(literal[literal.index(after: close)...])
        guard flags.allSatisfy({ "gimsuy".contains($0) }) else { return nil }
        self.init(pattern: pattern, flags: flags)
    }

    func matches(_ s: String) -> Bool { (try? regex.firstMatch(in: s)) != nil }
}

/// An XML Schema regular expression (used by `pattern` facets) compiled for Swift.
///
/// XSD patterns are implicitly anchored and treat `^` and `$` as ordinary characters; top-level
/// alternation (`[0-9]|[1-5][0-9]`) applies to the whole value. `\i`
/// and `\c` (XML name characters) are translated to ASCII approximations.
public struct XSDRegex: @unchecked Sendable {
    // Regex is immutable once built; matching never mutates it (the value is only read).
    private let regex: Regex<AnyRegexOutput>
    public let source: String

    /// Compiles `pattern`; nil when it uses syntax Swift's engine cannot express.
    public init?(_ pattern: String) {
        source = pattern
        guard let regex = try? Regex("(?:" + Self.translate(pattern) + ")") else { return nil }
        self.regex = regex
    }

    /// Whether the whole of `value` matches.
    public func matches(_ value: String) -> Bool {
        (try? regex.wholeMatch(in: value)) != nil
    }

    /// Rewrites XSD-only syntax into the Swift regex dialect.
    static func translate(_ pattern: String) -> String {
        var out = ""
        var inClass = 0
        var escaped = false
        for ch in pattern {
            if escaped {
                switch ch {
                case "i": out += inClass > 0 ? "_:A-Za-z" : "[_:A-Za-z]"
                case "I": out += "[^_:A-Za-z]"
                case "c": out += inClass > 0 ? "\\-._:A-Za-z0-9" : "[\\-._:A-Za-z0-9]"
                case "C": out += "[^\\-._:A-Za-z0-9]"
                default: out += "\\" + String(ch)
                }
                escaped = false
                continue
            }
            switch ch {
            case "\\": escaped = true
            case "[":
                inClass += 1
                out.append(ch)
            case "]":
                inClass = max(0, inClass - 1)
                out.append(ch)
            case "^" where inClass == 0, "$" where inClass == 0:
                out += "\\" + String(ch)
            default:
                out.append(ch)
            }
        }
        if escaped { out += "\\\\" }
        return out
    }
}

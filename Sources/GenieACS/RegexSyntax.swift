import FerruleCore

/// Whether a regular expression GenieACS or its MongoDB would be handed compiles, checked before a
/// device query is sent: a pattern that does not compile throws inside the NBI request handler and
/// stops the worker (GenieACS 1.2.16 lib/query.ts:22-23 and :16 `new RegExp`; a `$regex` goes to
/// MongoDB unchanged, lib/query.ts:64-67).
///
/// One linear pass over the pattern's UTF-16 code units (JavaScript's units outside `u` mode); no
/// pattern is compiled or run.
public enum RegexSyntax {
    public enum Dialect: Sendable {
        /// `new RegExp(pattern)` in Node without the `u` flag: ECMAScript 2022 §22.2.1 with the
        /// web-compatibility grammar of Annex B.1.2 (a lone `{`, `}` or `]` is a character, `\`
        /// before any other character is that character, lookaheads may be quantified).
        case javaScript
        /// MongoDB's `$regex` (PCRE). Only the mistakes PCRE and JavaScript both refuse are
        /// reported — unbalanced parentheses, an unterminated class, a trailing `\`, a quantifier
        /// with nothing before it at the start or after `|`, `{m,n}` or a class range out of
        /// order — so no pattern PCRE takes (`(?i)`, `a*+`, `\Q…\E`, `[[:alpha:]]`) is refused.
        case pcre(extended: Bool)
    }

    /// Why `pattern` does not compile in `dialect`, or nil when it does.
    public static func error(in pattern: String, dialect: Dialect) -> String? {
        var scanner = Scanner(units: Array(pattern.utf16), dialect: dialect)
        return scanner.run()
    }

    private struct Scanner {
        let units: [UInt16]
        let dialect: Dialect
        var i = 0
        /// What is open: true for a lookbehind (which cannot be quantified), false for other groups.
        var groups: [Bool] = []
        var names: Set<String> = []
        var allNames: Set<String> = []
        var hasNamedGroups: Bool { !allNames.isEmpty }

        init(units: [UInt16], dialect: Dialect) {
            self.units = units
            self.dialect = dialect
        }

        var javaScript: Bool {
            if case .javaScript = dialect { return true }
            return false
        }

        var extended: Bool {
            if case .pcre(let x) = dialect { return x }
            return false
        }

        static func ascii(_ c: Character) -> UInt16 { UInt16(c.asciiValue ?? 0) }
        static let backslash = ascii("\\")

        func at(_ k: Int) -> UInt16? { k < units.count ? units[k] : nil }
        func isDigit(_ u: UInt16?) -> Bool { u.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
        func isHex(_ u: UInt16?) -> Bool {
            guard let u else { return false }
            return (u >= 0x30 && u <= 0x39) || (u >= 0x41 && u <= 0x46) || (u >= 0x61 && u <= 0x66)
        }

        mutating func run() -> String? {
            if javaScript { allNames = groupNames() }
            // What the last thing read was: nothing to repeat (start, `(`, `|`), an atom, a quantifier,
            // or an assertion that cannot be quantified.
            enum Last { case none, atom, quantifier, assertion }
            var last = Last.none
            while i < units.count {
                let u = units[i]
                if extended, u == Self.ascii("#") {
                    while i < units.count, units[i] != 0x0A { i += 1 }
                    continue
                }
                if let length = quantifierLength(at: i) {
                    switch last {
                    case .none:
                        if javaScript || i == 0 || units[i - 1] == Self.ascii("|") {
                            return "nothing to repeat before `\(text(i, length))` at offset \(i)"
                        }
                    case .quantifier:
                        if javaScript { return "a quantifier follows a quantifier at offset \(i)" }
                    case .assertion:
                        if javaScript { return "an assertion cannot be repeated (offset \(i))" }
                    case .atom: break
                    }
                    if let problem = braceOrder(at: i, length: length) { return problem }
                    i += length
                    if at(i) == Self.ascii("?") { i += 1 }  // lazy
                    last = .quantifier
                    continue
                }
                switch u {
                case Self.backslash:
                    guard i + 1 < units.count else { return "the pattern ends with a lone `\\`" }
                    if !javaScript, units[i + 1] == Self.ascii("Q") {
                        i += 2
                        while i < units.count, !(units[i] == Self.backslash && at(i + 1) == Self.ascii("E")) { i += 1 }
                        i = min(units.count, i + 2)
                        last = .atom
                        continue
                    }
                    let next = units[i + 1]
                    if javaScript, next == Self.ascii("k"), hasNamedGroups {
                        guard at(i + 2) == Self.ascii("<"), let (name, end) = groupName(at: i + 3) else {
                            return "`\\k` must name a group: `\\k<name>` (offset \(i))"
                        }
                        guard allNames.contains(name) else {
                            return "`\\k<\(DisplayTextShort.shown(name))>` names no group"
                        }
                        i = end
                        last = .atom
                        continue
                    }
                    last = javaScript && (next == Self.ascii("b") || next == Self.ascii("B")) ? .assertion : .atom
                    i += 2
                case Self.ascii("["):
                    if let problem = characterClass() { return problem }
                    last = .atom
                case Self.ascii("("):
                    if let problem = openGroup() { return problem }
                    if !javaScript, units[i - 1] == Self.ascii(")") {
                        last = .atom  // a `(?#…)` comment or an option setting such as `(?i)`
                    } else {
                        last = .none
                    }
                case Self.ascii(")"):
                    guard let lookbehind = groups.popLast() else { return "unmatched `)` at offset \(i)" }
                    last = lookbehind ? .assertion : .atom
                    i += 1
                case Self.ascii("|"):
                    last = .none
                    i += 1
                case Self.ascii("^"), Self.ascii("$"):
                    last = javaScript ? .assertion : .atom
                    i += 1
                default:
                    last = .atom
                    i += 1
                }
            }
            if !groups.isEmpty { return "\(groups.count) unclosed `(`" }
            return nil
        }

        func text(_ start: Int, _ length: Int) -> String {
            String(decoding: units[start..<min(units.count, start + length)], as: UTF16.self)
        }

        /// The length of the quantifier at `k` (`*`, `+`, `?`, or a braced `{n}`, `{n,}`, `{n,m}`), nil when none.
        func quantifierLength(at k: Int) -> Int? {
            let u = units[k]
            if u == Self.ascii("*") || u == Self.ascii("+") || u == Self.ascii("?") { return 1 }
            guard u == Self.ascii("{") else { return nil }
            var j = k + 1
            guard isDigit(at(j)) else { return nil }
            while isDigit(at(j)) { j += 1 }
            if at(j) == Self.ascii(",") {
                j += 1
                while isDigit(at(j)) { j += 1 }
            }
            return at(j) == Self.ascii("}") ? j - k + 1 : nil
        }

        /// `{m,n}` with m > n.
        func braceOrder(at k: Int, length: Int) -> String? {
            guard units[k] == Self.ascii("{") else { return nil }
            let body = text(k + 1, length - 2)
            let parts = body.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[1].isEmpty else { return nil }
            // Compared as digit strings: no overflow whatever their length.
            let low = parts[0].drop { $0 == "0" }
            let high = parts[1].drop { $0 == "0" }
            let outOfOrder = low.count != high.count ? low.count > high.count : low > high
            return outOfOrder ? "the numbers of `{\(body)}` are out of order" : nil
        }

        /// After `(`: the group's kind. Sets `i` past its opening.
        mutating func openGroup() -> String? {
            let start = i
            i += 1
            guard at(i) == Self.ascii("?") else {
                if !javaScript, at(i) == Self.ascii("*") {  // a PCRE verb such as `(*FAIL)`
                    guard let close = units[i...].firstIndex(of: Self.ascii(")")) else {
                        return "unclosed `(*` at offset \(start)"
                    }
                    i = close + 1
                    return nil
                }
                groups.append(false)
                return nil
            }
            i += 1
            guard javaScript else {
                if at(i) == Self.ascii("#") {
                    guard let close = units[i...].firstIndex(of: Self.ascii(")")) else {
                        return "unclosed `(?#` comment at offset \(start)"
                    }
                    i = close + 1
                    return nil
                }
                // An option setting that is not a group, `(?i)` or `(?-x)`: nothing opens.
                var j = i
                while let u = at(j), (u >= 0x61 && u <= 0x7A) || (u >= 0x41 && u <= 0x5A) || u == Self.ascii("-") {
                    j += 1
                }
                if j > i, at(j) == Self.ascii(")") {
                    i = j + 1
                    return nil
                }
                groups.append(false)
                return nil
            }
            switch at(i) {
            case Self.ascii(":"), Self.ascii("="), Self.ascii("!"):
                i += 1
                groups.append(false)
                return nil
            case Self.ascii("<"):
                if at(i + 1) == Self.ascii("=") || at(i + 1) == Self.ascii("!") {
                    i += 2
                    groups.append(true)
                    return nil
                }
                guard let (name, end) = groupName(at: i + 1), Self.isGroupName(name) else {
                    return "`(?<` at offset \(start) is not followed by a group name and `>`"
                }
                guard names.insert(name).inserted else {
                    return "the group name \"\(DisplayTextShort.shown(name))\" is used twice"
                }
                i = end
                groups.append(false)
                return nil
            default:
                return
                    "`(?` at offset \(start) opens no group JavaScript knows (`(?:`, `(?=`, `(?!`, `(?<=`, `(?<!`, `(?<name>`)"
            }
        }

        static func isGroupName(_ name: String) -> Bool {
            guard let first = name.first, first.isLetter || first == "$" || first == "_" else { return false }
            return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "$" || $0 == "_" }
        }

        /// The name of a group written from `k` up to its `>` and where the text goes on after it; nil
        /// when a character that cannot be in a name comes first. Reads only name characters, so
        /// every scan stops before the next `(`: linear over the pattern.
        func groupName(at k: Int) -> (String, Int)? {
            var j = k
            while let u = at(j), u != Self.ascii(">") {
                let nameCharacter =
                    u >= 0x80 || (u >= 0x30 && u <= 0x39) || (u >= 0x41 && u <= 0x5A) || (u >= 0x61 && u <= 0x7A)
                    || u == Self.ascii("$") || u == Self.ascii("_")
                guard nameCharacter else { return nil }
                j += 1
            }
            guard at(j) == Self.ascii(">") else { return nil }
            return (String(decoding: units[k..<j], as: UTF16.self), j + 1)
        }

        /// Every `(?<name>` group's name, outside classes (V8: then `\k` must name one of them).
        func groupNames() -> Set<String> {
            var found: Set<String> = []
            var k = 0
            var inClass = false
            while k < units.count {
                let u = units[k]
                if u == Self.backslash {
                    k += 2
                    continue
                }
                if inClass {
                    if u == Self.ascii("]") { inClass = false }
                } else if u == Self.ascii("[") {
                    inClass = true
                } else if u == Self.ascii("("), at(k + 1) == Self.ascii("?"), at(k + 2) == Self.ascii("<"),
                    at(k + 3) != Self.ascii("="), at(k + 3) != Self.ascii("!"), let (name, end) = groupName(at: k + 3)
                {
                    found.insert(name)
                    k = end
                    continue
                }
                k += 1
            }
            return found
        }

        /// A class from `[` to its `]`: ranges in order. Sets `i` past it.
        mutating func characterClass() -> String? {
            let start = i
            i += 1
            if at(i) == Self.ascii("^") { i += 1 }
            if !javaScript, at(i) == Self.ascii("]") { i += 1 }  // PCRE: a `]` first is a character
            var previous: UInt16?  // the last single character, for a range
            var pendingRange = false
            while i < units.count {
                let u = units[i]
                if u == Self.ascii("]") {
                    i += 1
                    return nil
                }
                var value: UInt16?
                if u == Self.backslash {
                    guard i + 1 < units.count else { return "the pattern ends with a lone `\\`" }
                    (value, i) = javaScript ? classEscape(at: i) : (nil, i + 2)
                } else {
                    value = u
                    i += 1
                }
                if pendingRange {
                    pendingRange = false
                    if let low = previous, let high = value, low > high {
                        return
                            "the range `\(Self.show(low))-\(Self.show(high))` in the class at offset \(start) is out of order"
                    }
                    previous = nil
                    continue
                }
                if u == Self.ascii("-"), previous != nil, at(i) != Self.ascii("]") {
                    pendingRange = true
                    continue
                }
                previous = value
            }
            return "the class `[` at offset \(start) has no closing `]`"
        }

        static func show(_ unit: UInt16) -> String {
            unit >= 0x20 && unit < 0x7F
                ? String(Character(Unicode.Scalar(UInt8(unit)))) : "\\u{\(String(unit, radix: 16))}"
        }

        /// A JavaScript class escape at `k` (a `\`): its character, nil for a set (`\d` …), and where
        /// the class goes on (Annex B.1.2 ClassEscape).
        func classEscape(at k: Int) -> (UInt16?, Int) {
            let c = units[k + 1]
            switch c {
            case Self.ascii("d"), Self.ascii("D"), Self.ascii("s"), Self.ascii("S"), Self.ascii("w"),
                Self.ascii("W"):
                return (nil, k + 2)
            case Self.ascii("b"): return (0x08, k + 2)
            case Self.ascii("t"): return (0x09, k + 2)
            case Self.ascii("n"): return (0x0A, k + 2)
            case Self.ascii("v"): return (0x0B, k + 2)
            case Self.ascii("f"): return (0x0C, k + 2)
            case Self.ascii("r"): return (0x0D, k + 2)
            case Self.ascii("c"):
                if let letter = at(k + 2),
                    (letter >= 0x41 && letter <= 0x5A) || (letter >= 0x61 && letter <= 0x7A)
                        || isDigit(letter) || letter == Self.ascii("_")
                {
                    return (letter % 32, k + 3)
                }
                return (Self.backslash, k + 1)  // `\c` alone is a backslash; `c` is read next
            case Self.ascii("x"):
                if isHex(at(k + 2)), isHex(at(k + 3)) {
                    return (UInt16(text(k + 2, 2), radix: 16), k + 4)
                }
                return (c, k + 2)
            case Self.ascii("u"):
                if (2...5).allSatisfy({ isHex(at(k + $0)) }) {
                    return (UInt16(text(k + 2, 4), radix: 16), k + 6)
                }
                return (c, k + 2)
            case Self.ascii("0")...Self.ascii("7"):
                // Legacy octal, at most \377.
                var j = k + 1
                var value: UInt16 = 0
                while j < units.count, j < k + 4, units[j] >= Self.ascii("0"), units[j] <= Self.ascii("7"),
                    value * 8 + (units[j] - Self.ascii("0")) <= 0o377
                {
                    value = value * 8 + (units[j] - Self.ascii("0"))
                    j += 1
                }
                return (value, j)
            default:
                return (c, k + 2)
            }
        }
    }
}

/// A name shown in a regex message: quoted, escaped, shortened.
private enum DisplayTextShort {
    static func shown(_ text: String) -> String { DisplayText.value(text, limit: 40) }
}

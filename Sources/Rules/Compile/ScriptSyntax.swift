/// Checks a rule's `script:` text for what GenieACS refuses when the provision is stored: the NBI
/// compiles every provision as `"use strict";(function(){\n<script>\n})();` with `vm.Script`
/// (lib/nbi.ts:140-146 at v1.2.16) and answers 400 when that throws, after a deploy may already
/// have written other provisions.
///
/// One linear pass over the text (strings, template literals, comments and regular expressions
/// skipped as JavaScript reads them) finds: brackets that do not balance — a `})` closes the
/// wrapper and the rest of the script would run outside it; strings, comments and template
/// literals that are not closed; the literals strict mode refuses (`010`, `08`, `"\07"`); a `with`
/// statement. Other syntax errors are left to GenieACS.
enum ScriptSyntax {
    /// The first problem: a message and where it is in the script (1-based line and column).
    struct Problem: Sendable, Hashable {
        var message: String
        var line: Int
        var column: Int
    }

    /// Keywords after which a `/` starts a regular expression rather than a division.
    private static let expressionKeywords: Set<String> = [
        "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else",
        "yield", "await",
    ]

    /// What came before, for telling a regular expression from a division.
    private enum Previous {
        case start
        case punctuator(Unicode.Scalar)
        case word(String)
        case value
    }

    static func problem(in script: String) -> Problem? {
        var scanner = Scanner(Array(script.unicodeScalars))
        return scanner.run()
    }

    private struct Scanner {
        let text: [Unicode.Scalar]
        var i = 0
        var line = 1
        var lineStart = 0
        /// Open brackets with where they were opened; `$` stands for a template literal's `${`.
        var open: [(bracket: Unicode.Scalar, line: Int, column: Int)] = []
        var previous = Previous.start

        init(_ text: [Unicode.Scalar]) { self.text = text }

        func at(_ offset: Int) -> Unicode.Scalar? { i + offset < text.count ? text[i + offset] : nil }
        var column: Int { i - lineStart + 1 }

        func problem(_ message: String, line: Int? = nil, column: Int? = nil) -> Problem {
            Problem(message: message, line: line ?? self.line, column: column ?? self.column)
        }

        /// Steps over `\n` or `\r`, counting one line for `\n`, a lone `\r` or a CRLF (whose `\n` counts it).
        mutating func stepOverLineBreak() {
            if text[i] == "\n" || at(1) != "\n" { newline() }
            i += 1
        }

        mutating func newline() {
            line += 1
            lineStart = i + 1
        }

        static func isLineTerminator(_ c: Unicode.Scalar) -> Bool { c == "\n" || c == "\r" }

        static func isDigit(_ c: Unicode.Scalar?) -> Bool { c.map { $0 >= "0" && $0 <= "9" } ?? false }

        static func isWordPart(_ c: Unicode.Scalar) -> Bool {
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_" || c == "$"
                || c == "\\" || c.value > 0x7F
        }

        mutating func run() -> Problem? {
            while i < text.count {
                let c = text[i]
                switch c {
                case "\n", "\r":
                    stepOverLineBreak()
                case " ", "\t":
                    i += 1
                case "/" where at(1) == "/":
                    while i < text.count, !Self.isLineTerminator(text[i]) { i += 1 }
                case "/" where at(1) == "*":
                    let (startLine, startColumn) = (line, column)
                    i += 2
                    while i < text.count, !(text[i] == "*" && at(1) == "/") {
                        if text[i] == "\n" || (text[i] == "\r" && at(1) != "\n") { newline() }
                        i += 1
                    }
                    guard i < text.count else {
                        return problem("a /* comment is not closed", line: startLine, column: startColumn)
                    }
                    i += 2
                case "/" where regexAllowed:
                    // A regular expression; when it would run past the line, the `/` was a
                    // division after all (the guess above): go on as one.
                    if let end = regexEnd() {
                        i = end
                        previous = .value
                    } else {
                        previous = .punctuator(c)
                        i += 1
                    }
                case "\"", "'":
                    if let failure = string(quote: c) { return failure }
                    previous = .value
                case "`":
                    i += 1
                    if let failure = template() { return failure }
                case "(", "[", "{":
                    open.append((c, line, column))
                    previous = .punctuator(c)
                    i += 1
                case ")", "]", "}":
                    if c == "}", open.last?.bracket == "$" {
                        // The end of a template literal's `${…}`: the template goes on.
                        open.removeLast()
                        i += 1
                        if let failure = template() { return failure }
                        continue
                    }
                    let opener: Unicode.Scalar = c == ")" ? "(" : c == "]" ? "[" : "{"
                    guard let last = open.last else {
                        return problem(
                            "`\(c)` closes a bracket the script never opened: it would close GenieACS's wrapper function around the script"
                        )
                    }
                    guard last.bracket == opener else {
                        let was = last.bracket == "$" ? "`${`" : "`\(last.bracket)`"
                        return problem(
                            "`\(c)` does not close \(was) opened at line \(last.line), column \(last.column)"
                        )
                    }
                    open.removeLast()
                    previous = c == "}" ? .punctuator(c) : .value
                    i += 1
                case "0"..."9":
                    if let failure = number() { return failure }
                    previous = .value
                case "." where Self.isDigit(at(1)):
                    if let failure = number() { return failure }
                    previous = .value
                default:
                    if Self.isWordPart(c) {
                        let start = i
                        while i < text.count, Self.isWordPart(text[i]) { i += 1 }
                        let word = String(String.UnicodeScalarView(text[start..<i]))
                        if word == "with", !afterDot, nextSignificant == "(" {
                            return problem(
                                "a `with` statement is not allowed in strict mode",
                                column: start - lineStart + 1
                            )
                        }
                        previous = .word(word)
                    } else {
                        previous = .punctuator(c)
                        i += 1
                    }
                }
            }
            if let last = open.last {
                let what = last.bracket == "$" ? "a template literal's `${`" : "`\(last.bracket)`"
                return problem(
                    "\(what) opened at line \(last.line), column \(last.column) is never closed",
                    line: last.line,
                    column: last.column
                )
            }
            return nil
        }

        /// Whether the word just read follows a `.` (a property name such as `x.with`).
        var afterDot: Bool {
            if case .punctuator(".") = previous { return true }
            return false
        }

        /// The next character that is not a space, tab or line break.
        var nextSignificant: Unicode.Scalar? {
            var j = i
            while j < text.count, [" ", "\t", "\n", "\r"].contains(text[j]) { j += 1 }
            return j < text.count ? text[j] : nil
        }

        var regexAllowed: Bool {
            switch previous {
            case .start: return true
            case .punctuator(let p): return p != ")" && p != "]"
            case .word(let word): return ScriptSyntax.expressionKeywords.contains(word)
            case .value: return false
            }
        }

        /// The index after a regular expression starting at `i` (flags included), or nil when it
        /// does not end on its line.
        func regexEnd() -> Int? {
            var j = i + 1
            var inClass = false
            while j < text.count, !Self.isLineTerminator(text[j]) {
                let c = text[j]
                if c == "\\" {
                    j += 2
                    continue
                }
                if c == "[" { inClass = true }
                if c == "]" { inClass = false }
                if c == "/" && !inClass {
                    j += 1
                    while j < text.count, Self.isWordPart(text[j]) { j += 1 }
                    return j
                }
                j += 1
            }
            return nil
        }

        /// A quoted string from `i`; a problem when it is not closed on its line or has an octal escape.
        mutating func string(quote: Unicode.Scalar) -> Problem? {
            let (startLine, startColumn) = (line, column)
            i += 1
            while i < text.count, text[i] != quote {
                let c = text[i]
                if Self.isLineTerminator(c) { break }
                if c == "\\" {
                    let escapeColumn = column
                    guard let next = at(1) else { break }
                    if let failure = octalEscape(next, after: at(2), column: escapeColumn) { return failure }
                    if next == "\r" && at(2) == "\n" { i += 1 }
                    if Self.isLineTerminator(next) {
                        i += 1
                        newline()
                        i += 1
                        continue
                    }
                    i += 2
                    continue
                }
                i += 1
            }
            guard i < text.count, text[i] == quote else {
                return problem(
                    "a string opened with \(quote) is not closed on its line",
                    line: startLine,
                    column: startColumn
                )
            }
            i += 1
            return nil
        }

        /// `\07`, `\1`…`\7`, `\8`, `\9`: refused in strict mode (a lone `\0` is the NUL character).
        func octalEscape(_ next: Unicode.Scalar, after: Unicode.Scalar?, column: Int) -> Problem? {
            guard Self.isDigit(next), next != "0" || Self.isDigit(after) else { return nil }
            return problem(
                "the escape \\\(next) is an octal escape, not allowed in strict mode",
                column: column
            )
        }

        /// The rest of a template literal from `i` (after the backtick or a `${…}`'s `}`): stops
        /// after the closing backtick, or at `${` with it pushed on `open`.
        mutating func template() -> Problem? {
            let (startLine, startColumn) = (line, max(1, column - 1))
            while i < text.count {
                let c = text[i]
                switch c {
                case "`":
                    i += 1
                    previous = .value
                    return nil
                case "\\":
                    if let next = at(1), Self.isLineTerminator(next) {
                        i += 1
                        if next == "\r", at(1) == "\n" { i += 1 }
                        newline()
                    } else {
                        i += 1
                    }
                    i += 1
                case "$" where at(1) == "{":
                    open.append(("$", line, column))
                    previous = .punctuator("{")
                    i += 2
                    return nil
                case "\n", "\r":
                    stepOverLineBreak()
                default:
                    i += 1
                }
            }
            return problem("a template literal (`) is not closed", line: startLine, column: startColumn)
        }

        /// A number from `i`: `0` followed by a digit is a legacy octal (`010`) or a decimal with a
        /// leading zero (`08`), both refused in strict mode.
        mutating func number() -> Problem? {
            let start = i
            let startColumn = column
            if text[i] == "0", let next = at(1), next >= "0" && next <= "9" {
                var j = i
                while j < text.count, text[j] >= "0" && text[j] <= "9" { j += 1 }
                let literal = String(String.UnicodeScalarView(text[start..<j]))
                return problem(
                    "the number \(literal) starts with 0: strict mode refuses it (an octal literal, or a decimal with a leading zero)",
                    column: startColumn
                )
            }
            // The rest of the literal: digits, letters (`0x1F`, `1e5`, `10n`) and `.`; an exponent's
            // sign is read as an operator, which changes nothing here.
            while i < text.count, (Self.isWordPart(text[i]) && text[i] != "\\") || text[i] == "." { i += 1 }
            return nil
        }
    }
}

/// Checks a rule's `script:` text for what GenieACS refuses when the provision is stored: the NBI
/// compiles every provision as `"use strict";(function(){\n<script>\n})();` with `vm.Script`
/// (lib/nbi.ts:140-146 at v1.2.16) and answers 400 when that throws, after a deploy may already
/// have written other provisions.
///
/// One linear pass over the text (strings, template literals, comments and regular expressions
/// skipped as JavaScript reads them) finds: brackets that do not balance — a `})` closes the
/// wrapper and the rest of the script would run outside it; strings, comments and template
/// literals that are not closed; the literals strict mode refuses (`010`, `08`, `"\07"`); a `with`
/// statement; `delete` of a plain variable; a variable, function or class named by a word strict
/// mode reserves (`package`, `interface`, …) or named `eval`/`arguments`, and an assignment to
/// those two; a function's or arrow function's plain parameter list naming a parameter twice or
/// naming one of those words. Other syntax errors are left to GenieACS.
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

    /// Words strict mode reserves as identifiers (ECMA-262 12.7.2), plus the two it forbids binding
    /// or assigning (13.1.1): none of them may name a variable, function, class or parameter.
    private static let unbindable: Set<String> = [
        "implements", "interface", "let", "package", "private", "protected", "public", "static", "yield",
        "eval", "arguments",
    ]

    /// Words that are not plain identifiers (`delete this` is allowed; `delete x` is not).
    private static let keywords: Set<String> = [
        "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else",
        "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new",
        "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while",
        "with", "yield", "await", "let", "static", "async",
    ]

    /// The assignment operators (`==`, `===` and `=>` are told apart by the character after).
    private static let assignments: [String] = [
        ">>>=", "**=", "<<=", ">>=", "&&=", "||=", "??=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "++", "--",
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
                    if c == "(", let failure = parameterProblem() { return failure }
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
                        if !afterDot, let failure = wordProblem(word, column: start - lineStart + 1) {
                            return failure
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

        /// What strict mode refuses about `word` (just read, not a property name after `.`): a
        /// declaration naming a reserved word, `eval` or `arguments`; `delete` of a plain variable;
        /// an assignment to `eval` or `arguments`.
        func wordProblem(_ word: String, column: Int) -> Problem? {
            if case .word(let before) = previous {
                if ["var", "let", "const", "function", "class"].contains(before), ScriptSyntax.unbindable.contains(word)
                {
                    return problem(
                        "`\(word)` cannot name a variable, function or class in strict mode",
                        column: column
                    )
                }
                if before == "delete", !ScriptSyntax.keywords.contains(word), !Self.isDigit(word.unicodeScalars.first),
                    !continuesExpression
                {
                    return problem(
                        "`delete \(word)` deletes a plain variable, which strict mode does not allow (delete a property: `delete obj.\(word)`)",
                        column: column
                    )
                }
            }
            if word == "eval" || word == "arguments", assignmentFollows {
                return problem("`\(word)` cannot be assigned in strict mode", column: column)
            }
            return nil
        }

        /// Whether what follows the word just read continues it as a member access or call
        /// (`.`, `?.`, `[`, `(` or a tagged template).
        var continuesExpression: Bool {
            var j = i
            while j < text.count, [" ", "\t", "\n", "\r"].contains(text[j]) { j += 1 }
            guard j < text.count else { return false }
            switch text[j] {
            case ".", "[", "(", "`": return true
            case "?":
                return j + 1 < text.count && text[j + 1] == "." && !Self.isDigit(j + 2 < text.count ? text[j + 2] : nil)
            default: return false
            }
        }

        /// Whether an assignment operator (or `=>`, `++`, `--`) follows the word just read on its line.
        var assignmentFollows: Bool {
            var j = i
            while j < text.count, text[j] == " " || text[j] == "\t" { j += 1 }
            guard j < text.count else { return false }
            if text[j] == "=" { return j + 1 >= text.count || text[j + 1] != "=" }
            let rest = String(String.UnicodeScalarView(text[j..<min(text.count, j + 4)]))
            return ScriptSyntax.assignments.contains { rest.hasPrefix($0) }
        }

        /// At a `(`: when it opens a function's parameters (`function name(`, `function (`,
        /// `function* name(`) or a plain arrow function's (`(a, b) =>`) and they are plain names,
        /// a name given twice or one strict mode forbids. Parameters with defaults, rest or
        /// destructuring are not checked.
        func parameterProblem() -> Problem? {
            guard let (names, end) = plainParameters() else { return nil }
            let isArrow: Bool = {
                var j = end
                while j < text.count, text[j] == " " || text[j] == "\t" { j += 1 }
                return j + 1 < text.count && text[j] == "=" && text[j + 1] == ">"
            }()
            guard isArrow || opensFunctionParameters else { return nil }
            var seen: Set<String> = []
            for name in names {
                if ScriptSyntax.unbindable.contains(name) {
                    return problem("the parameter `\(name)` is not allowed in strict mode")
                }
                if !seen.insert(name).inserted {
                    return problem("the parameter `\(name)` is named twice, which strict mode does not allow")
                }
            }
            return nil
        }

        /// The plain names between the `(` at `i` and its `)` (the index after it), or nil when
        /// anything but names, commas, spaces and line breaks is there.
        func plainParameters() -> ([String], Int)? {
            var names: [String] = []
            var j = i + 1
            var expectName = true
            while j < text.count {
                let c = text[j]
                if [" ", "\t", "\n", "\r"].contains(c) {
                    j += 1
                } else if c == ")" {
                    return expectName && !names.isEmpty ? nil : (names, j + 1)
                } else if c == ",", !expectName {
                    expectName = true
                    j += 1
                } else if expectName, Self.isWordPart(c), !Self.isDigit(c), c != "\\" {
                    let start = j
                    while j < text.count, Self.isWordPart(text[j]) { j += 1 }
                    names.append(String(String.UnicodeScalarView(text[start..<j])))
                    expectName = false
                } else {
                    return nil
                }
            }
            return nil
        }

        /// Whether the `(` at `i` follows `function`, `function name` or `function* name` (spaces
        /// only between them), the keyword not being a property name (`x.function(…)`).
        var opensFunctionParameters: Bool {
            var j = i - 1
            func skipSpaces() { while j >= 0, [" ", "\t", "\n", "\r"].contains(text[j]) { j -= 1 } }
            func wordBefore() -> String? {
                let end = j + 1
                while j >= 0, Self.isWordPart(text[j]) { j -= 1 }
                return end > j + 1 ? String(String.UnicodeScalarView(text[(j + 1)..<end])) : nil
            }
            func isKeywordFunction() -> Bool {
                guard wordBefore() == "function" else { return false }
                skipSpaces()
                return j < 0 || text[j] != "."
            }
            skipSpaces()
            let save = j
            if isKeywordFunction() { return true }
            j = save
            if j >= 0, text[j] == "*" {
                j -= 1
                skipSpaces()
                return isKeywordFunction()
            }
            guard wordBefore() != nil else { return false }
            skipSpaces()
            if j >= 0, text[j] == "*" {
                j -= 1
                skipSpaces()
            }
            return isKeywordFunction()
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

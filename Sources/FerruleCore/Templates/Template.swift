/// The `${…}` template syntax of rule values, campaign files and compiled preset arguments,
/// parsed in one place.
///
/// ```swift
/// try Template.parse("ssid-${right(device.serialNumber, 4)}")
/// // [.literal("ssid-"), .function("right", [.device("serialNumber"), .integer(4)])]
/// ```
///
/// `$$` writes a literal `$`. The parser is linear in the text.
public enum Template {
    /// Why a template cannot be read, and where (a character offset into the text).
    public struct Failure: Error, Sendable, Hashable {
        public var message: String
        public var offset: Int

        public init(message: String, offset: Int) {
            self.message = message
            self.offset = offset
        }
    }

    /// The fields of the device a template may read (`${device.serialNumber}`).
    public static let deviceFields = ["id", "serialNumber", "oui", "productClass", "manufacturer"]
    /// The functions a template may call, with their number of arguments.
    public static let functions = ["left": 2, "right": 2, "upper": 1, "lower": 1]
    /// How deeply function calls may nest (`upper(left(…))` is 2): the parser and every consumer of
    /// the parts recurse, so hostile text must not choose the depth.
    public static let maximumNesting = 16

    /// The parts of `text`; `$$` writes a literal `$`.
    public static func parse(_ text: String) throws(Failure) -> [TemplatePart] {
        var parts: [TemplatePart] = []
        var literal = ""
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            if chars[i] == "$", i + 1 < chars.count, chars[i + 1] == "$" {
                literal.append("$")
                i += 2
                continue
            }
            if chars[i] == "$", i + 1 < chars.count, chars[i + 1] == "{" {
                guard let close = chars[(i + 2)...].firstIndex(of: "}") else {
                    throw Failure(message: "`${` is not closed by `}`", offset: i)
                }
                if !literal.isEmpty {
                    parts.append(.literal(literal))
                    literal = ""
                }
                let inner = String(chars[(i + 2)..<close]).trimmingSpaces
                var scanner = Scanner(text: Array(inner), offset: i + 2)
                let part = try scanner.part()
                scanner.skipSpaces()
                guard scanner.atEnd else {
                    throw Failure(
                        message: "unexpected text in `${\(DisplayText.value(inner))}`",
                        offset: i + 2 + scanner.position
                    )
                }
                parts.append(part)
                i = close + 1
                continue
            }
            literal.append(chars[i])
            i += 1
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        return parts
    }

    /// A tiny scanner for what may stand inside `${…}`.
    private struct Scanner {
        let text: [Character]
        let offset: Int
        var position = 0
        var depth = 0

        init(text: [Character], offset: Int) {
            self.text = text
            self.offset = offset
        }

        var atEnd: Bool { position >= text.count }

        mutating func skipSpaces() { while position < text.count, text[position] == " " { position += 1 } }

        func failure(_ message: String) -> Failure { Failure(message: message, offset: offset + position) }

        mutating func word() -> String {
            let start = position
            while position < text.count,
                text[position].isLetter || text[position].isNumber || "_.-:[]{}".contains(text[position])
            {
                position += 1
            }
            return String(text[start..<position])
        }

        mutating func part() throws(Failure) -> TemplatePart {
            skipSpaces()
            if position < text.count, text[position].isNumber {
                let digits = word()
                guard let n = Int(digits) else {
                    throw failure("\"\(DisplayText.value(digits))\" is not a whole number")
                }
                return .integer(n)
            }
            if position < text.count, text[position] == "'" || text[position] == "\"" {
                let quote = text[position]
                position += 1
                let start = position
                while position < text.count, text[position] != quote { position += 1 }
                guard position < text.count else { throw failure("a quoted string is not closed") }
                let value = String(text[start..<position])
                position += 1
                return .literal(value)
            }
            let name = word()
            guard !name.isEmpty else { throw failure("expected a name, secret:NAME, device.FIELD or param:PATH") }
            skipSpaces()
            if position < text.count, text[position] == "(" {
                return try call(name)
            }
            if name.hasPrefix("secret:") {
                let secret = String(name.dropFirst("secret:".count))
                guard !secret.isEmpty, secret.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                    throw failure("a secret name is letters, digits and _ (\"\(DisplayText.value(secret))\")")
                }
                return .secret(secret)
            }
            if name.hasPrefix("param:") {
                let path = String(name.dropFirst("param:".count))
                guard !path.isEmpty, !path.hasSuffix(".") else { throw failure("param: needs a parameter path") }
                return .parameter(path)
            }
            if name.hasPrefix("device.") {
                let field = String(name.dropFirst("device.".count))
                guard Template.deviceFields.contains(field) else {
                    throw failure(
                        "unknown device field \"\(DisplayText.value(field))\"; use one of "
                            + Template.deviceFields.joined(separator: ", ")
                    )
                }
                return .device(field)
            }
            let variable = name.hasPrefix("var.") ? String(name.dropFirst(4)) : name
            guard !variable.isEmpty, variable.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." })
            else {
                throw failure("\"\(DisplayText.value(name))\" is not a variable name")
            }
            return .variable(variable)
        }

        private mutating func call(_ name: String) throws(Failure) -> TemplatePart {
            guard depth < Template.maximumNesting else {
                throw failure("function calls nest deeper than \(Template.maximumNesting) levels")
            }
            depth += 1
            defer { depth -= 1 }
            position += 1
            guard let arity = Template.functions[name] else {
                let known = Template.functions.keys.sorted().joined(separator: ", ")
                throw failure("unknown function \(DisplayText.value(name))(); use one of \(known)")
            }
            var args: [TemplatePart] = []
            skipSpaces()
            while position < text.count, text[position] != ")" {
                args.append(try part())
                skipSpaces()
                if position < text.count, text[position] == "," { position += 1 }
                skipSpaces()
            }
            guard position < text.count else { throw failure("\(name)( is not closed") }
            position += 1
            guard args.count == arity else {
                throw failure("\(name)() takes \(arity) argument(s), not \(args.count)")
            }
            return .function(name, args)
        }
    }
}

extension String {
    /// The text without leading and trailing spaces (only U+0020).
    fileprivate var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

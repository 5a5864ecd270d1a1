/// A value written in a rule: a YAML scalar, possibly a template with `${…}` parts.
///
/// `${name}` is a variable from the environment's vars files (substituted at compile time);
/// `${secret:NAME}` a secret resolved only at deploy time and never printed; `${device.serialNumber}`
/// (also `device.oui`, `device.productClass`, `device.manufacturer`, `device.id`) and
/// `${param:Device.X.Y}` are read on the device when the provision runs; `left(x, n)`,
/// `right(x, n)`, `upper(x)` and `lower(x)` transform them (`${right(device.serialNumber, 4)}`).
public struct RuleValue: Sendable, Hashable {
    /// What the YAML scalar was.
    public enum Kind: Sendable, Hashable {
        case string
        case integer
        case number
        case boolean
    }

    /// One piece of a template.
    public indirect enum Part: Sendable, Hashable {
        case literal(String)
        case variable(String)
        case secret(String)
        case device(String)
        case parameter(String)
        case function(String, [Part])
        case integer(Int)
    }

    public var kind: Kind
    public var parts: [Part]
    public var location: RuleLocation

    public init(kind: Kind, parts: [Part], location: RuleLocation) {
        self.kind = kind
        self.parts = parts
        self.location = location
    }

    /// A plain literal (no template parts).
    public var literal: String? {
        if parts.isEmpty { return "" }
        guard parts.count == 1, case .literal(let text) = parts[0] else { return nil }
        return text
    }

    /// The secrets this value uses.
    public var secrets: [String] { parts.flatMap(Self.secrets) }

    /// Whether any part is read on the device at provisioning time.
    public var isPerDevice: Bool { parts.contains(where: Self.perDevice) }

    private static func secrets(_ part: Part) -> [String] {
        switch part {
        case .secret(let name): [name]
        case .function(_, let args): args.flatMap(secrets)
        default: []
        }
    }

    private static func perDevice(_ part: Part) -> Bool {
        switch part {
        case .device, .parameter: true
        case .function(_, let args): args.contains(where: perDevice)
        default: false
        }
    }

    static let deviceFields = ["id", "serialNumber", "oui", "productClass", "manufacturer"]
    static let functions = ["left": 2, "right": 2, "upper": 1, "lower": 1]
}

/// Parses `${…}` templates in rule strings.
struct TemplateParser {
    struct Failure: Error {
        var message: String
        var offset: Int
    }

    /// The parts of `text`; `$$` writes a literal `$`.
    static func parse(_ text: String) throws(Failure) -> [RuleValue.Part] {
        var parts: [RuleValue.Part] = []
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
                let inner = String(chars[(i + 2)..<close]).trimmingCharacters(in: " ")
                var scanner = ExpressionScanner(text: Array(inner), offset: i + 2)
                let part = try scanner.part()
                scanner.skipSpaces()
                guard scanner.atEnd else {
                    throw Failure(message: "unexpected text in `${\(inner)}`", offset: i + 2 + scanner.position)
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
    struct ExpressionScanner {
        let text: [Character]
        let offset: Int
        var position = 0

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

        mutating func part() throws(Failure) -> RuleValue.Part {
            skipSpaces()
            if position < text.count, text[position].isNumber {
                let digits = word()
                guard let n = Int(digits) else { throw failure("\"\(digits)\" is not a whole number") }
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
                position += 1
                guard let arity = RuleValue.functions[name] else {
                    let known = RuleValue.functions.keys.sorted().joined(separator: ", ")
                    throw failure("unknown function \(name)(); use one of \(known)")
                }
                var args: [RuleValue.Part] = []
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
            if name.hasPrefix("secret:") {
                let secret = String(name.dropFirst("secret:".count))
                guard !secret.isEmpty, secret.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                    throw failure("a secret name is letters, digits and _ (\"\(secret)\")")
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
                guard RuleValue.deviceFields.contains(field) else {
                    throw failure(
                        "unknown device field \"\(field)\"; use one of \(RuleValue.deviceFields.joined(separator: ", "))"
                    )
                }
                return .device(field)
            }
            let variable = name.hasPrefix("var.") ? String(name.dropFirst(4)) : name
            guard !variable.isEmpty, variable.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." })
            else {
                throw failure("\"\(name)\" is not a variable name")
            }
            return .variable(variable)
        }
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}

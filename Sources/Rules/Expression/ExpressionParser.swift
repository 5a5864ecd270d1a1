/// Recursive-descent parser for GenieACS 1.2's expression language.
///
/// Follows `lib/common/expression/parser.ts` rule by rule (GenieACS 1.2.16 lib/common/expression/parser.ts:73-336):
///
/// ```
/// expr    = or
/// or      = and { "OR" and }
/// and     = not { "AND" not }
/// not     = "NOT" cmp | cmp                      (GenieACS reads no second NOT without parentheses)
/// cmp     = concat [ ("=" | "<>" | ">" | ">=" | "<" | "<=") concat
///                  | ["NOT"] "LIKE" concat [ "ESCAPE" concat ]
///                  | "IS" ["NOT"] "NULL" ]
/// concat  = sum { "||" sum }
/// sum     = product { ("+" | "-") product }
/// product = primary { ("*" | "/" | "%") primary }
/// primary = NULL | TRUE | FALSE | number | string | FUNC "(" [expr {"," expr}] ")"
///         | CASE {WHEN expr THEN expr} [ELSE expr] END | parameter | "(" expr ")"
/// ```
///
/// It is stricter than GenieACS where GenieACS would silently read something unintended: unknown
/// and config-only functions, keywords used as parameter names (`x = end`), numbers with leading
/// zeros (`007`, a parameter name to GenieACS), `-x` (a parameter named `-x`; there is no unary
/// minus), chained comparisons, and `CASE` without `WHEN`.
///
/// The tree it builds is bounded by construction: parentheses nest at most ``maximumDepth`` levels, and
/// no path from the root to a leaf is longer than ``maximumHeight`` nodes. A chain `a OR b OR c …` is a
/// left-nested node per operand (as in GenieACS), so the height limit is also the longest chain; every
/// walker over the tree (rendering, evaluation, the JSON form, `==`, releasing it) recurses once per
/// level and stays within a thread's stack.
struct ExpressionParser {
    private var scanner: ExpressionScanner
    private let context: ExpressionContext
    private var depth = 0
    private static let maximumDepth = 64
    /// Nodes on the longest root-to-leaf path (docs/rules.md "Size limits"): a chain of about 500
    /// alternatives, far above a precondition written by hand or generated from a `match:` list.
    static let maximumHeight = 500

    /// A parsed expression and its height (nodes on its longest path to a leaf).
    private struct Parsed {
        let expression: Expression
        let height: Int
    }

    /// Words that are never parameter names when written alone.
    private static let reservedWords: Set<String> = [
        "AND", "OR", "NOT", "LIKE", "IS", "NULL", "TRUE", "FALSE", "CASE", "WHEN", "THEN", "ELSE", "END", "ESCAPE",
    ]

    /// GenieACS's device shorthands, resolved in its config expressions (`lib/cwmp.ts`
    /// `configContextCallback`: `id` → `DeviceID.ID`, …, `remoteAddress` → the request's remote address,
    /// the value of `REMOTE_ADDRESS()`). In a precondition they would be parameters named `id` etc.,
    /// which never exist; Ferrule writes the `DeviceID.*` path they stand for.
    static let deviceShorthands: [String: String] = [
        "id": "DeviceID.ID",
        "serialNumber": "DeviceID.SerialNumber",
        "productClass": "DeviceID.ProductClass",
        "oui": "DeviceID.OUI",
    ]

    init(_ text: String, context: ExpressionContext) {
        self.scanner = ExpressionScanner(text)
        self.context = context
    }

    /// Parses the whole text as one expression.
    mutating func parseAll() throws(ExpressionError) -> Expression {
        scanner.skipWhitespace()
        if scanner.atEnd {
            throw scanner.error(
                .empty,
                "empty expression",
                at: 0,
                hint: "leave the precondition out to match every device"
            )
        }
        let parsed = try parseOr()
        if !scanner.atEnd { throw unexpectedAfterExpression() }
        return parsed.expression
    }

    /// A leaf: a literal or a parameter without computed pieces.
    private func leaf(_ expression: Expression) -> Parsed { Parsed(expression: expression, height: 1) }

    /// A node over `children`, refused when it would make the tree taller than ``maximumHeight``.
    private func node(_ expression: Expression, over children: [Parsed?]) throws(ExpressionError) -> Parsed {
        var height = 0
        for child in children { height = max(height, child?.height ?? 0) }
        height += 1
        guard height <= Self.maximumHeight else {
            throw scanner.error(
                .tooDeep,
                "the expression is more than \(Self.maximumHeight) operators deep (a chain of AND, OR, ||, +, * … counts one per operand)",
                hint: "split it into several preconditions, or tag the devices and match the tag (match.tags)"
            )
        }
        return Parsed(expression: expression, height: height)
    }

    // MARK: Boolean levels

    private mutating func parseOr() throws(ExpressionError) -> Parsed {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw scanner.error(.tooDeep, "the expression is nested more than \(Self.maximumDepth) levels deep")
        }
        var left = try parseAnd()
        while scanner.take(keyword: "OR") {
            let right = try parseAnd()
            left = try node(.or(left.expression, right.expression), over: [left, right])
        }
        return left
    }

    private mutating func parseAnd() throws(ExpressionError) -> Parsed {
        var left = try parseNot()
        while scanner.take(keyword: "AND") {
            let right = try parseNot()
            left = try node(.and(left.expression, right.expression), over: [left, right])
        }
        return left
    }

    private mutating func parseNot() throws(ExpressionError) -> Parsed {
        let start = scanner.position
        guard scanner.take(keyword: "NOT") else { return try parseComparison() }
        if scanner.keyword("NOT", at: scanner.position) {
            throw scanner.error(
                .unsupportedSyntax,
                "GenieACS cannot read NOT NOT",
                at: start,
                hint: "write NOT (NOT …), or drop both"
            )
        }
        let operand = try parseComparison()
        return try node(.not(operand.expression), over: [operand])
    }

    // MARK: Comparisons

    private mutating func parseComparison() throws(ExpressionError) -> Parsed {
        let left = try parseConcat()
        let result: Parsed
        if scanner.current == UInt8(ascii: "=") && scanner.byte(at: scanner.position + 1) == UInt8(ascii: "=") {
            throw scanner.error(.unexpectedToken, "== is not an operator", hint: "compare with a single =")
        }
        if let op = takeComparisonOperator() {
            let right = try parseConcat()
            result = try node(.comparison(op, left.expression, right.expression), over: [left, right])
        } else if scanner.take(keyword: "LIKE") {
            result = try parseLikeRest(left, negated: false)
        } else if scanner.take(keywords: ["NOT", "LIKE"]) {
            result = try parseLikeRest(left, negated: true)
        } else if scanner.take(keywords: ["IS", "NULL"]) {
            result = try node(.isNull(left.expression, negated: false), over: [left])
        } else if scanner.take(keywords: ["IS", "NOT", "NULL"]) {
            result = try node(.isNull(left.expression, negated: true), over: [left])
        } else {
            if scanner.keyword("IS", at: scanner.position) {
                throw scanner.error(
                    .unexpectedToken,
                    "IS must be followed by NULL or NOT NULL",
                    hint: "GenieACS has no IS TRUE; write x = TRUE"
                )
            }
            if scanner.current == UInt8(ascii: "!") && scanner.byte(at: scanner.position + 1) == UInt8(ascii: "=") {
                throw scanner.error(.unexpectedToken, "!= is not an operator", hint: "write <>")
            }
            return left
        }
        if peekComparisonOperator() || scanner.keyword("LIKE", at: scanner.position)
            || scanner.keyword("IS", at: scanner.position)
        {
            throw scanner.error(
                .unsupportedSyntax,
                "comparisons cannot be chained",
                hint: "combine them with AND, or parenthesise one side"
            )
        }
        return result
    }

    private mutating func parseLikeRest(_ left: Parsed, negated: Bool) throws(ExpressionError) -> Parsed {
        let pattern = try parseConcat()
        var escape: Parsed?
        if scanner.keyword("ESCAPE", at: scanner.position) {
            let escapeStart = scanner.position
            let afterWord = escapeStart + 6
            guard scanner.whitespaceEnd(from: afterWord) > afterWord else {
                throw scanner.error(
                    .unexpectedToken,
                    "ESCAPE must be followed by a space",
                    at: escapeStart,
                    hint: "GenieACS's parser requires whitespace after ESCAPE"
                )
            }
            _ = scanner.take(keyword: "ESCAPE")
            escape = try parseConcat()
        }
        return try node(
            .like(left.expression, pattern: pattern.expression, escape: escape?.expression, negated: negated),
            over: [left, pattern, escape]
        )
    }

    /// GenieACS tries `>=`, `<>`, `<=`, `=`, `>`, `<` in that order.
    private mutating func takeComparisonOperator() -> Expression.ComparisonOperator? {
        for op in [">=", "<>", "<=", "=", ">", "<"] where scanner.take(symbol: op) {
            return Expression.ComparisonOperator(rawValue: op)
        }
        return nil
    }

    private func peekComparisonOperator() -> Bool {
        guard let b = scanner.current else { return false }
        return b == UInt8(ascii: "=") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">")
    }

    // MARK: Value levels

    private mutating func parseConcat() throws(ExpressionError) -> Parsed {
        var left = try parseSum()
        while scanner.take(symbol: "||") {
            let right = try parseSum()
            left = try node(.concat(left.expression, right.expression), over: [left, right])
        }
        return left
    }

    private mutating func parseSum() throws(ExpressionError) -> Parsed {
        var left = try parseProduct()
        while true {
            let op: Expression.ArithmeticOperator
            if scanner.take(symbol: "+") {
                op = .add
            } else if scanner.take(symbol: "-") {
                op = .subtract
            } else {
                return left
            }
            let right = try parseProduct()
            left = try node(.arithmetic(op, left.expression, right.expression), over: [left, right])
        }
    }

    private mutating func parseProduct() throws(ExpressionError) -> Parsed {
        var left = try parsePrimary()
        while true {
            let op: Expression.ArithmeticOperator
            if scanner.take(symbol: "*") {
                op = .multiply
            } else if scanner.take(symbol: "/") {
                op = .divide
            } else if scanner.take(symbol: "%") {
                op = .modulo
            } else {
                return left
            }
            let right = try parsePrimary()
            left = try node(.arithmetic(op, left.expression, right.expression), over: [left, right])
        }
    }

    // MARK: Primaries

    /// GenieACS's `Value` alternatives in order (NULL, booleans, number, strings, function, CASE), then
    /// a parameter, then a parenthesised expression.
    private mutating func parsePrimary() throws(ExpressionError) -> Parsed {
        let start = scanner.position
        guard let first = scanner.current else {
            throw scanner.error(.unexpectedEnd, "the expression ends where a value was expected")
        }
        if scanner.take(keyword: "NULL") { return leaf(.null) }
        if scanner.take(keyword: "TRUE") { return leaf(.bool(true)) }
        if scanner.take(keyword: "FALSE") { return leaf(.bool(false)) }
        if let number = try scanner.readNumber() { return leaf(.number(number)) }
        if first == UInt8(ascii: "'") { return leaf(.string(try scanner.readSingleQuoted())) }
        if first == UInt8(ascii: "\"") { return leaf(.string(try scanner.readDoubleQuoted())) }
        if ExpressionScanner.isWordByte(first) {
            let nameEnd = scanner.wordEnd(at: start)
            let parenthesis = scanner.whitespaceEnd(from: nameEnd)
            if scanner.byte(at: parenthesis) == UInt8(ascii: "(") {
                return try parseFunction(nameRange: start..<nameEnd, argumentsAt: parenthesis)
            }
            if scanner.keyword("CASE", at: start) { return try parseCase() }
        }
        if ExpressionScanner.isParameterByte(first) || first == UInt8(ascii: "{") {
            return try parseParameter()
        }
        if scanner.take(symbol: "(") {
            let inner = try parseOr()
            guard scanner.take(symbol: ")") else { throw expected("')' to close the '(' at offset \(start)") }
            return inner
        }
        throw expected("a value")
    }

    private mutating func parseFunction(nameRange: Range<Int>, argumentsAt parenthesis: Int) throws(ExpressionError)
        -> Parsed
    {
        let written = scanner.string(nameRange)
        let name = written.uppercased()
        scanner.position = parenthesis
        _ = scanner.take(symbol: "(")
        var arguments: [Parsed] = []
        if !scanner.take(symbol: ")") {
            repeat {
                arguments.append(try parseOr())
            } while scanner.take(symbol: ",")
            guard scanner.take(symbol: ")") else { throw expected("',' or ')' in the arguments of \(name)()") }
        }
        try checkFunction(name, arity: arguments.count, at: nameRange.lowerBound)
        return try node(.function(name: name, arguments: arguments.map(\.expression)), over: arguments)
    }

    private func checkFunction(_ name: String, arity: Int, at offset: Int) throws(ExpressionError) {
        if let range = ExpressionFunction.allowed[name] {
            guard range.contains(arity) else {
                throw scanner.error(
                    .wrongArity,
                    "\(name)() takes \(ExpressionFunction.arityText(range)), not \(arity)",
                    at: offset,
                    hint: "write \(ExpressionFunction.signature(name))"
                )
            }
            return
        }
        let consequence =
            switch context {
            case .precondition:
                "GenieACS would leave it unevaluated and treat the precondition as true, applying the preset to every device"
            case .argument: "GenieACS would pass it to the provision unevaluated, as an array"
            }
        if ExpressionFunction.configOnly.contains(name) {
            throw scanner.error(
                .configOnlyFunction,
                "\(name)() is only evaluated in GenieACS's configuration, not here: \(consequence)",
                at: offset,
                hint: "allowed functions: NOW, UPPER, LOWER, ROUND, COALESCE"
            )
        }
        let hint: String
        if ExpressionFunction.uiOnly.contains(name) {
            hint = "\(name)() exists only in the GenieACS UI; allowed functions: NOW, UPPER, LOWER, ROUND, COALESCE"
        } else if let suggestion = ExpressionFunction.suggestion(for: name) {
            hint = "did you mean \(suggestion)()?"
        } else {
            hint = "allowed functions: NOW, UPPER, LOWER, ROUND, COALESCE"
        }
        throw scanner.error(.unknownFunction, "unknown function \(name)(): \(consequence)", at: offset, hint: hint)
    }

    private mutating func parseCase() throws(ExpressionError) -> Parsed {
        let start = scanner.position
        _ = scanner.take(keyword: "CASE")
        var branches: [Expression.CaseBranch] = []
        var parts: [Parsed?] = []
        while scanner.take(keyword: "WHEN") {
            let condition = try parseOr()
            guard scanner.take(keyword: "THEN") else { throw expected("THEN") }
            let value = try parseOr()
            branches.append(Expression.CaseBranch(when: condition.expression, then: value.expression))
            parts += [condition, value]
        }
        if branches.isEmpty {
            throw scanner.error(.unsupportedSyntax, "CASE needs at least one WHEN … THEN …", at: start)
        }
        var otherwise: Parsed?
        if scanner.take(keyword: "ELSE") {
            otherwise = try parseOr()
            parts.append(otherwise)
        }
        guard scanner.take(keyword: "END") else {
            throw expected(otherwise == nil ? "WHEN, ELSE or END" : "END to close the CASE at offset \(start)")
        }
        return try node(.caseWhen(branches, otherwise: otherwise?.expression), over: parts)
    }

    /// A run of `[a-zA-Z0-9_.*-]` pieces and `{expr}` pieces with nothing between them.
    private mutating func parseParameter() throws(ExpressionError) -> Parsed {
        let start = scanner.position
        var segments: [ExpressionPath.Segment] = []
        var computed: [Parsed?] = []
        while let b = scanner.current {
            if ExpressionScanner.isParameterByte(b) {
                let end = scanner.parameterNameEnd(at: scanner.position)
                segments.append(.name(scanner.string(scanner.position..<end)))
                scanner.position = end
            } else if b == UInt8(ascii: "{") {
                let open = scanner.position
                _ = scanner.take(symbol: "{")
                let inner = try parseOr()
                guard scanner.current == UInt8(ascii: "}") else {
                    throw expected("'}' to close the '{' at offset \(open)")
                }
                scanner.position += 1
                segments.append(.computed(inner.expression))
                computed.append(inner)
            } else {
                break
            }
        }
        if case .name(let first) = segments.first {
            try checkLeadingName(first, isWhole: segments.count == 1, at: start)
            if segments.count == 1, let full = Self.deviceShorthands[first] {
                scanner.skipWhitespace()
                return leaf(.parameter(ExpressionPath(full)))
            }
        }
        scanner.skipWhitespace()
        let parameter = Expression.parameter(ExpressionPath(segments: segments))
        return try computed.isEmpty ? leaf(parameter) : node(parameter, over: computed)
    }

    /// Refuses leading parameter names GenieACS would read, but almost certainly not as meant.
    private func checkLeadingName(_ name: String, isWhole: Bool, at offset: Int) throws(ExpressionError) {
        guard let first = name.utf8.first else { return }
        if isWhole && Self.reservedWords.contains(name.uppercased()) {
            throw scanner.error(
                .suspiciousParameter,
                "\(name.uppercased()) is a keyword; a value was expected here",
                at: offset,
                hint: "GenieACS would read it as a parameter named '\(name)'"
            )
        }
        if isWhole && name == "remoteAddress" {
            throw scanner.error(
                .configOnlyFunction,
                "remoteAddress is only resolved in GenieACS's configuration (as REMOTE_ADDRESS()); here it would be a parameter that never exists",
                at: offset,
                hint: "match on a parameter of the device instead"
            )
        }
        if ExpressionScanner.isDigit(first) {
            throw scanner.error(
                .suspiciousParameter,
                "'\(name)' is not a number GenieACS reads: it would be a parameter name",
                at: offset,
                hint: name.contains(".")
                    ? "quote versions and other dotted values: '\(name)'"
                    : "write numbers without leading zeros or letters, or quote text: '\(name)'"
            )
        }
        if first == UInt8(ascii: "-") {
            throw scanner.error(
                .suspiciousParameter,
                "GenieACS has no unary minus: '\(name)' would be a parameter name",
                at: offset,
                hint: "write (0 - x) for a negated value"
            )
        }
    }

    // MARK: Helpers

    private func expected(_ what: String) -> ExpressionError {
        if scanner.atEnd {
            return scanner.error(.unexpectedEnd, "expected \(what), but the expression ends")
        }
        if scanner.current == UInt8(ascii: "'") || scanner.current == UInt8(ascii: "\"") {
            return scanner.error(.unexpectedToken, "expected \(what), found a string")
        }
        return scanner.error(.unexpectedToken, "expected \(what), found \(scanner.excerpt(at: scanner.position))")
    }

    private func unexpectedAfterExpression() -> ExpressionError {
        let here = scanner.position
        if scanner.current == UInt8(ascii: "."), let next = scanner.byte(at: here + 1), ExpressionScanner.isDigit(next)
        {
            return scanner.error(
                .unexpectedToken,
                "unexpected '.' after a number",
                hint: "unquoted versions do not parse; quote them ('1.2.3')"
            )
        }
        if scanner.current == UInt8(ascii: ")") {
            return scanner.error(.unexpectedToken, "unexpected ')' without a matching '('")
        }
        if scanner.current == UInt8(ascii: "=") {
            return scanner.error(.unexpectedToken, "unexpected '='", hint: "compare with a single =")
        }
        if let b = scanner.current, ExpressionScanner.isWordByte(b) {
            return scanner.error(
                .unexpectedToken,
                "expected an operator, found \(scanner.excerpt(at: here))",
                hint: "quote text values ('…'); join conditions with AND or OR"
            )
        }
        return scanner.error(.unexpectedToken, "unexpected \(scanner.excerpt(at: here))")
    }
}

extension Expression {
    /// Parses GenieACS expression text.
    ///
    /// - Parameters:
    ///   - text: the expression (`Tags.beta IS NOT NULL AND DeviceID.ProductClass LIKE 'HG8%'`).
    ///   - context: where GenieACS will evaluate it.
    /// - Returns: the expression; device shorthands (`serialNumber` …) become `DeviceID.*` paths.
    /// - Throws: ``ExpressionError`` for text GenieACS would not read, or would read other than meant
    ///   (unknown functions, wrong arity, keywords as parameters …). Empty text is an error: an empty
    ///   precondition is written by leaving it out.
    public static func parse(_ text: String, context: ExpressionContext) throws(ExpressionError) -> Expression {
        var parser = ExpressionParser(text, context: context)
        return try parser.parseAll()
    }
}

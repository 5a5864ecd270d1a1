/// Renders an ``Expression`` as text GenieACS's parser reads back to the same tree.
///
/// Strings are single-quoted (`''` for a quote), numbers use JavaScript's number formatting, keywords
/// are upper-case, binary operators have one space either side, and parentheses appear only where
/// precedence or GenieACS's grammar needs them (a right operand of equal precedence, `NOT (NOT x)`,
/// a comparison inside a comparison).
enum ExpressionRenderer {
    /// Binding strength, loosest first. A child needs parentheses when it binds more loosely than
    /// its position allows.
    private static func level(_ e: Expression) -> Int {
        switch e {
        case .or: 1
        case .and: 2
        case .not: 3
        case .comparison, .like, .isNull: 4
        case .concat: 5
        case .arithmetic(let op, _, _): op.isMultiplicative ? 7 : 6
        case .null, .bool, .number, .string, .parameter, .function, .caseWhen: 8
        }
    }

    static func render(_ e: Expression) -> String {
        var out = ""
        render(e, into: &out)
        return out
    }

    private static func child(_ e: Expression, atLeast minimum: Int, into out: inout String) {
        if level(e) < minimum {
            out += "("
            render(e, into: &out)
            out += ")"
        } else {
            render(e, into: &out)
        }
    }

    private static func render(_ e: Expression, into out: inout String) {
        switch e {
        case .null:
            out += "NULL"
        case .bool(let b):
            out += b ? "TRUE" : "FALSE"
        case .number(let x):
            // GenieACS has no literal for non-finite numbers; its own JSON turns them into null.
            out += x.isFinite ? JavaScript.string(x) : "NULL"
        case .string(let s):
            out += quoted(s)
        case .parameter(let path):
            render(path: path, into: &out)
        case .function(let name, let arguments):
            out += name
            out += "("
            for (k, argument) in arguments.enumerated() {
                if k > 0 { out += ", " }
                render(argument, into: &out)
            }
            out += ")"
        case .not(let x):
            out += "NOT "
            child(x, atLeast: 4, into: &out)
        case .or(let a, let b):
            child(a, atLeast: 1, into: &out)
            out += " OR "
            child(b, atLeast: 2, into: &out)
        case .and(let a, let b):
            child(a, atLeast: 2, into: &out)
            out += " AND "
            child(b, atLeast: 3, into: &out)
        case .comparison(let op, let a, let b):
            child(a, atLeast: 5, into: &out)
            out += " \(op.rawValue) "
            child(b, atLeast: 5, into: &out)
        case .like(let a, let pattern, let escape, let negated):
            child(a, atLeast: 5, into: &out)
            out += negated ? " NOT LIKE " : " LIKE "
            child(pattern, atLeast: 5, into: &out)
            if let escape {
                out += " ESCAPE "
                child(escape, atLeast: 5, into: &out)
            }
        case .isNull(let x, let negated):
            child(x, atLeast: 5, into: &out)
            out += negated ? " IS NOT NULL" : " IS NULL"
        case .concat(let a, let b):
            child(a, atLeast: 5, into: &out)
            out += " || "
            child(b, atLeast: 6, into: &out)
        case .arithmetic(let op, let a, let b):
            let own = op.isMultiplicative ? 7 : 6
            child(a, atLeast: own, into: &out)
            out += " \(op.rawValue) "
            child(b, atLeast: own + 1, into: &out)
        case .caseWhen(let branches, let otherwise):
            out += "CASE"
            for branch in branches {
                out += " WHEN "
                render(branch.when, into: &out)
                out += " THEN "
                render(branch.then, into: &out)
            }
            if let otherwise {
                out += " ELSE "
                render(otherwise, into: &out)
            }
            out += " END"
        }
    }

    /// `'text'`, with `''` for each quote.
    static func quoted(_ s: String) -> String {
        var out = "'"
        for c in s.unicodeScalars {
            if c == "'" { out += "''" } else { out.unicodeScalars.append(c) }
        }
        return out + "'"
    }

    static func render(path: ExpressionPath) -> String {
        var out = ""
        render(path: path, into: &out)
        return out
    }

    /// Name pieces are written bare when GenieACS would read them back as the same piece; otherwise
    /// (other characters, a name that would read as a number or keyword, or a piece right after another
    /// bare piece, which would merge with it) as `{'text'}`, which GenieACS stores identically.
    private static func render(path: ExpressionPath, into out: inout String) {
        var previousWasBare = false
        for (index, segment) in path.segments.enumerated() {
            switch segment {
            case .name(let name):
                if !previousWasBare && isBare(name, leading: index == 0) {
                    out += name
                    previousWasBare = true
                } else {
                    out += "{" + quoted(name) + "}"
                    previousWasBare = false
                }
            case .computed(let e):
                out += "{"
                render(e, into: &out)
                out += "}"
                previousWasBare = false
            }
        }
    }

    /// Whether `name` can be written without braces. A leading piece must also not read as something
    /// else where a value is expected: a keyword or literal, a number, a device shorthand.
    private static func isBare(_ name: String, leading: Bool) -> Bool {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.allSatisfy(ExpressionScanner.isParameterByte) else { return false }
        guard leading else { return true }
        if ExpressionScanner.isDigit(bytes[0]) || bytes[0] == UInt8(ascii: "-") { return false }
        let scanner = ExpressionScanner(name)
        for word in ["NULL", "TRUE", "FALSE", "NOT", "CASE"] where scanner.keyword(word, at: 0) { return false }
        let wordEnd = scanner.wordEnd(at: 0)
        if wordEnd == bytes.count,
            ["AND", "OR", "LIKE", "IS", "WHEN", "THEN", "ELSE", "END", "ESCAPE"].contains(name.uppercased())
        {
            return false
        }
        if ExpressionParser.deviceShorthands[name] != nil || name == "remoteAddress" { return false }
        return true
    }
}

extension Expression {
    /// The expression as GenieACS 1.2 text, canonical: `parse(e.genieACSString) == e` for any
    /// expression the parser produces, and rendering a parsed text again gives the same text.
    public var genieACSString: String { ExpressionRenderer.render(self) }
}

extension Expression: CustomStringConvertible {
    public var description: String { genieACSString }
}

import Testing

@testable import Rules

private func parse(_ text: String, _ context: ExpressionContext = .precondition) throws -> Expression {
    try Expression.parse(text, context: context)
}

private func error(_ text: String, _ context: ExpressionContext = .precondition) -> ExpressionError? {
    do {
        _ = try Expression.parse(text, context: context)
        return nil
    } catch {
        return error
    }
}

private let x: Expression = .parameter("x")
private let y: Expression = .parameter("y")
private let z: Expression = .parameter("z")

@Suite("Expression parser: lexical elements")
struct ExpressionLexicalTests {
    @Test(
        "numbers: optional minus, decimals, exponent",
        arguments: [
            ("0", 0.0), ("42", 42), ("-7", -7), ("3.25", 3.25), ("-0.5", -0.5), ("1e3", 1000), ("2.5E-2", 0.025),
            ("1e+2", 100), ("300000", 300_000),
        ]
    )
    func numbers(text: String, value: Double) throws {
        #expect(try parse(text) == .number(value))
    }

    @Test("single-quoted strings use '' for a quote and keep line breaks")
    func singleQuoted() throws {
        #expect(try parse("'abc'") == .string("abc"))
        #expect(try parse("'it''s'") == .string("it's"))
        #expect(try parse("''''") == .string("'"))
        #expect(try parse("''") == .string(""))
        #expect(try parse("'a\nb'") == .string("a\nb"))
        #expect(try parse("'ünï \"x\"'") == .string("ünï \"x\""))
    }

    @Test("double-quoted strings take JavaScript escapes")
    func doubleQuoted() throws {
        #expect(try parse(#""a\"b""#) == .string("a\"b"))
        #expect(try parse(#""tab\there\n""#) == .string("tab\there\n"))
        #expect(try parse(#""\u00e9\\\q""#) == .string("é\\q"))
        #expect(try parse(#""\uD83D\uDE00""#) == .string("😀"))
        #expect(try parse(#""it's""#) == .string("it's"))
    }

    @Test("TRUE, FALSE, NULL and keywords are case-insensitive")
    func keywords() throws {
        #expect(try parse("true") == .bool(true))
        #expect(try parse("False") == .bool(false))
        #expect(try parse("nUlL") == .null)
        #expect(
            try parse("x is not null and y Like 'a%' or not z")
                == .or(
                    .and(.isNull(x, negated: true), .like(y, pattern: .string("a%"), escape: nil, negated: false)),
                    .not(z)
                )
        )
        #expect(
            try parse("case when x then 1 else 2 end")
                == .caseWhen([.init(when: x, then: .number(1))], otherwise: .number(2))
        )
    }

    @Test("parameter paths take [A-Za-z0-9_.*-] and stop at whitespace")
    func parameters() throws {
        #expect(
            try parse("InternetGatewayDevice.DeviceInfo.SoftwareVersion")
                == .parameter("InternetGatewayDevice.DeviceInfo.SoftwareVersion")
        )
        #expect(try parse("Device.WiFi.SSID.*.SSID") == .parameter("Device.WiFi.SSID.*.SSID"))
        #expect(try parse("X_ACME-COM_Thing.a_b") == .parameter("X_ACME-COM_Thing.a_b"))
        #expect(try parse("Events.0_BOOTSTRAP") == .parameter("Events.0_BOOTSTRAP"))
        // As in GenieACS, `-` and `*` inside a name belong to the name: spaces make operators.
        #expect(try parse("a-1") == .parameter("a-1"))
        #expect(try parse("x*2") == .parameter("x*2"))
        #expect(try parse("x * 2") == .arithmetic(.multiply, x, .number(2)))
        #expect(try parse("2*x") == .arithmetic(.multiply, .number(2), x))
        #expect(try parse("x -1") == .arithmetic(.subtract, x, .number(1)))
        // Keyword prefixes do not end a name.
        #expect(try parse("nullable") == .parameter("nullable"))
        #expect(try parse("Tags.true") == .parameter("Tags.true"))
        #expect(try parse("ORx") == .parameter("ORx"))
    }

    @Test("computed segments: {expr} pieces without spaces between them")
    func computedSegments() throws {
        let path = ExpressionPath(segments: [.name("Device.WiFi.SSID."), .computed(.parameter("n")), .name(".SSID")])
        #expect(try parse("Device.WiFi.SSID.{n}.SSID") == .parameter(path))
        #expect(try parse("Device.WiFi.SSID.{ n }.SSID") == .parameter(path))
        #expect(try parse("{x}") == .parameter(ExpressionPath(segments: [.computed(x)])))
        #expect(try parse("{'Tags.beta'}") == .parameter("Tags.beta"))
        #expect(
            try parse("a.{1 + 1}")
                == .parameter(
                    ExpressionPath(segments: [.name("a."), .computed(.arithmetic(.add, .number(1), .number(1)))])
                )
        )
    }

    @Test(
        "device shorthands become DeviceID paths",
        arguments: [
            ("id", "DeviceID.ID"), ("serialNumber", "DeviceID.SerialNumber"),
            ("productClass", "DeviceID.ProductClass"), ("oui", "DeviceID.OUI"),
        ]
    )
    func shorthands(short: String, full: String) throws {
        #expect(try parse("\(short) = 'x'") == .comparison(.equal, .parameter(ExpressionPath(full)), .string("x")))
    }

    @Test("whitespace of every JavaScript kind separates tokens")
    func whitespace() throws {
        #expect(try parse("\u{00A0}x\t=\n\u{2003}1 ") == .comparison(.equal, x, .number(1)))
    }
}

@Suite("Expression parser: grammar and precedence")
struct ExpressionGrammarTests {
    @Test("OR binds loosest, then AND, then NOT")
    func booleanPrecedence() throws {
        #expect(try parse("x OR y AND z") == .or(x, .and(y, z)))
        #expect(try parse("x AND y OR z") == .or(.and(x, y), z))
        #expect(try parse("NOT x AND y") == .and(.not(x), y))
        #expect(try parse("NOT x = 1") == .not(.comparison(.equal, x, .number(1))))
        #expect(try parse("x OR y OR z") == .or(.or(x, y), z))
        #expect(try parse("x OR (y OR z)") == .or(x, .or(y, z)))
        #expect(try parse("NOT (NOT x)") == .not(.not(x)))
    }

    @Test("each comparison operator", arguments: Expression.ComparisonOperator.allCases)
    func comparisons(op: Expression.ComparisonOperator) throws {
        #expect(try parse("x \(op.rawValue) 1") == .comparison(op, x, .number(1)))
        #expect(try parse("x\(op.rawValue)1") == .comparison(op, x, .number(1)))
    }

    @Test("LIKE, NOT LIKE, ESCAPE, IS NULL, IS NOT NULL")
    func predicates() throws {
        #expect(try parse("x LIKE 'a%'") == .like(x, pattern: .string("a%"), escape: nil, negated: false))
        #expect(try parse("x NOT  LIKE 'a%'") == .like(x, pattern: .string("a%"), escape: nil, negated: true))
        #expect(
            try parse("x LIKE 'a!%' ESCAPE '!'")
                == .like(x, pattern: .string("a!%"), escape: .string("!"), negated: false)
        )
        #expect(try parse("x IS NULL") == .isNull(x, negated: false))
        #expect(try parse("x is  not\tnull") == .isNull(x, negated: true))
        #expect(try parse("x || y IS NULL") == .isNull(.concat(x, y), negated: false))
    }

    @Test("|| binds looser than + and -, which bind looser than * / %")
    func valuePrecedence() throws {
        #expect(try parse("x || 1 + 2") == .concat(x, .arithmetic(.add, .number(1), .number(2))))
        #expect(try parse("1 + 2 * 3") == .arithmetic(.add, .number(1), .arithmetic(.multiply, .number(2), .number(3))))
        #expect(
            try parse("(1 + 2) * 3") == .arithmetic(.multiply, .arithmetic(.add, .number(1), .number(2)), .number(3))
        )
        #expect(
            try parse("10 - 4 - 3")
                == .arithmetic(.subtract, .arithmetic(.subtract, .number(10), .number(4)), .number(3))
        )
        #expect(
            try parse("8 / 4 % 3") == .arithmetic(.modulo, .arithmetic(.divide, .number(8), .number(4)), .number(3))
        )
        #expect(try parse("x - -5") == .arithmetic(.subtract, x, .number(-5)))
        #expect(
            try parse("Events.Inform > NOW() - 5 * 60 * 1000")
                == .comparison(
                    .greater,
                    .parameter("Events.Inform"),
                    .arithmetic(
                        .subtract,
                        .function(name: "NOW", arguments: []),
                        .arithmetic(.multiply, .arithmetic(.multiply, .number(5), .number(60)), .number(1000))
                    )
                )
        )
    }

    @Test("functions: names upper-cased, arguments are full expressions")
    func functions() throws {
        #expect(try parse("now()") == .function(name: "NOW", arguments: []))
        #expect(try parse("UPPER (x)") == .function(name: "UPPER", arguments: [x]))
        #expect(
            try parse("ROUND(x / 3, 2)")
                == .function(name: "ROUND", arguments: [.arithmetic(.divide, x, .number(3)), .number(2)])
        )
        #expect(
            try parse("COALESCE(x, y OR z, 'd')")
                == .function(name: "COALESCE", arguments: [x, .or(y, z), .string("d")])
        )
        #expect(try parse("coalesce(x)", .argument) == .function(name: "COALESCE", arguments: [x]))
    }

    @Test("CASE with several WHENs, with and without ELSE")
    func caseWhen() throws {
        #expect(
            try parse("CASE WHEN x THEN 1 WHEN y = 2 THEN 'b' END")
                == .caseWhen(
                    [
                        .init(when: x, then: .number(1)),
                        .init(when: .comparison(.equal, y, .number(2)), then: .string("b")),
                    ],
                    otherwise: nil
                )
        )
        #expect(
            try parse("CASE WHEN x OR y THEN CASE WHEN z THEN 1 END ELSE 0 END = 1")
                == .comparison(
                    .equal,
                    .caseWhen(
                        [.init(when: .or(x, y), then: .caseWhen([.init(when: z, then: .number(1))], otherwise: nil))],
                        otherwise: .number(0)
                    ),
                    .number(1)
                )
        )
    }

    @Test("parentheses group anywhere")
    func parentheses() throws {
        #expect(try parse("((x))") == x)
        #expect(try parse("(x = 1) = TRUE") == .comparison(.equal, .comparison(.equal, x, .number(1)), .bool(true)))
        #expect(try parse("NOT(x)") == .not(x))
    }

    @Test("the seeded GenieACS UI examples parse")
    func examples() throws {
        _ = try parse("Tags.beta IS NOT NULL AND DeviceID.ProductClass LIKE 'HG8%'")
        _ = try parse("LOWER(DeviceID.Manufacturer) = 'huawei' AND NOT Events.1_BOOT IS NULL")
        _ = try parse(
            "InternetGatewayDevice.DeviceInfo.SoftwareVersion <> 'V1R2C3' OR InternetGatewayDevice.DeviceInfo.SoftwareVersion IS NULL"
        )
    }
}

@Suite("Expression parser: errors")
struct ExpressionErrorTests {
    @Test("an unknown function is refused, saying GenieACS would apply the preset to every device")
    func unknownFunction() throws {
        let e = try #require(error("x = 1 AND\n  CONCAT(x, y) = 'a'"))
        #expect(e.kind == .unknownFunction)
        #expect(e.line == 2 && e.column == 3)
        #expect(e.offset == 12)
        #expect(e.message.contains("every device"))
        #expect(e.description.hasPrefix("2:3: unknown function CONCAT()"))
        let argument = try #require(error("FOO()", .argument))
        #expect(argument.message.contains("unevaluated"))
        #expect(error("UPPR(x)")?.hint == "did you mean UPPER()?")
        #expect(error("DATE_STRING(x)")?.hint?.contains("UI") == true)
    }

    @Test(
        "config-only functions and remoteAddress are refused in both contexts",
        arguments: ["REMOTE_ADDRESS()", "USERNAME()", "password()", "AUTH('a', 'b')", "remoteAddress"]
    )
    func configOnly(text: String) throws {
        for context in ExpressionContext.allCases {
            let e = try #require(error("\(text) = 'x'", context))
            #expect(e.kind == .configOnlyFunction)
            #expect(e.column == 1)
        }
    }

    @Test(
        "wrong arity names the function and what it takes",
        arguments: [
            ("NOW(1)", "0 arguments"), ("UPPER()", "1 argument"), ("LOWER(x, y)", "1 argument"),
            ("ROUND(x, 1, 2)", "1 to 2 arguments"), ("COALESCE()", "at least 1 argument"),
        ]
    )
    func arity(text: String, takes: String) throws {
        let e = try #require(error("y = \(text)"))
        #expect(e.kind == .wrongArity)
        #expect(e.column == 5)
        #expect(e.message.contains(takes))
    }

    @Test("unterminated strings point at the opening quote")
    func unterminated() throws {
        let single = try #require(error("x = 'abc"))
        #expect(single.kind == .unterminatedString)
        #expect((single.line, single.column, single.offset) == (1, 5, 4))
        let double = try #require(error("x = \"abc\ndef\""))
        #expect(double.kind == .unterminatedString)
        #expect(double.column == 5)
        let trailingEscape = try #require(error(#"x = "abc\""#))
        #expect(trailingEscape.kind == .unterminatedString)
        #expect(error(#"x = "\u12""#)?.kind == .invalidEscape)
        #expect(error(#"x = "\uD800""#)?.kind == .invalidEscape)
    }

    @Test(
        "bad tokens and unexpected ends",
        arguments: [
            ("x = ", ExpressionError.Kind.unexpectedEnd, 5), ("x = 1 )", .unexpectedToken, 7),
            ("x != 1", .unexpectedToken, 3),
            ("x == 1", .unexpectedToken, 3), ("x = 1.2.3", .unexpectedToken, 8), ("x = #", .unexpectedToken, 5),
            ("(x = 1", .unexpectedEnd, 7), ("x = 'a' 'b'", .unexpectedToken, 9), ("UPPER(x", .unexpectedEnd, 8),
            ("x = 1 y", .unexpectedToken, 7), ("x IS TRUE", .unexpectedToken, 3), ("   ", .empty, 1),
            ("x LIKE 'a' ESCAPE'!'", .unexpectedToken, 12), ("CASE x END", .unsupportedSyntax, 1),
            ("CASE WHEN x THEN 1", .unexpectedEnd, 19), ("x = 1e999", .invalidNumber, 5),
        ]
    )
    func badTokens(text: String, kind: ExpressionError.Kind, column: Int) throws {
        let e = try #require(error(text))
        #expect(e.kind == kind, "\(e)")
        #expect(e.column == column, "\(e)")
        #expect(e.line == 1)
    }

    @Test("unquoted versions get a hint to quote them")
    func unquotedVersion() throws {
        #expect(error("SoftwareVersion = 1.2.3")?.hint?.contains("quote") == true)
        #expect(error("SoftwareVersion = 1.2.3a")?.hint?.contains("quote") == true)
    }

    @Test(
        "words GenieACS would read as unintended parameter names",
        arguments: ["x = end", "x = AND", "x = 007", "x = 2x", "5 - -x", "x = - 1", "-x > 3", "x = NOT", "x = escape"]
    )
    func suspiciousParameters(text: String) throws {
        let e = try #require(error(text))
        #expect(e.kind == .suspiciousParameter, "\(e)")
    }

    @Test("GenieACS's grammar limits: no NOT NOT, no chained comparisons")
    func unsupported() throws {
        #expect(error("NOT NOT x")?.kind == .unsupportedSyntax)
        #expect(error("x = y = z")?.kind == .unsupportedSyntax)
        #expect(error("x < y LIKE 'a'")?.kind == .unsupportedSyntax)
        #expect(error("x IS NULL IS NULL")?.kind == .unsupportedSyntax)
    }

    @Test("deep nesting is an error, not a crash")
    func tooDeep() throws {
        let text = String(repeating: "(", count: 500) + "x" + String(repeating: ")", count: 500)
        #expect(error(text)?.kind == .tooDeep)
        let fine = String(repeating: "(", count: 30) + "x" + String(repeating: ")", count: 30)
        #expect(try parse(fine) == x)
    }

    @Test("line and column count Unicode scalars after line breaks")
    func positions() throws {
        let e = try #require(error("x = 'é' AND\r\n\ty = 'ü' AND FOO()"))
        #expect(e.line == 2)
        #expect(e.column == 14)
        #expect(e.offset == Array("x = 'é' AND\r\n\ty = 'ü' AND ".utf8).count)
    }

    @Test("every error kind says what to do or where")
    func descriptions() throws {
        let e = try #require(error("x = FOO()"))
        #expect(e.description == "1:5: \(e.message); \(e.hint ?? "")")
    }
}

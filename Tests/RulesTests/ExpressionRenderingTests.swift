import FerruleTestSupport
import Testing

@testable import Rules

/// Random expressions of every node kind, with awkward literals and path names.
struct ExpressionGenerator {
    var rng: SeededGenerator

    static let names = [
        "x", "Tags.beta", "DeviceID.ProductClass", "Device.WiFi.SSID.*.SSID", "a-1", "x*2", "null.x", "true",
        "1abc", "-x", "a b", "serialNumber", "AND", "", "NOT.x", "case.y", "ORx", "_u", ".5", "Events.1_BOOT", "é",
        "remoteAddress", "escape",
    ]
    static let strings = ["", "a", "it's", "''", "a\nb", "%_!", "\\", "ünï😀", "\"q\"", "x || y", "\r\n"]
    static let numbers: [Double] = [
        0, 1, -1, 42, 3.25, -0.5, 1e21, 1e-7, 123.456, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 0.1 + 0.2,
        -2e-9, 1e20,
        123_456_789_012,
    ]

    mutating func int(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }

    mutating func path(depth: Int) -> ExpressionPath {
        if depth <= 0 || int(3) > 0 { return ExpressionPath(Self.names[int(Self.names.count)]) }
        var segments: [ExpressionPath.Segment] = []
        for _ in 0...int(3) {
            segments.append(
                int(2) == 0 ? .name(Self.names[int(Self.names.count)]) : .computed(expression(depth: depth - 1))
            )
        }
        return ExpressionPath(segments: segments)
    }

    mutating func expression(depth: Int) -> Expression {
        let leafKinds = 5
        let kind = depth <= 0 ? int(leafKinds) : int(leafKinds + 12)
        switch kind {
        case 0: return .null
        case 1: return .bool(int(2) == 0)
        case 2: return .number(Self.numbers[int(Self.numbers.count)])
        case 3: return .string(Self.strings[int(Self.strings.count)])
        case 4: return .parameter(path(depth: depth))
        case 5:
            let functions: [(String, Int)] = [
                ("NOW", 0), ("UPPER", 1), ("LOWER", 1), ("ROUND", 1), ("ROUND", 2), ("COALESCE", 1), ("COALESCE", 3),
            ]
            let (name, count) = functions[int(functions.count)]
            return .function(name: name, arguments: (0..<count).map { _ in expression(depth: depth - 1) })
        case 6: return .not(expression(depth: depth - 1))
        case 7: return .and(expression(depth: depth - 1), expression(depth: depth - 1))
        case 8: return .or(expression(depth: depth - 1), expression(depth: depth - 1))
        case 9:
            let op = Expression.ComparisonOperator.allCases[int(6)]
            return .comparison(op, expression(depth: depth - 1), expression(depth: depth - 1))
        case 10:
            return .like(
                expression(depth: depth - 1),
                pattern: expression(depth: depth - 1),
                escape: int(2) == 0 ? nil : expression(depth: depth - 1),
                negated: int(2) == 0
            )
        case 11: return .isNull(expression(depth: depth - 1), negated: int(2) == 0)
        case 12: return .concat(expression(depth: depth - 1), expression(depth: depth - 1))
        case 13, 14:
            let op = Expression.ArithmeticOperator.allCases[int(5)]
            return .arithmetic(op, expression(depth: depth - 1), expression(depth: depth - 1))
        default:
            let branches = (0...int(2)).map { _ in
                Expression.CaseBranch(when: expression(depth: depth - 1), then: expression(depth: depth - 1))
            }
            return .caseWhen(branches, otherwise: int(2) == 0 ? nil : expression(depth: depth - 1))
        }
    }
}

private func parse(_ text: String) throws -> Expression { try Expression.parse(text, context: .precondition) }

@Suite("Expression rendering")
struct ExpressionRenderingTests {
    @Test(
        "canonical text: single quotes, upper-case keywords, minimal parentheses",
        arguments: [
            ("x=1", "x = 1"), ("tags.beta is not null", "tags.beta IS NOT NULL"), ("\"it's\"", "'it''s'"),
            ("x OR (y AND z)", "x OR y AND z"), ("(x OR y) AND z", "(x OR y) AND z"), ("(x OR y) OR z", "x OR y OR z"),
            ("x OR (y OR z)", "x OR (y OR z)"), ("NOT (x = 1)", "NOT x = 1"), ("NOT (NOT x)", "NOT (NOT x)"),
            ("(NOT x) AND y", "NOT x AND y"), ("NOT (x AND y)", "NOT (x AND y)"), ("(x = 1) = TRUE", "(x = 1) = TRUE"),
            ("1 + (2 * 3)", "1 + 2 * 3"), ("(1 + 2) * 3", "(1 + 2) * 3"), ("(1 - 2) - 3", "1 - 2 - 3"),
            ("1 - (2 - 3)", "1 - (2 - 3)"), ("x || (1 + 2)", "x || 1 + 2"), ("(x || y) + 1", "(x || y) + 1"),
            ("x  LIKE  'a%'  escape  '!'", "x LIKE 'a%' ESCAPE '!'"), ("x not like 'a'", "x NOT LIKE 'a'"),
            ("now()", "NOW()"), ("coalesce( x ,y )", "COALESCE(x, y)"), ("1e21", "1e+21"), ("1.50", "1.5"),
            ("0.0000001", "1e-7"), ("-0", "0"), ("case when x then 1 end", "CASE WHEN x THEN 1 END"),
            ("serialNumber LIKE 'ABC%'", "DeviceID.SerialNumber LIKE 'ABC%'"),
            ("a.{ 'b' }.c", "a.{'b'}.c"), ("{'1.5'}", "{'1.5'}"), ("{'a b'}", "{'a b'}"),
            ("{'serialNumber'}", "{'serialNumber'}"),
            ("x - -5", "x - -5"), ("(x IS NULL) IS NULL", "(x IS NULL) IS NULL"),
        ]
    )
    func canonical(input: String, rendered: String) throws {
        let e = try parse(input)
        #expect(e.genieACSString == rendered)
        #expect(try parse(rendered) == e)
    }

    @Test("paths that would read differently are written as {'…'}")
    func awkwardPaths() throws {
        for name in ExpressionGenerator.names {
            let e = Expression.parameter(ExpressionPath(name))
            #expect(try parse(e.genieACSString) == e, "\(name) → \(e.genieACSString)")
        }
        let adjacent = Expression.parameter(ExpressionPath(segments: [.name("a."), .name("b")]))
        #expect(adjacent.genieACSString == "a.{'b'}")
        #expect(try parse(adjacent.genieACSString) == adjacent)
    }

    @Test("property: parse(render(e)) == e for random expressions")
    func roundTripRandom() throws {
        var generator = ExpressionGenerator(rng: SeededGenerator(seed: 0xF3_22_01))
        for _ in 0..<3000 {
            let e = generator.expression(depth: 4)
            let text = e.genieACSString
            let parsed = try Expression.parse(text, context: .precondition)
            #expect(parsed == e, "\(text)")
            #expect(parsed.genieACSString == text)
            #expect(parsed.jsonForm == e.jsonForm)
        }
    }

    @Test("property: render(parse(s)) is stable for hand-written inputs")
    func stable() throws {
        let inputs = [
            "x=1 and(y<>2 or not z)", "a||b||'c' LIKE \"%\\\"%\" ESCAPE '\\'",
            "CASE WHEN x IS NULL THEN COALESCE(y, 'n/a') ELSE ROUND(x*100/3,2) END <> 0",
            "Device.{Tags.x}.{1}{2}x = {'q'}", "((((x))))", "NOT x AND NOT y OR NOT (NOT z)",
            "Events.Inform > now() - 5*60*1000 AND Events.1_BOOT IS NOT NULL",
        ]
        for input in inputs {
            let once = try parse(input).genieACSString
            let twice = try parse(once).genieACSString
            #expect(once == twice)
        }
    }
}

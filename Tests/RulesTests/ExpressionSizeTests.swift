import FerruleCore
import Testing

@testable import Rules

/// The parser bounds the tree it builds (ExpressionParser.maximumHeight), so that every walker over
/// it — rendering, evaluation, the JSON form, `==`, releasing it — recurses a bounded number of times.
@Suite("Expression parser: size limits")
struct ExpressionSizeTests {
    static let limit = ExpressionParser.maximumHeight

    /// `Tags.t0 IS NULL <op> Tags.t1 IS NULL <op> …` with `count` operands.
    static func chain(_ count: Int, _ op: String) -> String {
        (0..<count).map { "Tags.t\($0) IS NULL" }.joined(separator: " \(op) ")
    }

    static func kind(_ text: String) -> ExpressionError.Kind? {
        do {
            _ = try Expression.parse(text, context: .precondition)
            return nil
        } catch {
            return error.kind
        }
    }

    @Test("a flat chain longer than the limit is an error at once, whatever the operator (was a stack overflow)")
    func flatChains() throws {
        let over = Self.limit + 10
        #expect(Self.kind(Self.chain(over, "OR")) == .tooDeep)
        #expect(Self.kind(Self.chain(over, "AND")) == .tooDeep)
        for op in ["||", "+", "-", "*", "/", "%"] {
            let text = (0..<over).map { "x\($0)" }.joined(separator: " \(op) ") + " = 'a'"
            #expect(Self.kind(text) == .tooDeep, "\(op)")
        }
        let calls = (0..<over).map { _ in "UPPER(" }.joined() + "x" + String(repeating: ")", count: over)
        #expect(Self.kind(calls) != nil, "nested calls are bounded too")
    }

    @Test("the error names the limit and what to do instead")
    func message() throws {
        do {
            _ = try Expression.parse(Self.chain(Self.limit + 1, "OR"), context: .precondition)
            Issue.record("parsed")
        } catch {
            #expect(error.message.contains("more than \(Self.limit) operators deep"), "\(error)")
            #expect(error.hint?.contains("match.tags") == true)
        }
    }

    @Test("a chain just under the limit parses, renders back, evaluates and compares (the walkers fit the stack)")
    func atTheLimit() throws {
        // Each IS NULL is one level above its parameter; the chain adds one per operand.
        let text = Self.chain(Self.limit - 2, "OR")
        let expression = try Expression.parse(text, context: .precondition)
        #expect(expression.genieACSString == text)
        #expect(try Expression.parse(expression.genieACSString, context: .precondition) == expression)
        #expect(expression.evaluate(in: Values()) == true)
        if case .array(let items) = expression.jsonForm { #expect(items.count == Self.limit - 1) }
        #expect(expression.parameterPaths.count == Self.limit - 2)
    }

    @Test("a wide expression is not a deep one: a long argument list or CASE parses")
    func wide() throws {
        let arguments = (0..<(Self.limit * 3)).map { "x\($0)" }.joined(separator: ", ")
        #expect(Self.kind("COALESCE(\(arguments)) = 1") == nil)
        let branches = (0..<(Self.limit * 3)).map { "WHEN x\($0) = 1 THEN \($0)" }.joined(separator: " ")
        #expect(Self.kind("CASE \(branches) END = 1") == nil)
    }
}

@Suite("Rule compiler: generated preconditions within the expression limit")
struct PreconditionSizeTests {
    @Test("a match list over the limit is an error naming the rule, not a crash or an unreadable preset")
    func longMatchList() throws {
        let tags = (0..<(ExpressionParser.maximumHeight + 5)).map { "t\($0)" }.joined(separator: ", ")
        let (_, d) = try RuleCompilerTests.compile([
            "r.yaml": """
            rules:
              - name: many-tags
                match: {tags: {any: [\(tags)]}}
                actions: [{refresh: {path: Device.DeviceInfo.}}]
            """
        ])
        let error = try #require(d.sorted.first { $0.code == .badExpression }, "\(d.sorted)")
        #expect(error.message.contains("rule `many-tags`: its `match` compiles to a precondition more than"))
        #expect(error.location.file.hasSuffix("/r.yaml") && error.location.line == 2, "\(error)")
    }

    @Test("a precondition near the limit pushed over it by the match's clauses is reported once, naming the rule")
    func combinedOverLimit() throws {
        let chain = ExpressionSizeTests.chain(ExpressionParser.maximumHeight - 1, "OR")
        let (_, d) = try RuleCompilerTests.compile([
            "r.yaml": """
            rules:
              - name: edge
                match: {tags: {all: [a, b, c]}}
                precondition: "\(chain)"
                actions: [{refresh: {path: Device.DeviceInfo.}}]
            """
        ])
        let errors = d.sorted.filter { $0.code == .badExpression }
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.message.contains("its `match` and preconditions together") == true, "\(errors)")
    }

    @Test("a long but reasonable match list compiles")
    func reasonableList() throws {
        let serials = (0..<300).map { "SN\($0)" }.joined(separator: ", ")
        let (_, d) = try RuleCompilerTests.compile([
            "r.yaml": """
            rules:
              - name: pilot
                match: {serialNumber: [\(serials)]}
                actions: [{refresh: {path: Device.DeviceInfo.}}]
            """
        ])
        #expect(!d.hasErrors, "\(d.sorted)")
    }
}

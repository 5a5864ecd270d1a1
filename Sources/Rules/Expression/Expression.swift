/// A GenieACS 1.2 expression: a preset precondition or a provision argument.
///
/// The tree mirrors GenieACS's parser (`lib/common/expression/parser.ts`) one to one, so that
/// ``jsonForm`` is exactly the array form GenieACS stores and ``genieACSString`` is text GenieACS reads
/// back to that same form. Binary operators are left-associative binary nodes; GenieACS's n-ary
/// arrays (`["OR", a, b, c]`) correspond to left-nested chains (`.or(.or(a, b), c)`).
///
/// Build one with ``parse(_:context:)``, or directly:
///
/// ```swift
/// let beta: Expression = .isNull(.parameter("Tags.beta"), negated: true)
/// beta.genieACSString  // Tags.beta IS NOT NULL
/// ```
public indirect enum Expression: Sendable, Hashable {
    /// `NULL`.
    case null
    /// `TRUE` or `FALSE`.
    case bool(Bool)
    /// A number literal; always finite when it comes from the parser.
    case number(Double)
    /// A string literal.
    case string(String)
    /// A parameter reference (`Tags.beta`, `Device.WiFi.SSID.{n}.SSID`).
    case parameter(ExpressionPath)
    /// A function call; `name` is upper-case as GenieACS stores it (`NOW`, `COALESCE`).
    case function(name: String, arguments: [Expression])
    /// `NOT x`.
    case not(Expression)
    /// `a AND b`.
    case and(Expression, Expression)
    /// `a OR b`.
    case or(Expression, Expression)
    /// `a = b`, `a <> b`, `a < b` …
    case comparison(ComparisonOperator, Expression, Expression)
    /// `a LIKE pattern [ESCAPE e]`, or `a NOT LIKE …` when `negated`.
    case like(Expression, pattern: Expression, escape: Expression?, negated: Bool)
    /// `x IS NULL`, or `x IS NOT NULL` when `negated`.
    case isNull(Expression, negated: Bool)
    /// `a || b` (string concatenation).
    case concat(Expression, Expression)
    /// `a + b`, `a - b`, `a * b`, `a / b`, `a % b`.
    case arithmetic(ArithmeticOperator, Expression, Expression)
    /// `CASE WHEN c THEN v … [ELSE e] END`.
    case caseWhen([CaseBranch], otherwise: Expression?)

    /// The comparison operators, spelled as in GenieACS.
    public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
        case equal = "="
        case notEqual = "<>"
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
    }

    /// The arithmetic operators, spelled as in GenieACS.
    public enum ArithmeticOperator: String, Sendable, Hashable, CaseIterable {
        case add = "+"
        case subtract = "-"
        case multiply = "*"
        case divide = "/"
        case modulo = "%"

        /// `*`, `/` and `%` bind tighter than `+` and `-`.
        var isMultiplicative: Bool { self == .multiply || self == .divide || self == .modulo }
    }

    /// One `WHEN condition THEN value` of a ``caseWhen(_:otherwise:)``.
    public struct CaseBranch: Sendable, Hashable {
        public var when: Expression
        public var then: Expression

        public init(when: Expression, then: Expression) {
            self.when = when
            self.then = then
        }
    }
}

extension Expression {
    /// Every parameter path the expression reads, in first-use order (computed paths as written).
    ///
    /// GenieACS fetches these from the CPE before evaluating a precondition the first time.
    public var parameterPaths: [ExpressionPath] {
        var seen = Set<ExpressionPath>()
        var result: [ExpressionPath] = []
        visit { node in
            if case .parameter(let path) = node, seen.insert(path).inserted { result.append(path) }
        }
        return result
    }

    /// Every function name the expression calls, in first-use order.
    public var functionNames: [String] {
        var result: [String] = []
        visit { node in
            if case .function(let name, _) = node, !result.contains(name) { result.append(name) }
        }
        return result
    }

    /// Calls `body` for this node and every node below it, parents first.
    public func visit(_ body: (Expression) -> Void) {
        body(self)
        switch self {
        case .null, .bool, .number, .string:
            break
        case .parameter(let path):
            for case .computed(let e) in path.segments { e.visit(body) }
        case .function(_, let arguments):
            for a in arguments { a.visit(body) }
        case .not(let x), .isNull(let x, _):
            x.visit(body)
        case .and(let a, let b), .or(let a, let b), .concat(let a, let b), .comparison(_, let a, let b),
            .arithmetic(_, let a, let b):
            a.visit(body)
            b.visit(body)
        case .like(let a, let pattern, let escape, _):
            a.visit(body)
            pattern.visit(body)
            escape?.visit(body)
        case .caseWhen(let branches, let otherwise):
            for b in branches {
                b.when.visit(body)
                b.then.visit(body)
            }
            otherwise?.visit(body)
        }
    }
}

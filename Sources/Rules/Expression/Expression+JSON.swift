extension Expression {
    /// The array form GenieACS stores for this expression (what `parse()` in
    /// `lib/common/expression/parser.ts` returns), used for provision `args` in presets.
    ///
    /// Node names as in that file: `["PARAM", path]`, `["FUNC", name, args…]`, `["NOT", x]`,
    /// `["AND", a, b, …]`, `["OR", …]`, `["=", a, b]` (and `<>`, `<`, `<=`, `>`, `>=`),
    /// `["LIKE", a, pattern]` or `["LIKE", a, pattern, escape]` (and `NOT LIKE`), `["IS NULL", x]`,
    /// `["IS NOT NULL", x]`, `["||", …]`, `["+", …]` (and `-`, `*`, `/`, `%`), and
    /// `["CASE", when, then, …, true, else]` or `["CASE", when, then, …, null]` without ELSE.
    /// Literals are JSON scalars. Like GenieACS's `binaryLeft`, a chain of one operator is one array
    /// (`a OR b OR c` is `["OR", a, b, c]`); a computed path is `["PARAM", ["||", "a.", expr, ".b"]]`.
    public var jsonForm: ExpressionJSON {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let x): return .number(x)
        case .string(let s): return .string(s)
        case .parameter(let path):
            let pieces = path.segments.map { segment -> ExpressionJSON in
                switch segment {
                case .name(let name): .string(name)
                case .computed(let e): e.jsonForm
                }
            }
            if pieces.count == 1 { return .array(["PARAM", pieces[0]]) }
            return .array(["PARAM", .array(["||"] + pieces)])
        case .function(let name, let arguments):
            return .array([.string("FUNC"), .string(name)] + arguments.map(\.jsonForm))
        case .not(let x):
            return .array(["NOT", x.jsonForm])
        case .and, .or, .concat, .arithmetic:
            return chainJSON()
        case .comparison(let op, let a, let b):
            return .array([.string(op.rawValue), a.jsonForm, b.jsonForm])
        case .like(let a, let pattern, let escape, let negated):
            var items: [ExpressionJSON] = [.string(negated ? "NOT LIKE" : "LIKE"), a.jsonForm, pattern.jsonForm]
            if let escape { items.append(escape.jsonForm) }
            return .array(items)
        case .isNull(let x, let negated):
            return .array([.string(negated ? "IS NOT NULL" : "IS NULL"), x.jsonForm])
        case .caseWhen(let branches, let otherwise):
            var items: [ExpressionJSON] = ["CASE"]
            for branch in branches {
                items.append(branch.when.jsonForm)
                items.append(branch.then.jsonForm)
            }
            if let otherwise {
                items.append(true)
                items.append(otherwise.jsonForm)
            } else {
                items.append(.null)
            }
            return .array(items)
        }
    }

    /// The operator name and operands of a left-associative binary node.
    private var binaryParts: (String, Expression, Expression)? {
        switch self {
        case .and(let a, let b): ("AND", a, b)
        case .or(let a, let b): ("OR", a, b)
        case .concat(let a, let b): ("||", a, b)
        case .arithmetic(let op, let a, let b): (op.rawValue, a, b)
        default: nil
        }
    }

    /// `["OP", x₁, x₂, …]` for a left-nested chain of one operator, as GenieACS's `binaryLeft` builds it.
    private func chainJSON() -> ExpressionJSON {
        guard let (op, _, _) = binaryParts else { return .null }
        var operands: [Expression] = []
        var node = self
        while let (nodeOp, a, b) = node.binaryParts, nodeOp == op {
            operands.append(b)
            node = a
        }
        operands.append(node)
        return .array([.string(op)] + operands.reversed().map(\.jsonForm))
    }
}

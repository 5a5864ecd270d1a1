/// A compiled MongoDB filter (GenieACS 1.2.16 lib/query.ts:19-127).
indirect enum Filter {
    case and([Filter])
    case or([Filter])
    case nor([Filter])
    case field(FieldPath, Condition)

    static var everything: Filter { .and([]) }

    func matches(_ doc: some QueryDocument) -> Bool {
        switch self {
        case .and(let parts): return parts.allSatisfy { $0.matches(doc) }
        case .or(let parts): return parts.contains { $0.matches(doc) }
        case .nor(let parts): return !parts.contains { $0.matches(doc) }
        case .field(let path, let condition): return condition.test(doc.value(at: path))
        }
    }

    /// What the filter says about `key` (`_id`, `device`) at the top level, so collections can look ids up or
    /// binary-search a range instead of scanning; the whole filter is still applied to the candidates.
    func constraint(on key: String) -> IDConstraint {
        var result = IDConstraint()
        collect(key, into: &result)
        return result
    }

    /// Whether the filter constrains nothing but `key`, and only in ways ``constraint(on:)`` captures exactly: then
    /// every candidate the constraint selects matches, and a collection can count and page them without testing each.
    func isOnly(_ key: String) -> Bool {
        switch self {
        case .and(let parts): parts.allSatisfy { $0.isOnly(key) }
        case .field(let path, let condition): path.text == key && condition.isCapturedID
        case .or, .nor: false
        }
    }

    private func collect(_ key: String, into result: inout IDConstraint) {
        switch self {
        case .and(let parts): for part in parts { part.collect(key, into: &result) }
        case .field(let path, let condition) where path.text == key: condition.collectID(into: &result)
        default: break
        }
    }
}

/// `_id` bounds implied by a filter: an exact set, and/or a lower and upper bound.
struct IDConstraint {
    var exact: Set<String>?
    var lower: (value: String, inclusive: Bool)?
    var upper: (value: String, inclusive: Bool)?

    mutating func restrict(exact ids: Set<String>) {
        exact = exact.map { $0.intersection(ids) } ?? ids
    }
}

/// A condition on one field's value.
indirect enum Condition {
    case eq([Operand])
    case ne([Operand])
    case cmp(Comparison, [Operand])
    case inList([Operand])
    case nin([Operand])
    case exists(Bool)
    case not(Condition)
    case all([Condition])

    enum Comparison {
        case gt, gte, lt, lte

        func holds(_ order: Int) -> Bool {
            switch self {
            case .gt: order > 0
            case .gte: order >= 0
            case .lt: order < 0
            case .lte: order <= 0
            }
        }
    }

    /// MongoDB semantics: a missing field equals `null`; an array matches when it or any element does.
    func test(_ value: QValue?) -> Bool {
        switch self {
        case .eq(let ops), .inList(let ops):
            guard let value else { return ops.contains { if case .value(.null) = $0 { true } else { false } } }
            return Self.anyElement(value) { v in ops.contains { $0.matches(v) } }
        case .ne(let ops): return !Condition.eq(ops).test(value)
        case .nin(let ops): return !Condition.inList(ops).test(value)
        case .cmp(let op, let ops):
            guard let value else { return false }
            return Self.anyElement(value) { v in
                ops.contains {
                    guard case .value(let x) = $0, x.bracket == v.bracket else { return false }
                    return op.holds(QValue.compare(v, x))
                }
            }
        case .exists(let flag): return (value != nil) == flag
        case .not(let inner): return !inner.test(value)
        case .all(let parts): return parts.allSatisfy { $0.test(value) }
        }
    }

    private static func anyElement(_ value: QValue, _ body: (QValue) -> Bool) -> Bool {
        if body(value) { return true }
        if case .array(let items) = value { return items.contains(where: body) }
        return false
    }

    /// Whether ``collectID(into:)`` captures the condition exactly on a string `_id`: equality and `$in` over
    /// values (a non-string never equals a string id, so leaving it out of the set is exact), a comparison with one
    /// string, or `$all` of such. Regexes and the rest are tested per document.
    fileprivate var isCapturedID: Bool {
        switch self {
        case .eq(let ops), .inList(let ops):
            ops.allSatisfy { if case .value = $0 { true } else { false } }
        case .cmp(_, let ops):
            if ops.count == 1, case .value(.string) = ops[0] { true } else { false }
        case .all(let parts): parts.allSatisfy(\.isCapturedID)
        default: false
        }
    }

    fileprivate func collectID(into result: inout IDConstraint) {
        func strings(_ ops: [Operand]) -> Set<String>? {
            var out: Set<String> = []
            for op in ops {
                switch op {
                case .value(.string(let s)): out.insert(s)
                case .value: continue  // numbers and dates never equal a string `_id`
                case .regex: return nil
                }
            }
            return out
        }
        switch self {
        case .eq(let ops), .inList(let ops):
            if let ids = strings(ops) { result.restrict(exact: ids) }
        case .cmp(let op, let ops):
            guard let ids = strings(ops), ids.count == 1, let s = ids.first else { return }
            switch op {
            case .gt, .gte:
                if result.lower.map({ $0.value.utf8.lexicographicallyPrecedes(s.utf8) }) ?? true {
                    result.lower = (s, op == .gte)
                }
            case .lt, .lte:
                if result.upper.map({ s.utf8.lexicographicallyPrecedes($0.value.utf8) }) ?? true {
                    result.upper = (s, op == .lte)
                }
            }
        case .all(let parts): for part in parts { part.collectID(into: &result) }
        default: break
        }
    }
}

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
        case .field(let path, let condition): return condition.test(candidates: doc.values(at: path))
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

/// An array element or other embedded value read as a document (`$elemMatch`'s document form).
struct ValueDocument: QueryDocument {
    let value: QValue

    func value(at path: FieldPath) -> QValue? { Self.walk(value, path.segments[...]) }

    func values(at path: FieldPath) -> [QValue] {
        var out: [QValue] = []
        QValue.pathValues(value, path.segments[...], into: &out)
        return out
    }

    private static func walk(_ value: QValue, _ rest: ArraySlice<String>) -> QValue? {
        guard let key = rest.first else { return value }
        switch value {
        case .object(let members):
            guard let child = members.last(where: { $0.0 == key })?.1 else { return nil }
            return walk(child, rest.dropFirst())
        case .array(let items):
            if let index = Int(key), index >= 0, index < items.count { return walk(items[index], rest.dropFirst()) }
            let found = items.compactMap { walk($0, rest) }
            return found.isEmpty ? nil : .array(found)
        default: return nil
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
    /// `$size`: the value is an array of exactly this many elements.
    case size(Int)
    /// `$elemMatch`: some element of the array value satisfies the condition (operator form) or the filter (document
    /// form).
    case elemMatch(ElemMatch)
    /// `$type`: the value, or an element of an array value, is of one of these BSON type codes.
    case type(Set<Int>)
    /// `$mod: [divisor, remainder]` on numbers truncated to integers.
    case mod(divisor: Int64, remainder: Int64)

    enum ElemMatch {
        /// `{$elemMatch: {$gt: 1, $lt: 5}}`: the operators apply to each element as a single value.
        case value(Condition)
        /// `{$elemMatch: {a: 1, b: {$gt: 2}}}`: the filter applies to each element that is an object.
        case document(Filter)
    }

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

    /// The condition on a single value (or none): ``test(candidates:)`` of it.
    func test(_ value: QValue?) -> Bool { test(candidates: value.map { [$0] } ?? []) }

    /// The condition on the values a path yields (``QueryDocument/values(at:)``), as MongoDB
    /// judges them (src/mongo/db/matcher/expression_leaf.cpp, expression_array.cpp):
    ///
    /// - a leaf operator (`$eq`, `$in`, comparisons, `$type`, `$mod`, `$regex`) matches when one
    ///   of the values, or an element of one that is an array, matches (`$type: "array"` thus
    ///   matches an array value itself, and `$type: "string"` an array holding a string);
    /// - an array operator (`$elemMatch`, `$size`) looks only at values that are arrays, at their
    ///   elements for `$elemMatch` (objects only for its field form);
    /// - `$exists` asks whether there is any value; a missing path equals `null`.
    func test(candidates values: [QValue]) -> Bool {
        switch self {
        case .eq(let ops), .inList(let ops):
            if values.isEmpty { return ops.contains { if case .value(.null) = $0 { true } else { false } } }
            return values.contains { Self.anyElement($0) { v in ops.contains { $0.matches(v) } } }
        case .ne(let ops): return !Condition.eq(ops).test(candidates: values)
        case .nin(let ops): return !Condition.inList(ops).test(candidates: values)
        case .exists(let flag): return !values.isEmpty == flag
        case .not(let inner): return !inner.test(candidates: values)
        case .all(let parts): return parts.allSatisfy { $0.test(candidates: values) }
        case .size(let n):
            return values.contains { if case .array(let items) = $0 { items.count == n } else { false } }
        case .elemMatch(let match):
            return values.contains { value in
                guard case .array(let items) = value else { return false }
                switch match {
                case .value(let condition): return items.contains { condition.testSingle($0) }
                case .document(let filter):
                    return items.contains {
                        if case .object = $0 { filter.matches(ValueDocument(value: $0)) } else { false }
                    }
                }
            }
        case .cmp, .type, .mod: return values.contains { testLeaf($0) }
        }
    }

    /// A leaf operator on one value yielded by a path: the value or any element of it.
    private func testLeaf(_ value: QValue) -> Bool {
        switch self {
        case .cmp(let op, let ops):
            return Self.anyElement(value) { v in
                ops.contains {
                    guard case .value(let x) = $0, x.bracket == v.bracket else { return false }
                    return op.holds(QValue.compare(v, x))
                }
            }
        case .type(let codes): return Self.anyElement(value) { codes.contains($0.typeCode) }
        case .mod(let divisor, let remainder):
            return Self.anyElement(value) {
                guard case .number(let n) = $0, let i = QValue.truncatedInt64(n) else { return false }
                let r = i.remainderReportingOverflow(dividingBy: divisor)
                return (r.overflow ? 0 : r.partialValue) == remainder
            }
        default: return test(candidates: [value])
        }
    }

    /// `matchesSingleElement`: the condition on one array element, without looking into it when it is an array
    /// itself (MongoDB's `$elemMatch` operator form).
    func testSingle(_ value: QValue) -> Bool {
        switch self {
        case .eq(let ops), .inList(let ops): return ops.contains { $0.matches(value) }
        case .ne(let ops): return !ops.contains { $0.matches(value) }
        case .nin(let ops): return !ops.contains { $0.matches(value) }
        case .cmp(let op, let ops):
            return ops.contains {
                guard case .value(let x) = $0, x.bracket == value.bracket else { return false }
                return op.holds(QValue.compare(value, x))
            }
        case .not(let inner): return !inner.testSingle(value)
        case .all(let parts): return parts.allSatisfy { $0.testSingle(value) }
        case .type(let codes): return codes.contains(value.typeCode)
        case .mod(let divisor, let remainder):
            // Only a number: an array element that is an array is not looked into.
            guard case .number(let n) = value, let i = QValue.truncatedInt64(n) else { return false }
            let r = i.remainderReportingOverflow(dividingBy: divisor)
            return (r.overflow ? 0 : r.partialValue) == remainder
        case .exists(let flag): return flag  // an element is there
        case .size, .elemMatch: return test(value)
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

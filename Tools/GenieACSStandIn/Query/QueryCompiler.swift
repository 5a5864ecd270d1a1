import FerruleJSON

/// Turns the `query` parameter of `GET /<collection>` into a ``Filter`` the way genieacs-nbi.md §13.2 describes:
/// device queries go through `query.expand`, tasks and faults get their type conversions, everything else is a
/// plain MongoDB filter.
struct QueryCompiler {
    enum Collection {
        case devices
        case tasks
        case faults
        case plain
    }

    let collection: Collection

    /// - Throws: ``WorkerCrash`` where GenieACS or MongoDB would throw inside the handler (§3): `$ne`/`$not` combined
    ///   with other operators on devices, unknown operators, a task `_id` that is no ObjectId, a non-object filter.
    func compile(_ query: JSONValue) throws(WorkerCrash) -> Filter {
        switch query {
        case .null: return .everything
        case .object(let members): return try document(members)
        default: throw WorkerCrash("MongoServerError: query filter must be an object")
        }
    }

    private func document(_ members: [(String, JSONValue)]) throws(WorkerCrash) -> Filter {
        var parts: [Filter] = []
        for (key, value) in members {
            switch key {
            case "$and", "$or", "$nor":
                guard case .array(let items) = value, !items.isEmpty else {
                    throw WorkerCrash("MongoServerError: \(key) must be a nonempty array")
                }
                var subs: [Filter] = []
                for item in items {
                    guard case .object(let m) = item else {
                        throw WorkerCrash("MongoServerError: \(key) argument's entries must be objects")
                    }
                    subs.append(try document(m))
                }
                parts.append(key == "$and" ? .and(subs) : key == "$or" ? .or(subs) : .nor(subs))
            case let k where k.hasPrefix("$"):
                throw WorkerCrash("MongoServerError: unknown top level operator: \(k)")
            default:
                parts.append(try field(key, value))
            }
        }
        return parts.count == 1 ? parts[0] : .and(parts)
    }

    private func field(_ key: String, _ value: JSONValue) throws(WorkerCrash) -> Filter {
        var path = key
        if collection == .devices {
            // genieacs-nbi.md §13.2: a key whose last segment does not start with `_` gets `._value`.
            let last = key.split(separator: ".", omittingEmptySubsequences: false).last ?? Substring(key)
            if !last.hasPrefix("_") { path = key + "._value" }
        }
        if case .object(let members) = value, let first = members.first, first.0.hasPrefix("$") {
            if collection == .devices, members.count > 1,
                members.contains(where: { $0.0 == "$ne" || $0.0 == "$not" })
            {
                // genieacs-nbi.md §13.2, §3: `$ne`/`$not` with other operators in one object throws in
                // `query.expand`, crashing the worker.
                throw WorkerCrash("Error: Cannot combine $ne or $not with other operators")
            }
            return .field(FieldPath(path), try operators(members, key: path))
        }
        return .field(FieldPath(path), .eq(try operands(value, key: path)))
    }

    private func operators(_ members: [(String, JSONValue)], key: String) throws(WorkerCrash) -> Condition {
        var conditions: [Condition] = []
        let options = members.first { $0.0 == "$options" }?.1.stringValue ?? ""
        for (op, value) in members {
            switch op {
            case "$eq": conditions.append(.eq(try operands(value, key: key)))
            case "$ne": conditions.append(.ne(try operands(value, key: key)))
            case "$gt": conditions.append(.cmp(.gt, try operands(value, key: key)))
            case "$gte": conditions.append(.cmp(.gte, try operands(value, key: key)))
            case "$lt": conditions.append(.cmp(.lt, try operands(value, key: key)))
            case "$lte": conditions.append(.cmp(.lte, try operands(value, key: key)))
            case "$in", "$nin":
                guard case .array(let items) = value else {
                    throw WorkerCrash("MongoServerError: \(op) needs an array")
                }
                var all: [Operand] = []
                for item in items { all += try operands(item, key: key) }
                conditions.append(op == "$in" ? .inList(all) : .nin(all))
            case "$exists":
                let flag: Bool =
                    switch value {
                    case .bool(let b): b
                    case .number(let n): (Double(n) ?? 0) != 0
                    case .null: false
                    default: true
                    }
                conditions.append(.exists(flag))
            case "$regex":
                guard case .string(let pattern) = value, let regex = JSRegex(pattern: pattern, flags: options) else {
                    throw WorkerCrash("MongoServerError: invalid regular expression")
                }
                conditions.append(.eq([.regex(regex)]))
            case "$options": continue
            case "$not":
                guard case .object(let inner) = value, let first = inner.first, first.0.hasPrefix("$") else {
                    throw WorkerCrash("MongoServerError: $not needs a regex or a document")
                }
                conditions.append(.not(try operators(inner, key: key)))
            default:
                throw WorkerCrash("MongoServerError: unknown operator: \(op)")
            }
        }
        return conditions.count == 1 ? conditions[0] : .all(conditions)
    }

    /// The alternatives a filter value stands for.
    private func operands(_ value: JSONValue, key: String) throws(WorkerCrash) -> [Operand] {
        switch collection {
        case .devices: return Self.expand(value)
        case .tasks:
            switch key {
            case "_id": return [.value(try Self.objectID(value))]
            case "timestamp": return [.value(Self.date(value))]
            case "retries": return [.value(Self.number(value))]
            default: return [.value(QValue(value))]
            }
        case .faults:
            switch key {
            case "timestamp": return [.value(Self.date(value))]
            case "retries": return [.value(Self.number(value))]
            default: return [.value(QValue(value))]
            }
        case .plain: return [.value(QValue(value))]
        }
    }

    /// genieacs-nbi.md §13.2: a string also stands for the regex it spells (`/pattern/flags`), the number it
    /// spells, the date it spells (length ≥ 8, year > 1983) and, with a `*`, a shell-style wildcard.
    static func expand(_ value: JSONValue) -> [Operand] {
        guard case .string(let s) = value else { return [.value(QValue(value))] }
        var out: [Operand] = [.value(.string(s))]
        if let regex = JSRegex(literal: s) { out.append(.regex(regex)) }
        if let n = jsNumber(s) { out.append(.value(.number(n))) }
        if s.count >= 8, let ms = Timestamp.parse(s), Timestamp.year(ms) > 1983 { out.append(.value(.date(ms))) }
        if s.contains("*") { out.append(.wildcard(s.split(separator: "*", omittingEmptySubsequences: false))) }
        return out
    }

    /// `+text` in JavaScript, for the texts that are numbers (the empty string is not taken as 0).
    static func jsNumber(_ text: String) -> Double? {
        let t = text.trimmed(of: " \t\n\r")
        guard !t.isEmpty else { return nil }
        if t.hasPrefix("0x") || t.hasPrefix("0X") { return UInt64(t.dropFirst(2), radix: 16).map(Double.init) }
        guard let n = Double(t), n.isFinite || t.hasSuffix("Infinity") else { return nil }
        if t.lowercased().contains("n") && !t.hasSuffix("Infinity") { return nil }  // Swift accepts "nan"
        return n
    }

    /// `new ObjectId(v)` for tasks' `_id` (§6.4); it throws on anything else (§3).
    private static func objectID(_ value: JSONValue) throws(WorkerCrash) -> QValue {
        switch value {
        case .string(let s):
            guard let id = ObjectID.normalize(s) else {
                throw WorkerCrash(
                    "BSONTypeError: Argument passed in must be a string of 12 bytes or a string of 24 hex characters"
                )
            }
            return .string(id)
        case .array(let items):
            var out: [QValue] = []
            for item in items { out.append(try objectID(item)) }
            return .array(out)
        default:
            throw WorkerCrash(
                "BSONTypeError: Argument passed in must be a string of 12 bytes or a string of 24 hex characters"
            )
        }
    }

    /// `new Date(v)`; an unparsable date is an Invalid Date that matches nothing.
    private static func date(_ value: JSONValue) -> QValue {
        switch value {
        case .number(let n): return .date(Int64(Double(n) ?? 0))
        case .string(let s): return .date(Timestamp.parse(s) ?? Int64.min)
        case .array(let items): return .array(items.map(date))
        default: return QValue(value)
        }
    }

    /// `Number(v)`.
    private static func number(_ value: JSONValue) -> QValue {
        switch value {
        case .number(let n): return .number(Double(n) ?? .nan)
        case .string(let s): return .number(s.isEmpty ? 0 : (jsNumber(s) ?? .nan))
        case .bool(let b): return .number(b ? 1 : 0)
        case .null: return .number(0)
        case .array(let items): return .array(items.map(number))
        case .object: return .number(.nan)
        }
    }
}

extension String {
    func trimmed(of set: String) -> String {
        let scalars = Set(set.unicodeScalars)
        var view = Substring(self)
        while let f = view.unicodeScalars.first, scalars.contains(f) {
            view = Substring(view.unicodeScalars.dropFirst())
        }
        while let l = view.unicodeScalars.last, scalars.contains(l) { view = Substring(view.unicodeScalars.dropLast()) }
        return String(view)
    }
}

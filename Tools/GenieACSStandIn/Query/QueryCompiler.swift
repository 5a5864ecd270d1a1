import FerruleJSON
import GenieACS

/// Turns the `query` parameter of `GET /<collection>` into a ``Filter`` the way GenieACS 1.2.16 does
/// (`lib/nbi.ts:626-642`): device queries go through `query.expand` (`lib/query.ts:101-127`), tasks and faults
/// through `sanitizeQueryTypes` (`lib/query.ts:129-168`), everything else is a plain MongoDB filter.
struct QueryCompiler {
    enum Collection {
        case devices
        case tasks
        case faults
        case plain
    }

    let collection: Collection

    /// The operators whose values `expandValue` expands (`lib/query.ts:38-47`).
    static let expandOperators: Set<String> = ["$eq", "$gt", "$gte", "$in", "$lt", "$lte", "$ne", "$nin"]

    /// - Throws: ``WorkerCrash`` where GenieACS or MongoDB would throw inside the handler: `$ne`/`$not` mixed with
    ///   other operators when the value has several alternatives, unknown operators, a task `_id` that is no
    ///   ObjectId, a filter that is no object.
    func compile(_ query: JSONValue) throws(WorkerCrash) -> Filter {
        switch collection {
        case .devices:
            // `Object.entries(query)` (lib/query.ts:105): primitives have no entries, null throws.
            return try document(try Self.entries(query))
        case .tasks, .faults:
            // `sanitizeQueryTypes` runs `Object.entries(query)` first (lib/query.ts:133).
            if query == .null { throw Self.nullEntries }
            guard case .object(let members) = query else { throw Self.notAnObject }
            return try document(members)
        case .plain:
            // `countDocuments(null)` and `find(null)` both mean `{}` (mongodb 4.17.2 collection.ts:1155,
            // cursor/find_cursor.ts:50); any other primitive reaches the server, which rejects it.
            if query == .null { return .everything }
            guard case .object(let members) = query else { throw Self.notAnObject }
            return try document(members)
        }
    }

    static let nullEntries = WorkerCrash("TypeError: Cannot convert undefined or null to object")
    static let notAnObject = WorkerCrash("MongoServerError: the match filter must be an expression in an object")

    /// `Object.entries(v)` for a device query document: an array or string by index, other primitives none.
    static func entries(_ value: JSONValue) throws(WorkerCrash) -> [(String, JSONValue)] {
        switch value {
        case .object(let members): return members
        case .null: throw nullEntries
        case .array(let items): return items.enumerated().map { (String($0.offset), $0.element) }
        case .string(let s): return Array(s).enumerated().map { (String($0.offset), .string(String($0.element))) }
        case .number, .bool: return []
        }
    }

    private func document(_ members: [(String, JSONValue)]) throws(WorkerCrash) -> Filter {
        var parts: [Filter] = []
        for (key, value) in members {
            if key.hasPrefix("$") {
                parts.append(try logical(key, value))
            } else {
                parts.append(try field(key, value))
            }
        }
        return parts.count == 1 ? parts[0] : .and(parts)
    }

    private func logical(_ key: String, _ value: JSONValue) throws(WorkerCrash) -> Filter {
        guard case .array(let items) = value else {
            // Devices: `(v as any[]).map(...)` (lib/query.ts:108); tasks/faults: `for (const vv of v)` (:136).
            if collection == .devices { throw WorkerCrash("TypeError: v.map is not a function") }
            throw WorkerCrash("MongoServerError: \(key) must be an array")
        }
        var subs: [Filter] = []
        for item in items {
            if collection == .devices {
                subs.append(try document(try Self.entries(item)))
            } else {
                guard case .object(let m) = item else {
                    throw WorkerCrash("MongoServerError: \(key) argument's entries must be objects")
                }
                subs.append(try document(m))
            }
        }
        guard !items.isEmpty, ["$and", "$or", "$nor"].contains(key) else {
            throw WorkerCrash(
                items.isEmpty
                    ? "MongoServerError: $and/$or/$nor must be a nonempty array"
                    : "MongoServerError: unknown top level operator: \(key)"
            )
        }
        return key == "$and" ? .and(subs) : key == "$or" ? .or(subs) : .nor(subs)
    }

    private func field(_ key: String, _ value: JSONValue) throws(WorkerCrash) -> Filter {
        var path = key
        if collection == .devices {
            // lib/query.ts:90: a key whose last segment does not start with `_` gets `._value`.
            let last = key.split(separator: ".", omittingEmptySubsequences: false).last ?? Substring(key)
            if !last.hasPrefix("_") { path = key + "._value" }
            try Self.checkNeNot(value)
        }
        if case .object(let members) = value, let first = members.first, first.0.hasPrefix("$") {
            return .field(FieldPath(path), try operators(members, key: key, expanding: collection == .devices))
        }
        if typed(key), case .object = value {
            // `sanitizeQueryTypes` reads every key of an object value as an operator (lib/query.ts:138-158).
            throw WorkerCrash("Error: Operator not supported")
        }
        return .field(FieldPath(path), .eq(try operands(value, key: key, expanding: collection == .devices)))
    }

    /// lib/query.ts:111-116: when a value has more than one alternative and holds a non-null `$ne` or `$not`
    /// beside another key, `expand` throws. One alternative (`{"$exists": true, "$ne": "1.2.3"}`) is fine.
    static func checkNeNot(_ value: JSONValue) throws(WorkerCrash) {
        guard case .object(let members) = value else { return }
        var last: [String: JSONValue] = [:]
        for (k, v) in members { last[k] = v }
        guard last.count > 1, last["$ne", default: .null] != .null || last["$not", default: .null] != .null else {
            return
        }
        if try alternatives(value) > 1 { throw WorkerCrash("Error: Cannot mix $ne or $not with other operators") }
    }

    /// How many objects `expandValue` (lib/query.ts:49-84) makes of a value; saturates at 2²⁰.
    static func alternatives(_ value: JSONValue) throws(WorkerCrash) -> Int {
        switch value {
        case .string: return try expand(value).count
        case .object(let members):
            var product = 1
            for (k, v) in members where expandOperators.contains(k) {
                product = min(1 << 20, product * (try alternatives(v)))
            }
            return product
        default: return 1
        }
    }

    /// Whether `sanitizeQueryTypes` converts this key's values.
    private func typed(_ key: String) -> Bool {
        switch collection {
        case .tasks: ["_id", "timestamp", "retries"].contains(key)
        case .faults: ["timestamp", "retries"].contains(key)
        case .devices, .plain: false
        }
    }

    private func operators(_ members: [(String, JSONValue)], key: String, expanding: Bool) throws(WorkerCrash)
        -> Condition
    {
        var conditions: [Condition] = []
        let options = members.first { $0.0 == "$options" }?.1
        if typed(key) {
            // lib/query.ts:140-158: only these operators are allowed on converted fields.
            let allowed: Set<String> = ["$in", "$nin", "$eq", "$gt", "$gte", "$lt", "$lte", "$ne", "$exists", "$type"]
            if members.contains(where: { !allowed.contains($0.0) }) {
                throw WorkerCrash("Error: Operator not supported")
            }
        }
        let expandThis: (String) -> Bool = { expanding && Self.expandOperators.contains($0) }
        for (op, value) in members {
            switch op {
            case "$eq": conditions.append(.eq(try operands(value, key: key, expanding: expandThis(op))))
            case "$ne": conditions.append(.ne(try operands(value, key: key, expanding: expandThis(op))))
            case "$gt": conditions.append(.cmp(.gt, try operands(value, key: key, expanding: expandThis(op))))
            case "$gte": conditions.append(.cmp(.gte, try operands(value, key: key, expanding: expandThis(op))))
            case "$lt": conditions.append(.cmp(.lt, try operands(value, key: key, expanding: expandThis(op))))
            case "$lte": conditions.append(.cmp(.lte, try operands(value, key: key, expanding: expandThis(op))))
            case "$in", "$nin":
                guard case .array(let items) = value else {
                    throw WorkerCrash("MongoServerError: \(op) needs an array")
                }
                var all: [Operand] = []
                for item in items { all += try operands(item, key: key, expanding: expandThis(op)) }
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
                guard case .string(let pattern) = value,
                    let regex = JSRegex(pattern: pattern, flags: options?.stringValue ?? "")
                else {
                    throw WorkerCrash("MongoServerError: invalid regular expression")
                }
                conditions.append(.eq([.regex(regex)]))
            case "$options":
                guard members.contains(where: { $0.0 == "$regex" }) else {
                    throw WorkerCrash("MongoServerError: $options needs a $regex")
                }
            case "$not":
                // `$not` is not in EXPAND_OPS (lib/query.ts:38-47): its value is passed to MongoDB unexpanded.
                guard case .object(let inner) = value, let first = inner.first, first.0.hasPrefix("$") else {
                    throw WorkerCrash("MongoServerError: $not needs a regex or a document")
                }
                conditions.append(.not(try operators(inner, key: key, expanding: false)))
            default:
                throw WorkerCrash("MongoServerError: unknown operator: \(op)")
            }
        }
        return conditions.count == 1 ? conditions[0] : .all(conditions)
    }

    /// The alternatives a filter value stands for.
    private func operands(_ value: JSONValue, key: String, expanding: Bool) throws(WorkerCrash) -> [Operand] {
        if expanding { return try Self.expand(value) }
        switch (collection, key) {
        case (.tasks, "_id"): return [.value(try Self.objectID(value))]
        case (.tasks, "timestamp"), (.faults, "timestamp"): return [.value(Self.date(value))]
        case (.tasks, "retries"), (.faults, "retries"): return [.value(Self.number(value))]
        default: return [.value(QValue(value))]
        }
    }

    /// `normalize` (lib/query.ts:19-36): a string also stands for the regex it spells (`/pattern/flags`), the
    /// number it spells (`+s === parseFloat(s)`), the date it spells (length ≥ 8, year > 1983) and, with a `*`,
    /// the pattern `stringToRegexp` makes of it. An array stands for one array of its items' alternatives
    /// (lib/query.ts:50-53).
    /// - Throws: ``WorkerCrash`` when a regex GenieACS builds does not compile (`new RegExp` throws).
    static func expand(_ value: JSONValue) throws(WorkerCrash) -> [Operand] {
        guard case .string(let s) = value else { return [.value(QValue(value))] }
        var out: [Operand] = [.value(.string(s))]
        if let (pattern, flags) = JSRegex.literalParts(s) {
            guard let regex = JSRegex(pattern: pattern, flags: flags) else {
                throw WorkerCrash("SyntaxError: Invalid regular expression: /\(pattern)/: \(flags)")
            }
            out.append(.regex(regex))
        }
        if let n = decimalNumber(s) { out.append(.value(.number(n))) }
        if s.utf16.count >= 8, let ms = Timestamp.parse(s), Timestamp.year(ms) > 1983 { out.append(.value(.date(ms))) }
        if let pattern = wildcardPattern(s) {
            guard let regex = JSRegex(pattern: pattern, flags: "") else {
                throw WorkerCrash("SyntaxError: Invalid regular expression: /\(pattern)/: ")
            }
            out.append(.regex(regex))
        }
        return out
    }

    /// `stringToRegexp` (lib/query.ts:5-17), with its quirks (see ``GenieACSWildcard/regexSource(_:)``).
    static func wildcardPattern(_ input: String) -> String? { GenieACSWildcard.regexSource(input) }

    /// `+text === parseFloat(text)`: a decimal number literal (no `0x`/`0b`/`0o`, not empty).
    static func decimalNumber(_ text: String) -> Double? {
        let t = text.trimmed(of: " \t\n\r\u{0B}\u{0C}\u{A0}\u{FEFF}")
        let unsigned = t.hasPrefix("-") || t.hasPrefix("+") ? t.dropFirst() : Substring(t)
        if unsigned.lowercased().hasPrefix("0x") || unsigned.lowercased().hasPrefix("0b")
            || unsigned.lowercased().hasPrefix("0o")
        {
            return nil
        }
        return jsNumber(text)
    }

    /// `+text` in JavaScript, for the texts that are numbers (the empty string is not taken as 0).
    static func jsNumber(_ text: String) -> Double? {
        let t = text.trimmed(of: " \t\n\r\u{0B}\u{0C}\u{A0}\u{FEFF}")
        guard !t.isEmpty else { return nil }
        let lower = t.lowercased()
        for (prefix, radix) in [("0x", 16), ("0b", 2), ("0o", 8)] where lower.hasPrefix(prefix) {
            return UInt64(t.dropFirst(2), radix: radix).map { Double($0) }
        }
        if lower.contains("x") { return nil }  // Swift reads signed hexadecimal floats; JavaScript does not
        guard let n = Double(t), n.isFinite || t.hasSuffix("Infinity") else { return nil }
        if lower.contains("n") && !t.hasSuffix("Infinity") { return nil }  // Swift accepts "nan"
        return n
    }

    /// `new ObjectId(v)` for tasks' `_id` (lib/nbi.ts:632, bson 4.7.2 src/objectid.ts:49-94).
    private static func objectID(_ value: JSONValue) throws(WorkerCrash) -> QValue {
        switch value {
        case .string(let s):
            guard let id = ObjectID.normalize(s) else { throw ObjectID.crash(for: s) }
            return .string(id)
        case .null:
            // A fresh ObjectId: newer than every stored one, equal to none.
            return .string("ffffffffffffffffffffffff")
        case .number(let n):
            // `ObjectId.generate(n)`: n is the timestamp; the other bytes are new.
            return .string(ObjectID.make(seconds: Int64(Double(n) ?? 0), counter: 0xFFFF_FFFF_FFFF_FFFF))
        case .object(let members):
            if case .string(let s)? = members.first(where: { $0.0 == "id" })?.1 {
                guard let id = ObjectID.normalize(s) else { throw ObjectID.crash(for: s) }
                return .string(id)
            }
            throw WorkerCrash("BSONTypeError: Argument passed in does not match the accepted types")
        default:
            throw WorkerCrash("BSONTypeError: Argument passed in does not match the accepted types")
        }
    }

    /// `new Date(v)`; an Invalid Date is serialised by bson 4.7.2 as `Long.fromNumber(NaN)`, i.e. the epoch.
    private static func date(_ value: JSONValue) -> QValue {
        switch value {
        case .number(let n): return .date(Int64(Double(n) ?? 0))
        case .string(let s): return .date(Timestamp.parse(s) ?? 0)
        case .bool(let b): return .date(b ? 1 : 0)
        case .null, .object: return .date(0)
        case .array: return .date(Timestamp.parse(JSText.string(value)) ?? 0)
        }
    }

    /// `Number(v)`.
    private static func number(_ value: JSONValue) -> QValue {
        switch value {
        case .number(let n): return .number(Double(n) ?? .nan)
        case .string(let s): return .number(s.trimmed(of: " \t\n\r").isEmpty ? 0 : (jsNumber(s) ?? .nan))
        case .bool(let b): return .number(b ? 1 : 0)
        case .null: return .number(0)
        case .array: return number(.string(JSText.string(value)))
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

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
            return try document(try Self.entries(query), depth: 0)
        case .tasks, .faults:
            // `sanitizeQueryTypes` runs `Object.entries(query)` first (lib/query.ts:133).
            if query == .null { throw Self.nullEntries }
            guard case .object(let members) = query else { throw Self.notAnObject }
            return try document(members, depth: 0)
        case .plain:
            // `countDocuments(null)` and `find(null)` both mean `{}` (mongodb 4.17.2 collection.ts:1155,
            // cursor/find_cursor.ts:50); any other primitive reaches the server, which rejects it.
            if query == .null { return .everything }
            guard case .object(let members) = query else { throw Self.notAnObject }
            return try document(members, depth: 0)
        }
    }

    /// MongoDB refuses a filter whose operators nest deeper than this (`kMaximumTreeDepth`,
    /// src/mongo/db/matcher/expression_parser.cpp); the stand-in's recursion is bounded by it.
    static let maximumTreeDepth = 100

    static func tooDeep(_ depth: Int) throws(WorkerCrash) {
        if depth > maximumTreeDepth {
            throw WorkerCrash("MongoServerError: exceeded maximum query tree depth of \(maximumTreeDepth)")
        }
    }

    /// Query operators MongoDB answers that the stand-in does not evaluate: answered `501` (``WorkerCrash/notReproduced``),
    /// never as a crash GenieACS would not have.
    static let unreproducedOperators: Set<String> = [
        "$expr", "$where", "$text", "$jsonSchema", "$geoWithin", "$geoIntersects", "$near", "$nearSphere", "$within",
        "$bitsAllSet", "$bitsAnySet", "$bitsAllClear", "$bitsAnyClear", "$sampleRate",
    ]

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

    private func document(_ members: [(String, JSONValue)], depth: Int) throws(WorkerCrash) -> Filter {
        try Self.tooDeep(depth)
        var parts: [Filter] = []
        // Device queries: a field with several alternatives goes into the expanded query's `$and`
        // (lib/query.ts:110-116), which a later `$and` key replaces (:106-108 `newQuery[k] = …`):
        // those fields' conditions are dropped. Their indices in `parts`.
        var inGenieACSAnd: [Int] = []
        for (key, value) in members {
            if key.hasPrefix("$") {
                if collection == .devices, key == "$and" {
                    for index in inGenieACSAnd.reversed() { parts[index] = .everything }
                    inGenieACSAnd = []
                }
                parts.append(try logical(key, value, depth: depth))
            } else {
                if collection == .devices, try Self.alternatives(value) > 1 { inGenieACSAnd.append(parts.count) }
                parts.append(try field(key, value, depth: depth))
            }
        }
        return parts.count == 1 ? parts[0] : .and(parts)
    }

    private func logical(_ key: String, _ value: JSONValue, depth: Int) throws(WorkerCrash) -> Filter {
        guard case .array(let items) = value else {
            // Devices: `(v as any[]).map(...)` (lib/query.ts:108); tasks/faults: `for (const vv of v)` (:136).
            if collection == .devices { throw WorkerCrash("TypeError: v.map is not a function") }
            // `$comment` takes any value and matches everything.
            if key == "$comment" { return .everything }
            if Self.unreproducedOperators.contains(key) { throw WorkerCrash(notReproduced: key) }
            throw WorkerCrash("MongoServerError: \(key) must be an array")
        }
        if key == "$comment" { return .everything }
        if Self.unreproducedOperators.contains(key) { throw WorkerCrash(notReproduced: key) }
        var subs: [Filter] = []
        for item in items {
            if collection == .devices {
                subs.append(try document(try Self.entries(item), depth: depth + 1))
            } else {
                guard case .object(let m) = item else {
                    throw WorkerCrash("MongoServerError: \(key) argument's entries must be objects")
                }
                subs.append(try document(m, depth: depth + 1))
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

    private func field(_ key: String, _ value: JSONValue, depth: Int) throws(WorkerCrash) -> Filter {
        var path = key
        if collection == .devices {
            // lib/query.ts:90: a key whose last segment does not start with `_` gets `._value`.
            let last = key.split(separator: ".", omittingEmptySubsequences: false).last ?? Substring(key)
            if !last.hasPrefix("_") { path = key + "._value" }
            try Self.checkNeNot(value)
        }
        if case .object(let members) = value, let first = members.first, first.0.hasPrefix("$") {
            return .field(
                FieldPath(path),
                try operators(members, key: key, expanding: collection == .devices, depth: depth + 1)
            )
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

    private func operators(_ members: [(String, JSONValue)], key: String, expanding: Bool, depth: Int)
        throws(WorkerCrash) -> Condition
    {
        try Self.tooDeep(depth)
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
                guard case .string(let pattern) = value else {
                    throw WorkerCrash("MongoServerError: $regex has to be a string")
                }
                let flags = options?.stringValue ?? ""
                if let flag = flags.first(where: { !"imxsu".contains($0) }) {
                    throw WorkerCrash("MongoServerError: invalid flag in regex options: \(flag)")
                }
                conditions.append(.eq([.regex(try JSRegex(pattern: pattern, flags: flags, javaScript: false))]))
            case "$options":
                guard members.contains(where: { $0.0 == "$regex" }) else {
                    throw WorkerCrash("MongoServerError: $options needs a $regex")
                }
            case "$not":
                // `$not` is not in EXPAND_OPS (lib/query.ts:38-47): its value is passed to MongoDB unexpanded.
                guard case .object(let inner) = value, let first = inner.first, first.0.hasPrefix("$") else {
                    throw WorkerCrash("MongoServerError: $not needs a regex or a document")
                }
                conditions.append(.not(try operators(inner, key: key, expanding: false, depth: depth + 1)))
            case "$size": conditions.append(.size(try Self.size(value)))
            case "$type": conditions.append(.type(try Self.typeCodes(value)))
            case "$mod":
                let (divisor, remainder) = try Self.mod(value)
                conditions.append(.mod(divisor: divisor, remainder: remainder))
            case "$all":
                // `$all` is not in EXPAND_OPS (lib/query.ts:38-47): its values reach MongoDB as given.
                conditions.append(try all(value, key: key, depth: depth))
            case "$elemMatch":
                conditions.append(.elemMatch(try elemMatch(value, key: key, depth: depth)))
            case "$comment":
                continue
            default:
                if Self.unreproducedOperators.contains(op) { throw WorkerCrash(notReproduced: op) }
                throw WorkerCrash("MongoServerError: unknown operator: \(op)")
            }
        }
        return conditions.count == 1 ? conditions[0] : .all(conditions)
    }

    /// `$size`: a whole, non-negative number (MongoDB src/mongo/db/matcher/expression_parser.cpp `parseSize`).
    static func size(_ value: JSONValue) throws(WorkerCrash) -> Int {
        guard case .number(let text) = value, let d = Double(text) else {
            throw WorkerCrash("MongoServerError: $size needs a number")
        }
        guard d.rounded(.towardZero) == d, let n = QValue.truncatedInt64(d) else {
            throw WorkerCrash("MongoServerError: $size must be a whole number")
        }
        guard n >= 0 else { throw WorkerCrash("MongoServerError: $size may not be negative") }
        return n > Int64(Int32.max) ? Int(Int32.max) : Int(n)
    }

    /// `$type`: a type code, an alias, or an array of them (MongoDB `parseType`, `findBSONTypeAlias`).
    static func typeCodes(_ value: JSONValue) throws(WorkerCrash) -> Set<Int> {
        let aliases: [String: Set<Int>] = [
            "double": [1], "string": [2], "object": [3], "array": [4], "binData": [5], "undefined": [6],
            "objectId": [7], "bool": [8], "date": [9], "null": [10], "regex": [11], "dbPointer": [12],
            "javascript": [13], "symbol": [14], "javascriptWithScope": [15], "int": [16], "timestamp": [17],
            "long": [18], "decimal": [19], "minKey": [-1], "maxKey": [127], "number": [1, 16, 18, 19],
        ]
        func one(_ v: JSONValue) throws(WorkerCrash) -> Set<Int> {
            switch v {
            case .string(let s):
                guard let codes = aliases[s] else {
                    throw WorkerCrash("MongoServerError: Unknown type name alias: \(String(s.prefix(64)))")
                }
                return codes
            case .number(let text):
                guard let d = Double(text), d.rounded(.towardZero) == d, let n = QValue.truncatedInt64(d),
                    n == -1 || n == 127 || (1...19).contains(n)
                else { throw WorkerCrash("MongoServerError: Invalid numerical type code: \(String(text.prefix(32)))") }
                return [Int(n)]
            default:
                throw WorkerCrash("MongoServerError: type must be represented as a number or a string")
            }
        }
        if case .array(let items) = value {
            guard !items.isEmpty else { throw WorkerCrash("MongoServerError: $type must match at least one type") }
            var codes: Set<Int> = []
            for item in items { codes.formUnion(try one(item)) }
            return codes
        }
        return try one(value)
    }

    /// `$mod: [divisor, remainder]`, both truncated to integers (MongoDB `parseMOD`).
    static func mod(_ value: JSONValue) throws(WorkerCrash) -> (Int64, Int64) {
        guard case .array(let items) = value else {
            throw WorkerCrash("MongoServerError: malformed mod, needs to be an array")
        }
        guard items.count >= 2 else { throw WorkerCrash("MongoServerError: malformed mod, not enough elements") }
        guard items.count == 2 else { throw WorkerCrash("MongoServerError: malformed mod, too many elements") }
        guard case .number(let d) = items[0], let dv = Double(d) else {
            throw WorkerCrash("MongoServerError: malformed mod, divisor not a number")
        }
        guard case .number(let r) = items[1], let rv = Double(r) else {
            throw WorkerCrash("MongoServerError: malformed mod, remainder not a number")
        }
        guard let divisor = QValue.truncatedInt64(dv) else {
            throw WorkerCrash("MongoServerError: malformed mod, divisor value is invalid")
        }
        guard let remainder = QValue.truncatedInt64(rv) else {
            throw WorkerCrash("MongoServerError: malformed mod, remainder value is invalid")
        }
        guard divisor != 0 else { throw WorkerCrash("MongoServerError: divisor cannot be 0") }
        return (divisor, remainder)
    }

    /// `$all: [v, …]` is `$and` of equalities (`[]` matches nothing); `$all: [{$elemMatch: …}, …]` is `$and` of the
    /// `$elemMatch`es, and the two forms do not mix (MongoDB `parseAll`).
    private func all(_ value: JSONValue, key: String, depth: Int) throws(WorkerCrash) -> Condition {
        guard case .array(let items) = value else { throw WorkerCrash("MongoServerError: $all needs an array") }
        guard !items.isEmpty else { return .inList([]) }
        func isElemMatch(_ v: JSONValue) -> Bool {
            if case .object(let m) = v, m.first?.0 == "$elemMatch" { return true }
            return false
        }
        if isElemMatch(items[0]) {
            var parts: [Condition] = []
            for item in items {
                guard case .object(let m) = item, isElemMatch(item), let inner = m.first?.1 else {
                    throw WorkerCrash("MongoServerError: $all/$elemMatch has to be consistent")
                }
                parts.append(.elemMatch(try elemMatch(inner, key: key, depth: depth + 1)))
            }
            return .all(parts)
        }
        var parts: [Condition] = []
        for item in items {
            if case .object(let m) = item, let first = m.first?.0, first.hasPrefix("$") {
                throw WorkerCrash("MongoServerError: no $ expressions in $all")
            }
            parts.append(.eq([.value(QValue(item))]))
        }
        return .all(parts)
    }

    /// `$elemMatch`: an object whose first key is an operator (other than a logical one) applies to each element as
    /// a value; any other object is a filter over object elements (MongoDB `parseElemMatch`). Its contents are
    /// passed on unexpanded and without `._value` (`expand` only touches top-level keys, lib/query.ts:86-127).
    private func elemMatch(_ value: JSONValue, key: String, depth: Int) throws(WorkerCrash) -> Condition.ElemMatch {
        guard case .object(let inner) = value else { throw WorkerCrash("MongoServerError: $elemMatch needs an Object") }
        try Self.tooDeep(depth + 1)
        let plain = QueryCompiler(collection: .plain)
        if let first = inner.first?.0, first.hasPrefix("$"),
            !["$and", "$or", "$nor", "$where", "$expr"].contains(first)
        {
            return .value(try plain.operators(inner, key: key, expanding: false, depth: depth + 1))
        }
        return .document(try plain.document(inner, depth: depth + 1))
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
    /// - Throws: ``WorkerCrash`` when a regex GenieACS builds does not compile (`new RegExp` throws), or the stand-in
    ///   cannot evaluate it (``JSRegex``).
    static func expand(_ value: JSONValue) throws(WorkerCrash) -> [Operand] {
        guard case .string(let s) = value else { return [.value(QValue(value))] }
        var out: [Operand] = [.value(.string(s))]
        if let (pattern, flags) = JSRegex.literalParts(s) {
            out.append(.regex(try JSRegex(pattern: pattern, flags: flags, javaScript: true)))
        }
        if let n = decimalNumber(s) { out.append(.value(.number(n))) }
        if s.utf16.count >= 8, let ms = Timestamp.parse(s), Timestamp.year(ms) > 1983 { out.append(.value(.date(ms))) }
        if let pattern = wildcardPattern(s) {
            out.append(.regex(try JSRegex(pattern: pattern, flags: "", javaScript: true)))
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
            // `setUint32` keeps the low 32 bits of the integer (a non-finite number is 0).
            let seconds = QValue.truncatedInt64((Double(n) ?? 0).truncatingRemainder(dividingBy: 4_294_967_296)) ?? 0
            return .string(ObjectID.make(seconds: seconds, counter: 0xFFFF_FFFF_FFFF_FFFF))
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
        case .number(let n):
            // A time value beyond ±8.64e15 ms (or not finite) is an Invalid Date: the epoch.
            let ms = Double(n) ?? .nan
            return .date(abs(ms) <= 8.64e15 ? QValue.truncatedInt64(ms) ?? 0 : 0)
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

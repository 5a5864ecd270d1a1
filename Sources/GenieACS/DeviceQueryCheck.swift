import FerruleCore
public import FerruleJSON

/// What a GenieACS device query must not hold, found before it is sent: each of these throws inside
/// the GenieACS 1.2.16 NBI request handler, which stops the worker and leaves the request unanswered
/// (lib/nbi.ts:626-629 `query.expand`, then MongoDB's `find`/`countDocuments` at :652 and :673; an
/// exception there is uncaught, lib/server.ts:87-100 and bin/genieacs-nbi.ts:75-83).
///
/// The one check every device query Ferrule sends goes through: `ferrule acs devices --query`,
/// a campaign's `devices: {query: …}` and the REST `device_filter` of firmware schedules and
/// mass-configuration jobs (which are campaigns).
///
/// What GenieACS does with a query (lib/query.ts):
/// - keys starting with `$` are logical operators whose value is mapped as a list of queries
///   (:106-108 `(v as any[]).map(e => expand(e))`): anything but a non-empty list of objects throws
///   there or in MongoDB (`$and/$or/$nor must be a nonempty array`); MongoDB knows no other
///   top-level operator GenieACS could pass (`$where` or `$expr` hold no list);
/// - a field's value is expanded (:49-84): strings are `normalize`d (:19-36), which compiles
///   `/pattern/flags` texts and `*` wildcards with `new RegExp` (:23, :16) — an invalid one throws;
///   inside an operator object only `$eq $gt $gte $in $lt $lte $ne $nin` are expanded (:38-47), the
///   rest go to MongoDB as written, which refuses an unknown operator, `$in`/`$nin` without a list,
///   a `$regex` PCRE cannot compile, `$options` without `$regex` or with an unknown flag, and a
///   `$not` that holds neither a regex nor operators;
/// - a value with several alternatives and a non-null `$ne` or `$not` beside another key throws
///   `Cannot mix $ne or $not with other operators` (:111-115).
///
/// One thing does not throw but changes the query: a field with several alternatives is written
/// into the expanded query's `$and` (:110-116), and a `$and` key that comes after it in the query
/// replaces that list (:106-108 `newQuery[k] = …`): the field's condition is silently dropped and
/// the query matches more devices than written. A `$and` after such a field is refused.
public enum DeviceQueryCheck {
    /// One thing in a query that would stop the NBI worker.
    public struct Problem: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            /// The query, or an item of a `$and`/`$or`/`$nor` list, is not an object.
            case notAnObject
            /// A `$` key where a field is expected, other than `$and`, `$or`, `$nor`.
            case logicalOperator
            /// `$and`/`$or`/`$nor` without a non-empty list.
            case logicalList
            /// An operator MongoDB does not know, or keys that mix operators and field names.
            case fieldOperator
            /// An operator's value MongoDB refuses (`$in` without a list, `$options` alone …).
            case operand
            /// A regex GenieACS or MongoDB cannot compile.
            case regex
            /// `$ne`/`$not` beside another operator on a value with several alternatives.
            case neMixed
            /// A `$and` after a field GenieACS expands into several alternatives: GenieACS's own
            /// `$and` for that field is replaced by it, and the field's condition dropped.
            case andReplaced
        }

        public let kind: Kind
        /// Keys and list indices (as text) from the query to the member at fault.
        public let path: [String]
        public let message: String
        public let hint: String?

        /// The path as JSON-ish text: `$or[0]._tags.$foo`; `query` for the whole query.
        public var location: String {
            var text = ""
            for part in path {
                if let index = Int(part), index >= 0, String(index) == part {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? part : "." + part
                }
            }
            return text.isEmpty ? "query" : DisplayText.value(text)
        }
    }

    /// The logical operators GenieACS maps over (lib/query.ts:106-108) and MongoDB accepts at the top.
    public static let logicalOperators: Set<String> = ["$and", "$or", "$nor"]
    /// The operators `expandValue` expands (lib/query.ts:38-47).
    public static let expandedOperators: Set<String> = ["$eq", "$gt", "$gte", "$in", "$lt", "$lte", "$ne", "$nin"]
    /// The field operators MongoDB answers on device documents: the expanded ones, `$exists`,
    /// `$regex`/`$options`, `$not`, and the array, type and arithmetic operators. Geospatial and
    /// text operators need indexes GenieACS does not create; anything else is `unknown operator`.
    public static let fieldOperators: Set<String> = expandedOperators.union([
        "$exists", "$regex", "$options", "$not", "$type", "$size", "$all", "$elemMatch", "$mod",
        "$bitsAllClear", "$bitsAllSet", "$bitsAnyClear", "$bitsAnySet",
    ])

    /// At most this many problems are reported.
    public static let problemLimit = 20

    /// Every problem of `query`, outermost first (at most ``problemLimit``).
    public static func problems(_ query: JSONValue) -> [Problem] {
        var found: [Problem] = []
        checkQuery(query, path: [], into: &found)
        return Array(found.prefix(problemLimit))
    }

    /// Why a query with `problems` is not sent, for the line after them.
    public static func notSentReason(_ problems: [Problem]) -> String {
        let widened = problems.contains { $0.kind == .andReplaced }
        let stops = problems.contains { $0.kind != .andReplaced }
        switch (stops, widened) {
        case (false, true): return "GenieACS would drop part of this query and match more devices than it says"
        case (true, true): return "GenieACS's NBI worker would stop on this query, and part of it would be dropped"
        default: return "GenieACS's NBI worker would stop on this query"
        }
    }

    private static func add(
        _ found: inout [Problem],
        _ kind: Problem.Kind,
        _ path: [String],
        _ message: String,
        hint: String? = nil
    ) {
        guard found.count < problemLimit else { return }
        found.append(Problem(kind: kind, path: path, message: message, hint: hint))
    }

    private static func shown(_ key: String) -> String { "`\(DisplayText.value(key, limit: 40))`" }

    private static func checkQuery(_ value: JSONValue, path: [String], into found: inout [Problem]) {
        guard case .object(let members) = value else {
            add(&found, .notAnObject, path, "expected a query object (`{\"_tags\": \"fibre\"}`) here")
            return
        }
        // Fields so far whose value GenieACS expands into several alternatives (lib/query.ts:110-116).
        var expanding: [String] = []
        for (key, member) in members {
            let here = path + [key]
            guard key.hasPrefix("$") else {
                checkField(member, path: here, into: &found)
                if mayExpand(member) { expanding.append(key) }
                continue
            }
            if key == "$and", let field = expanding.first {
                add(
                    &found,
                    .andReplaced,
                    here,
                    "`$and` follows \(shown(field)), whose value GenieACS expands into several alternatives and writes "
                        + "into its own `$and`: this `$and` replaces that one, so the condition on \(shown(field)) "
                        + "would be dropped and the query match more devices than written (lib/query.ts:106-116 at v1.2.16)",
                    hint: "put `$and` first in the query, or move \(shown(field)) into the `$and` list"
                )
            }
            guard logicalOperators.contains(key) else {
                add(
                    &found,
                    .logicalOperator,
                    here,
                    "\(shown(key)) cannot stand where a field is expected",
                    hint: "GenieACS accepts only $and, $or and $nor here; anything else stops its NBI worker"
                )
                continue
            }
            guard case .array(let items) = member, !items.isEmpty else {
                add(
                    &found,
                    .logicalList,
                    here,
                    "\(shown(key)) takes a non-empty list of queries",
                    hint: "e.g. {\"$or\": [{\"_tags\": \"a\"}, {\"_tags\": \"b\"}]}"
                )
                continue
            }
            for (index, item) in items.enumerated() {
                checkQuery(item, path: here + [String(index)], into: &found)
            }
        }
    }

    private static func checkField(_ value: JSONValue, path: [String], into found: inout [Problem]) {
        guard case .object(let members) = value, members.contains(where: { $0.0.hasPrefix("$") }) else {
            // A plain value (or a document compared as a whole): only its texts are compiled.
            checkExpanded(value, path: path, into: &found)
            return
        }
        if let plain = members.first(where: { !$0.0.hasPrefix("$") }) {
            add(
                &found,
                .fieldOperator,
                path + [plain.0],
                "\(shown(plain.0)) stands beside operators: MongoDB reads it as an unknown operator",
                hint: "put operators (`$eq`, `$in` …) and documents in separate conditions"
            )
            return
        }
        checkOperators(members, path: path, negated: false, into: &found)
        // lib/query.ts:111-115: only when the value has several alternatives.
        let last = Dictionary(members, uniquingKeysWith: { _, later in later })
        if last.count > 1, last["$ne", default: .null] != .null || last["$not", default: .null] != .null,
            alternatives(value) > 1
        {
            add(
                &found,
                .neMixed,
                path,
                "`$ne`/`$not` beside other operators on a value GenieACS expands into several alternatives",
                hint: "split it: {\"$and\": [{\"field\": {\"$ne\": …}}, {\"field\": {…}}]}"
            )
        }
    }

    private static func checkOperators(
        _ members: [(String, JSONValue)],
        path: [String],
        negated: Bool,
        into found: inout [Problem]
    ) {
        let options = members.first { $0.0 == "$options" }?.1
        for (name, operand) in members {
            let here = path + [name]
            guard fieldOperators.contains(name) else {
                add(
                    &found,
                    .fieldOperator,
                    here,
                    "\(shown(name)) is not an operator MongoDB knows",
                    hint: "use $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $exists, $regex, $not, $all, $size …"
                )
                continue
            }
            switch name {
            case _ where expandedOperators.contains(name) && !negated:
                if name == "$in" || name == "$nin" {
                    guard case .array = operand else {
                        add(&found, .operand, here, "\(shown(name)) needs a list of values")
                        continue
                    }
                }
                checkExpanded(operand, path: here, into: &found)
            case "$in", "$nin", "$all":
                guard case .array = operand else {
                    add(&found, .operand, here, "\(shown(name)) needs a list of values")
                    continue
                }
            case "$regex":
                guard case .string(let pattern) = operand else {
                    add(&found, .operand, here, "`$regex` needs the pattern as text")
                    continue
                }
                let flags = options?.stringValue ?? ""
                if let problem = RegexSyntax.error(in: pattern, dialect: .pcre(extended: flags.contains("x"))) {
                    add(
                        &found,
                        .regex,
                        here,
                        "the `$regex` \(DisplayText.line(pattern.debugDescription, limit: DisplayText.valueLimit)) does not compile and stops the "
                            + "GenieACS NBI worker (\(problem))",
                        hint: "escape the characters meant literally with `\\`"
                    )
                }
            case "$options":
                guard members.contains(where: { $0.0 == "$regex" }) else {
                    add(&found, .operand, here, "`$options` needs a `$regex` beside it")
                    continue
                }
                guard case .string(let flags) = operand, flags.allSatisfy({ "imxsu".contains($0) }) else {
                    add(&found, .operand, here, "`$options` takes the regex flags i, m, x, s and u only")
                    continue
                }
            case "$not":
                guard case .object(let inner) = operand, !inner.isEmpty,
                    inner.allSatisfy({ $0.0.hasPrefix("$") })
                else {
                    add(&found, .operand, here, "`$not` needs operators, e.g. {\"$not\": {\"$regex\": \"^a\"}}")
                    continue
                }
                checkOperators(inner, path: here, negated: true, into: &found)
            case "$size":
                guard case .number = operand else {
                    add(&found, .operand, here, "`$size` needs a number")
                    continue
                }
            case "$mod":
                guard case .array(let pair) = operand, pair.count == 2,
                    pair.allSatisfy({ if case .number = $0 { true } else { false } })
                else {
                    add(&found, .operand, here, "`$mod` needs [divisor, remainder]")
                    continue
                }
            case "$elemMatch":
                guard case .object = operand else {
                    add(&found, .operand, here, "`$elemMatch` needs a query object")
                    continue
                }
            default:
                break
            }
        }
    }

    /// The texts `expandValue` passes to `normalize` (lib/query.ts:49-84): a string, the items of a
    /// list, and the values of the expanded operators inside an object.
    private static func checkExpanded(_ value: JSONValue, path: [String], into found: inout [Problem]) {
        switch value {
        case .string(let text):
            guard let (source, origin) = genieACSRegex(text),
                let problem = RegexSyntax.error(in: source, dialect: .javaScript)
            else { return }
            add(
                &found,
                .regex,
                path,
                "GenieACS makes the regex /\(DisplayText.line(source, limit: DisplayText.valueLimit))/ of \(origin) \(DisplayText.line(text.debugDescription, limit: DisplayText.valueLimit)), "
                    + "which does not compile and stops its NBI worker (\(problem))",
                hint: "use `$regex` with an escaped pattern"
            )
        case .array(let items):
            for (index, item) in items.enumerated() { checkExpanded(item, path: path + [String(index)], into: &found) }
        case .object(let members):
            for (key, member) in members where expandedOperators.contains(key) {
                checkExpanded(member, path: path + [key], into: &found)
            }
        default:
            return
        }
    }

    /// The regex `normalize` compiles from a text: the body of `/…/flags` (lib/query.ts:22-23), else the
    /// wildcard conversion of a text with `*` (:30-31, ``GenieACSWildcard/regexSource(_:)``).
    static func genieACSRegex(_ text: String) -> (source: String, origin: String)? {
        if let body = slashRegexBody(text) { return (body, "the text") }
        if let source = GenieACSWildcard.regexSource(text) { return (source, "the wildcard text") }
        return nil
    }

    /// The pattern of a text matching `/^\/(.*?)\/(g?i?m?y?)$/` (lib/query.ts:22): the lazy group takes
    /// the first `/` after which only flags in that order follow; `.` matches no line break.
    public static func slashRegexBody(_ text: String) -> String? {
        guard text.hasPrefix("/"),
            !text.unicodeScalars.contains(where: { "\n\r\u{2028}\u{2029}".unicodeScalars.contains($0) })
        else { return nil }
        let body = text.dropFirst()
        var index = body.startIndex
        while let slash = body[index...].firstIndex(of: "/") {
            let flags = body[body.index(after: slash)...]
            if flags.count <= 4, isFlagSequence(flags) { return String(body[..<slash]) }
            index = body.index(after: slash)
        }
        return nil
    }

    private static func isFlagSequence(_ flags: Substring) -> Bool {
        var rest = flags[...]
        for flag in ["g", "i", "m", "y"] where rest.first == Character(flag) { rest = rest.dropFirst() }
        return rest.isEmpty
    }

    /// Whether `expandValue` may make several objects of a value: ``alternatives(_:)`` above 1, or
    /// a text `new Date` could read (`normalize` adds the date when the text has 8 characters or
    /// more and a year after 1983, lib/query.ts:28-29; V8's date parser is lenient, so any such
    /// text with a digit counts).
    static func mayExpand(_ value: JSONValue) -> Bool {
        if alternatives(value) > 1 { return true }
        switch value {
        case .string(let text):
            return text.count >= 8 && text.contains(where: \.isNumber)
        case .object(let members):
            return members.contains { expandedOperators.contains($0.0) && mayExpand($0.1) }
        default:
            return false
        }
    }

    /// How many objects `expandValue` makes of a value (lib/query.ts:49-84), saturating at 2.
    static func alternatives(_ value: JSONValue) -> Int {
        switch value {
        case .string(let text):
            var count = 1
            if slashRegexBody(text) != nil { count += 1 }
            if GenieACSWildcard.regexSource(text) != nil { count += 1 }
            // `+s === parseFloat(s)` (:25): a decimal number text also stands for the number.
            if text.allSatisfy({ "0123456789+-.eE".contains($0) }), Double(text) != nil { count += 1 }
            return count
        case .object(let members):
            var product = 1
            for (key, member) in members where expandedOperators.contains(key) {
                product = min(2, product * alternatives(member))
            }
            return product
        default:
            return 1
        }
    }
}

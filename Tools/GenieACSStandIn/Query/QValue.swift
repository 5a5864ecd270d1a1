import FerruleJSON

/// A value as MongoDB compares it: the stand-in's query engine works on these (GenieACS 1.2.16 lib/query.ts:19-127).
indirect enum QValue: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case date(Int64)
    case array([QValue])
    case object([(String, QValue)])

    /// MongoDB's type brackets: values of different brackets never compare equal, and sort by bracket.
    var bracket: Int {
        switch self {
        case .null: 1
        case .number: 2
        case .string: 3
        case .object: 4
        case .array: 5
        case .bool: 8
        case .date: 9
        }
    }

    /// The BSON type code MongoDB's `$type` sees: integral numbers in the int32 range are stored as int32 (16) by
    /// the bson 4.7.2 serializer GenieACS uses (src/parser/serializer.ts `serializeNumber`), other numbers as
    /// doubles (1).
    var typeCode: Int {
        switch self {
        case .null: 10
        case .bool: 8
        case .number(let n): n.rounded(.towardZero) == n && n >= -2_147_483_648 && n <= 2_147_483_647 ? 16 : 1
        case .string: 2
        case .date: 9
        case .array: 4
        case .object: 3
        }
    }

    /// A double truncated toward zero as an `Int64`; nil when it is not finite or out of range (no trap).
    static func truncatedInt64(_ d: Double) -> Int64? {
        guard d.isFinite, d > -9_223_372_036_854_775_808.0, d < 9_223_372_036_854_775_808.0 else { return nil }
        return Int64(d.rounded(.towardZero))
    }

    /// Total order within and across brackets (strings by UTF-8 bytes, as MongoDB's binary collation).
    static func compare(_ a: QValue, _ b: QValue) -> Int {
        if a.bracket != b.bracket { return a.bracket < b.bracket ? -1 : 1 }
        switch (a, b) {
        case (.null, .null): return 0
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (!x ? -1 : 1)
        case (.number(let x), .number(let y)):
            // MongoDB orders NaN below every other number and equal to itself.
            if x.isNaN || y.isNaN { return x.isNaN && y.isNaN ? 0 : (x.isNaN ? -1 : 1) }
            return x == y ? 0 : (x < y ? -1 : 1)
        case (.date(let x), .date(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.string(let x), .string(let y)):
            if x == y { return 0 }
            return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1
        case (.array(let x), .array(let y)):
            for (u, v) in zip(x, y) {
                let c = compare(u, v)
                if c != 0 { return c }
            }
            return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
        case (.object(let x), .object(let y)):
            for (u, v) in zip(x, y) {
                if u.0 != v.0 { return u.0.utf8.lexicographicallyPrecedes(v.0.utf8) ? -1 : 1 }
                let c = compare(u.1, v.1)
                if c != 0 { return c }
            }
            return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
        default: return 0
        }
    }

    /// A JSON value as stored by MongoDB (strings stay strings, numbers become doubles).
    init(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let text): self = .number(Double(text) ?? .nan)
        case .string(let s): self = .string(s)
        case .array(let items): self = .array(items.map(QValue.init))
        case .object(let members): self = .object(members.map { ($0.0, QValue($0.1)) })
        }
    }

    init(_ value: ParamValue) {
        switch value {
        case .string(let s): self = .string(s)
        case .number(let n): self = .number(n)
        case .bool(let b): self = .bool(b)
        case .date(let ms): self = .date(ms)
        }
    }
}

/// A dotted field path of a filter, sort or projection, split once.
struct FieldPath: Sendable, Hashable {
    let text: String
    let segments: [String]

    init(_ text: String) {
        self.text = text
        segments = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }
}

/// A document the query engine can read fields of.
protocol QueryDocument {
    /// The value at `path` (arrays met on the way are traversed as MongoDB does); nil when missing.
    func value(at path: FieldPath) -> QValue?

    /// Every value a filter sees at `path`, as MongoDB's path traversal yields them
    /// (src/mongo/db/matcher/path.cpp `BSONElementIterator`): an array met before the path's end
    /// is looked into element by element (objects only; a numeric segment also indexes it), so
    /// `a.b` of `{a: [{b: 1}, {b: [2, 3]}, 4]}` is `1` and `[2, 3]`, not one array of both.
    /// Empty when the path is missing.
    func values(at path: FieldPath) -> [QValue]
}

extension QueryDocument {
    /// Documents without arrays on their paths (devices): the one value, if any.
    func values(at path: FieldPath) -> [QValue] { value(at: path).map { [$0] } ?? [] }
}

extension QValue {
    /// ``QueryDocument/values(at:)`` below this value for the rest of a path.
    static func pathValues(_ value: QValue, _ rest: ArraySlice<String>, into out: inout [QValue]) {
        guard let key = rest.first else {
            out.append(value)
            return
        }
        switch value {
        case .object(let members):
            guard let child = members.last(where: { $0.0 == key })?.1 else { return }
            pathValues(child, rest.dropFirst(), into: &out)
        case .array(let items):
            // A numeric segment indexes the array, and is also a field name of its object
            // elements (`a.0` of `{a: [{"0": 1}]}`).
            if let index = Int(key), index >= 0, index < items.count {
                pathValues(items[index], rest.dropFirst(), into: &out)
            }
            for item in items {
                if case .object = item { pathValues(item, rest, into: &out) }
            }
        default: return
        }
    }
}

/// A stored JSON document; top-level keys in `dateKeys` hold ISO strings that MongoDB stores as dates.
struct JSONDocument: QueryDocument {
    let json: JSONValue
    let dateKeys: Set<String>

    func value(at path: FieldPath) -> QValue? {
        guard let first = path.segments.first, let top = json[first] else { return nil }
        if path.segments.count == 1, dateKeys.contains(first), case .string(let s) = top,
            let ms = Timestamp.parse(s)
        {
            return .date(ms)
        }
        return Self.walk(top, path.segments.dropFirst())
    }

    func values(at path: FieldPath) -> [QValue] {
        guard let first = path.segments.first, json[first] != nil else { return [] }
        if path.segments.count == 1 { return value(at: path).map { [$0] } ?? [] }
        var out: [QValue] = []
        if let top = json[first] { QValue.pathValues(QValue(top), path.segments.dropFirst(), into: &out) }
        return out
    }

    static func walk(_ value: JSONValue, _ rest: ArraySlice<String>) -> QValue? {
        guard let key = rest.first else { return QValue(value) }
        switch value {
        case .object:
            guard let child = value[key] else { return nil }
            return walk(child, rest.dropFirst())
        case .array(let items):
            if let index = Int(key), index >= 0, index < items.count { return walk(items[index], rest.dropFirst()) }
            let found = items.compactMap { walk($0, rest) }
            return found.isEmpty ? nil : .array(found)
        default: return nil
        }
    }
}

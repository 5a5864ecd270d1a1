import FerruleJSON

/// The `projection` parameter: comma-separated paths, overlaps removed so that `A` wins over `A.B`, `_id` always
/// included (GenieACS 1.2.16 lib/nbi.ts:644-650, optimizeProjection).
struct Projection {
    final class Node {
        var children: [String: Node] = [:]
        /// The whole value at this path is included.
        var whole = false
    }

    let root = Node()

    /// nil when the parameter is absent or names no path (everything is returned then).
    init?(_ text: String?) {
        guard let text else { return nil }
        let paths = text.split(separator: ",").map { String($0).trimmed(of: " ") }.filter { !$0.isEmpty }
        guard !paths.isEmpty else { return nil }
        for path in paths + ["_id"] {
            var node = root
            for segment in path.split(separator: ".", omittingEmptySubsequences: false).map(String.init) {
                if node.whole { break }
                let child = node.children[segment] ?? Node()
                node.children[segment] = child
                node = child
            }
            node.whole = true
            node.children = [:]
        }
    }

    /// A projected copy of a stored document: included members keep document order; a path through an object
    /// that lacks the rest keeps the (empty) object, as MongoDB does.
    func apply(_ doc: JSONValue) -> JSONValue { Self.apply(doc, root) }

    private static func apply(_ value: JSONValue, _ node: Node) -> JSONValue {
        guard case .object(let members) = value else { return value }
        var out: [(String, JSONValue)] = []
        for (key, child) in members {
            guard let sub = node.children[key] else { continue }
            if sub.whole {
                out.append((key, child))
            } else if case .object = child {
                out.append((key, apply(child, sub)))
            }
        }
        return .object(out)
    }
}

/// The `sort` parameter: `{path: 1|-1, …}`; for devices keys get the `._value` rule (GenieACS 1.2.16
/// lib/nbi.ts:654-671).
struct SortSpec {
    let keys: [(path: FieldPath, ascending: Bool)]

    /// The `sort` parameter as lib/nbi.ts:654-671 builds it: `Object.entries(s)` (null throws; other primitives
    /// have no entries, a string or array has one per index), then the driver's `formatSort`, whose
    /// `prepareDirection` takes `1`, `-1`, `"asc"`, `"desc"`, `"ascending"`, `"descending"` in any case, as
    /// `${direction}` reads them (so `"1"` and `[-1]` too), and throws on anything else (mongodb 4.17.2
    /// src/sort.ts:35-51). `{$meta}` directions are not reproduced (they crash here).
    /// - Throws: ``WorkerCrash`` where the handler throws.
    init(_ json: JSONValue?, devices: Bool) throws(WorkerCrash) {
        guard let json else {
            keys = []
            return
        }
        let members: [(String, JSONValue)]
        switch json {
        case .null: throw WorkerCrash("TypeError: Cannot convert undefined or null to object")
        case .object(let m): members = m
        case .array(let items): members = items.enumerated().map { (String($0.offset), $0.element) }
        case .string(let s): members = Array(s).enumerated().map { (String($0.offset), .string(String($0.element))) }
        case .number, .bool: members = []
        }
        var keys: [(path: FieldPath, ascending: Bool)] = []
        for (key, value) in members {
            let direction: Int
            switch JSText.string(value).lowercased() {
            case "1", "asc", "ascending": direction = 1
            case "-1", "desc", "descending": direction = -1
            default:
                throw WorkerCrash("MongoInvalidArgumentError: Invalid sort direction: \(value.compactText)")
            }
            var path = key
            if devices {
                let last = key.split(separator: ".", omittingEmptySubsequences: false).last ?? Substring(key)
                if !last.hasPrefix("_") { path = key + "._value" }
            }
            keys.append((FieldPath(path), direction == 1))
        }
        self.keys = keys
    }

    var isEmpty: Bool { keys.isEmpty }

    /// Whether the sort is just `{_id: 1}` (or `-1`): the order devices are kept in.
    var idOnly: Bool? {
        guard keys.count == 1, keys[0].path.text == "_id" else { return nil }
        return keys[0].ascending
    }

    /// The key a document sorts by; missing values sort as null, arrays by their smallest (ascending) or largest
    /// (descending) element, as MongoDB does.
    func sortKeys(_ doc: some QueryDocument) -> [QValue] {
        keys.map { key in
            guard let v = doc.value(at: key.path) else { return .null }
            if case .array(let items) = v, !items.isEmpty {
                let sorted = items.sorted { QValue.compare($0, $1) < 0 }
                return (key.ascending ? sorted.first : sorted.last) ?? .null
            }
            return v
        }
    }

    func precedes(_ a: [QValue], _ b: [QValue]) -> Bool {
        for (i, key) in keys.enumerated() {
            let c = QValue.compare(a[i], b[i])
            if c != 0 { return key.ascending ? c < 0 : c > 0 }
        }
        return false
    }
}

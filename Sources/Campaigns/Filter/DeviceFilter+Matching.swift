public import FerruleJSON

extension DeviceFilter {
    /// Whether a GenieACS device document (GenieACS 1.2.16 lib/cwmp/db.ts:23-240) meets every condition.
    ///
    /// Conditions are evaluated here, client-side, with versions compared as versions; the
    /// ``raw`` query is GenieACS's to evaluate (through ``nbiQuery()``) and is not checked again.
    /// The document needs the fields of ``projection``.
    ///
    /// Absent values follow MongoDB: `$ne` and `$nin` match a device that lacks the field, every
    /// other operator does not (`$exists: false` aside).
    public func matches(_ document: JSONValue) -> Bool {
        conditions.allSatisfy { $0.matches(document) }
    }
}

extension FilterCondition {
    /// Whether a GenieACS device document meets this condition (see ``DeviceFilter/matches(_:)``).
    public func matches(_ document: JSONValue) -> Bool {
        let kind = field.kind
        let found = value(in: document)
        let values: [JSONValue]
        if kind == .tags {
            values = found?.arrayValue ?? found.map { [$0] } ?? []
        } else {
            values = found.map { [$0] } ?? []
        }
        func anyEqual(_ query: JSONValue) -> Bool {
            values.contains { FilterComparison.equal($0, query, kind: kind) }
        }
        func anyOrdered(_ query: JSONValue, _ accept: (Int) -> Bool) -> Bool {
            values.contains { FilterComparison.order($0, query, kind: kind).map(accept) ?? false }
        }
        switch op {
        case .eq(let q): return anyEqual(q)
        case .ne(let q): return !anyEqual(q)
        case .in(let qs): return qs.contains(where: anyEqual)
        case .nin(let qs): return !qs.contains(where: anyEqual)
        case .all(let qs): return !qs.isEmpty && qs.allSatisfy(anyEqual)
        case .lt(let q): return anyOrdered(q) { $0 < 0 }
        case .lte(let q): return anyOrdered(q) { $0 <= 0 }
        case .gt(let q): return anyOrdered(q) { $0 > 0 }
        case .gte(let q): return anyOrdered(q) { $0 >= 0 }
        case .exists(let wanted): return (found != nil) == wanted
        case .regex(let pattern): return values.contains { FilterComparison.regexMatches($0, pattern) }
        }
    }

    /// The field's value in `document`: a parameter's `_value`, another field as stored (the
    /// `_tags` array whole); the first of SoftwareVersion's two paths that is present. Nil when
    /// absent (or null).
    func value(in document: JSONValue) -> JSONValue? {
        let isParameter = field.kind == .parameter || field.kind == .version
        for path in field.documentPaths {
            var node: JSONValue? = document
            for segment in path.split(separator: ".", omittingEmptySubsequences: false) {
                node = node?[String(segment)]
            }
            // Some exports flatten the tree (`"InternetGatewayDevice.DeviceInfo.SoftwareVersion": {…}`).
            if node == nil { node = document[path] }
            if isParameter, let leaf = node, case .object = leaf { node = leaf["_value"] }
            if let value = node, value != .null { return value }
        }
        return nil
    }
}

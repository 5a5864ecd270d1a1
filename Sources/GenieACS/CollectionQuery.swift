public import FerruleJSON

/// The collections `GET /<collection>` serves (GenieACS 1.2.16 lib/db/db.ts:7-22).
public enum NBICollection: String, Sendable, CaseIterable {
    case devices, tasks, faults, presets, objects, provisions, files, operations, config, permissions, users
    case virtualParameters = "virtual_parameters"
}

/// A collection query: a MongoDB-style filter and the paging parameters of GenieACS 1.2.16 lib/nbi.ts:654-689.
public struct CollectionQuery: Sendable {
    /// The filter; for devices GenieACS appends `._value` to parameter paths and expands string
    /// values into number/date/regex alternatives (GenieACS 1.2.16 lib/query.ts:19-127).
    public var query: JSONValue?
    /// Paths to return; GenieACS removes overlaps (`A` wins over `A.B`).
    public var projection: [String]
    /// `(path, 1 | -1)` pairs, in order.
    public var sort: [(String, Int)]
    public var skip: Int?
    public var limit: Int?

    public init(
        query: JSONValue? = nil,
        projection: [String] = [],
        sort: [(String, Int)] = [],
        skip: Int? = nil,
        limit: Int? = nil
    ) {
        self.query = query
        self.projection = projection
        self.sort = sort
        self.skip = skip
        self.limit = limit
    }

    var queryItems: [(String, String?)] {
        var items: [(String, String?)] = []
        if let query { items.append(("query", query.compactText)) }
        if !projection.isEmpty { items.append(("projection", projection.joined(separator: ","))) }
        if !sort.isEmpty {
            items.append(("sort", JSONValue.object(sort.map { ($0.0, JSONValue.int($0.1)) }).compactText))
        }
        if let skip { items.append(("skip", String(skip))) }
        if let limit { items.append(("limit", String(limit))) }
        return items
    }
}

/// One page of a collection query.
public struct CollectionPage: Sendable {
    public var items: [JSONValue]
    /// All matches, ignoring skip and limit (GenieACS's `total` header); nil if absent.
    public var total: Int?

    /// A page of `items` with GenieACS's `total`.
    public init(items: [JSONValue], total: Int?) {
        self.items = items
        self.total = total
    }
}

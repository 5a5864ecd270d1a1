import CurlHTTP
import FerruleCore
public import FerruleJSON

extension NBIClient {
    /// `GET /<collection>/` with a query, projection, sort, skip and limit.
    public func query(_ collection: NBICollection, _ query: CollectionQuery) async throws
        -> CollectionPage
    {
        let path = "/\(collection.rawValue)/" + NBIPath.query(query.queryItems)
        let response = try await expect("GET", path)
        guard case .array(let items) = try json(response, method: "GET") else {
            throw GenieACSError.invalidResponse(
                "expected a JSON array",
                method: "GET",
                url: response.url,
                status: response.status
            )
        }
        return CollectionPage(items: items, total: response.header("total").flatMap { Int($0) })
    }

    /// The number of matches (`HEAD`, reading the `total` header).
    public func count(_ collection: NBICollection, query: JSONValue? = nil) async throws -> Int {
        let q = CollectionQuery(query: query)
        let response = try await expect("HEAD", "/\(collection.rawValue)/" + NBIPath.query(q.queryItems))
        guard let total = response.header("total").flatMap({ Int($0) }) else {
            throw GenieACSError.invalidResponse(
                "no total header",
                method: "HEAD",
                url: response.url,
                status: response.status
            )
        }
        return total
    }
}

extension GenieACSNBI {
    /// Every matching document, fetched page by page in `_id` order.
    ///
    /// Pages are ranges on `_id` (`{"_id": {"$gt": last}}`), not `skip`: the only indexed field
    /// (GenieACS 1.2.16 lib/nbi.ts:654-689), and stable while devices register or disappear between pages.
    public func all(
        _ collection: NBICollection,
        query: JSONValue? = nil,
        projection: [String] = [],
        pageSize: Int = 1000
    ) -> AsyncThrowingStream<[JSONValue], any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                var last: JSONValue?
                do {
                    while true {
                        var clauses: [JSONValue] = []
                        if let query { clauses.append(query) }
                        if let last { clauses.append(.object([("_id", .object([("$gt", last)]))])) }
                        let filter: JSONValue? =
                            clauses.count > 1 ? .object([("$and", .array(clauses))]) : clauses.first
                        let page = try await self.query(
                            collection,
                            CollectionQuery(
                                query: filter,
                                projection: projection,
                                sort: [("_id", 1)],
                                limit: pageSize
                            )
                        )
                        if page.items.isEmpty { break }
                        if let last, let first = page.items.first?["_id"], !Self.follows(first, last) {
                            // The range was ignored (a proxy or a GenieACS that drops `$gt`): the
                            // same page again, forever. Stop instead of looping.
                            throw GenieACSError.invalidResponse(
                                "the page after _id \(DisplayText.value(last.compactText)) starts at _id "
                                    + "\(DisplayText.value(first.compactText)), not after it: the NBI ignored the "
                                    + "{\"_id\": {\"$gt\": …}} range, so paging stopped rather than read the same "
                                    + "documents again",
                                method: "GET",
                                url: "/\(collection.rawValue)/",
                                status: 200
                            )
                        }
                        continuation.yield(page.items)
                        guard page.items.count == pageSize, let id = page.items.last?["_id"] else { break }
                        last = id
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Whether `id` sorts after `last` as MongoDB orders `_id`s of one type: strings by their
    /// UTF-8 bytes, numbers by value. Ids of other or mixed types are taken on trust (GenieACS
    /// device ids are strings).
    public static func follows(_ id: JSONValue, _ last: JSONValue) -> Bool {
        switch (id, last) {
        case (.string(let a), .string(let b)): return b.utf8.lexicographicallyPrecedes(a.utf8)
        case (.number(let a), .number(let b)):
            guard let a = Double(a), let b = Double(b) else { return id != last }
            return a > b
        default: return id != last
        }
    }

    /// The first `limit` matching documents (every one without a limit), in `_id` order, read
    /// page by page with ``all(_:query:projection:pageSize:)`` and no further than needed.
    public func documents(
        _ collection: NBICollection,
        query: JSONValue? = nil,
        projection: [String] = [],
        limit: Int? = nil
    ) async throws -> [JSONValue] {
        var documents: [JSONValue] = []
        for try await page in all(collection, query: query, projection: projection) {
            documents += page
            if let limit, documents.count >= limit { return Array(documents.prefix(limit)) }
        }
        return documents
    }
}

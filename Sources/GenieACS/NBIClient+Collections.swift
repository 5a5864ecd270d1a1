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
    /// A page is asked for only when the caller asks for it (``NBIPages``): a slow reader holds one
    /// page in memory, never the collection.
    public func all(
        _ collection: NBICollection,
        query: JSONValue? = nil,
        projection: [String] = [],
        pageSize: Int = 1000
    ) -> NBIPages {
        NBIPages(nbi: self, collection: collection, query: query, projection: projection, pageSize: pageSize)
    }

    /// Whether `id` sorts after `last` in MongoDB's `_id` order (``NBIPages/follows(_:_:)``).
    public static func follows(_ id: JSONValue, _ last: JSONValue) -> Bool { NBIPages.follows(id, last) }
}

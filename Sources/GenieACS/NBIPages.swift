import FerruleCore
public import FerruleJSON

/// The pages of one NBI collection query in `_id` order, each fetched when the iterator is asked for
/// it (``GenieACSNBI/all(_:query:projection:pageSize:)``). Nothing is read ahead, so memory is one
/// page whatever the collection's size and however slowly the pages are used; leaving the loop early
/// asks for nothing more.
public struct NBIPages: AsyncSequence, Sendable {
    public typealias Element = [JSONValue]

    let nbi: any GenieACSNBI
    let collection: NBICollection
    let query: JSONValue?
    let projection: [String]
    let pageSize: Int

    public func makeAsyncIterator() -> Iterator { Iterator(pages: self) }

    public struct Iterator: AsyncIteratorProtocol {
        let pages: NBIPages
        private var last: JSONValue?
        private var finished = false

        init(pages: NBIPages) { self.pages = pages }

        public mutating func next() async throws -> [JSONValue]? {
            guard !finished else { return nil }
            finished = true  // until this page is known to be full and to follow the last one
            var clauses: [JSONValue] = []
            if let query = pages.query { clauses.append(query) }
            if let last { clauses.append(.object([("_id", .object([("$gt", last)]))])) }
            let filter: JSONValue? = clauses.count > 1 ? .object([("$and", .array(clauses))]) : clauses.first
            let page = try await pages.nbi.query(
                pages.collection,
                CollectionQuery(query: filter, projection: pages.projection, sort: [("_id", 1)], limit: pages.pageSize)
            )
            if page.items.isEmpty { return nil }
            if let last, let first = page.items.first?["_id"], !NBIPages.follows(first, last) {
                // The range was ignored (a proxy or a GenieACS that drops `$gt`): the same page
                // again, forever. Stop instead of looping.
                throw GenieACSError.invalidResponse(
                    "the page after _id \(DisplayText.value(last.compactText)) starts at _id "
                        + "\(DisplayText.value(first.compactText)), not after it: the NBI ignored the "
                        + "{\"_id\": {\"$gt\": …}} range, so paging stopped rather than read the same "
                        + "documents again",
                    method: "GET",
                    url: "/\(pages.collection.rawValue)/",
                    status: 200
                )
            }
            if page.items.count == pages.pageSize, let id = page.items.last?["_id"] {
                last = id
                finished = false
            }
            return page.items
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
}

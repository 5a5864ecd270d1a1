import Campaigns

/// The report's event log, a page at a time (`events_skip`, `events_limit`), with its size.
extension APIHandler {
    /// A page of the campaign's event log (from `skip`, oldest first; without it the newest
    /// `limit`) and how many events the log holds.
    static func eventPage(_ id: String, store: CampaignStore, skip: Int?, limit: Int) async throws
        -> ([CampaignEvent], Int)
    {
        guard (1...10_000).contains(limit) else {
            throw APIFailure.invalid("Request validation failed: query.events_limit must be 1–10000 (got \(limit))")
        }
        if let skip, !(0...100_000_000).contains(skip) {
            throw APIFailure.invalid(
                "Request validation failed: query.events_skip must be 0–100000000 (got \(skip))"
            )
        }
        let total = try await store.eventCount(id)
        let events =
            if let skip {
                try await store.events(id, offset: skip, limit: limit)
            } else {
                try await store.events(id, limit: limit)
            }
        return (events, total)
    }
}

internal import GRDB

/// The `events` table's mapping of a ``CampaignEvent``; `id` (insertion order) stays in the table.
struct EventRow: FetchableRecord {
    /// The columns, in the order ``init(row:)`` reads and ``arguments(_:)`` binds them.
    static let columns = "campaign_id, device_id, at, kind, detail"
    static let insertSQL = "INSERT INTO events (\(columns)) VALUES (?, ?, ?, ?, ?)"

    var record: CampaignEvent

    init(row: Row) throws {
        record = CampaignEvent(
            campaignID: try row.decode(String.self, atIndex: 0),
            deviceID: try row.decode(String?.self, atIndex: 1),
            at: try row.decode(Double.self, atIndex: 2),
            kind: try row.decode(String.self, atIndex: 3),
            detail: try row.decode(String.self, atIndex: 4)
        )
    }

    /// The values of ``columns`` for `event`.
    static func arguments(_ event: CampaignEvent) -> StatementArguments {
        [event.campaignID, event.deviceID, event.at, event.kind, event.detail]
    }

    /// Appends `events` with one prepared statement, naming the event that fails.
    static func insert(_ events: [CampaignEvent], into db: Database) throws {
        let statement = try db.cachedStatement(sql: insertSQL)
        for (index, event) in events.enumerated() {
            do {
                // As TargetRow.execute: unchecked binding, the count of `arguments(_:)` matches the SQL.
                statement.setUncheckedArguments(arguments(event))
                try statement.execute()
            } catch {
                throw RecordContextError(
                    context: "event \(index) (\(event.kind)) of \(event.campaignID)",
                    underlying: error
                )
            }
        }
    }
}

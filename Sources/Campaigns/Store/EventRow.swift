internal import GRDB

/// The `events` table's mapping of a ``CampaignEvent``; `id` (insertion order) stays in the table.
struct EventRow: FetchableRecord {
    /// The columns, in the order ``init(row:)`` reads and ``insert(_:into:)`` binds them.
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

    /// Appends `events` with one prepared statement, naming the event that fails.
    static func insert(_ events: [CampaignEvent], into db: Database) throws {
        let statement = try db.cachedStatement(sql: insertSQL)
        for (index, event) in events.enumerated() {
            do {
                // As TargetRow.execute: bound through each value's own type (see RowBinder).
                var binder = RowBinder(statement, parameters: 5)
                try binder.bind(event.campaignID)
                try binder.bind(event.deviceID)
                try binder.bind(event.at)
                try binder.bind(event.kind)
                try binder.bind(event.detail)
                try binder.execute()
            } catch {
                throw RecordContextError(
                    context: "event \(index) (\(event.kind)) of \(event.campaignID)",
                    underlying: error
                )
            }
        }
    }
}

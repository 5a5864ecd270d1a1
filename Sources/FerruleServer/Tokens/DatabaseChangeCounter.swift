import GRDB

/// SQLite's `PRAGMA data_version` of one database file, read on a connection of its own that never
/// writes: the value changes whenever any other connection — in this process or another — has
/// committed to the file since the previous read. A few microseconds (no statement parse, no
/// thread hop: the call runs on the caller's thread), so it can be read on every request.
final class DatabaseChangeCounter: Sendable {
    private let queue: DatabaseQueue

    /// Opens a read-only connection to the database at `path` (which must exist).
    init(path: String) throws {
        var configuration = Configuration()
        configuration.label = "ferrule.server.changes"
        configuration.readonly = true
        configuration.busyMode = .timeout(1)
        queue = try DatabaseQueue(path: path, configuration: configuration)
    }

    /// The current version; it differs from an earlier read exactly when something was committed
    /// in between.
    func version() throws -> Int64 {
        try queue.unsafeRead { db in
            try Int64.fetchOne(db.cachedStatement(sql: "PRAGMA data_version")) ?? 0
        }
    }
}

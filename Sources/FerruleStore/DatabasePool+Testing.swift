package import GRDB

/// What the stores' tests read and set on the database itself, beside the stores' own API.
extension DatabasePool {
    /// The value of `PRAGMA name` on the writing connection, as text (tests check the journal mode).
    package func pragma(_ name: String) async throws -> String? {
        try await writeWithoutTransaction { db in
            switch try DatabaseValue.fetchOne(db, sql: "PRAGMA \(name)")?.storage {
            case .string(let text): text
            case .int64(let number): String(number)
            default: nil
            }
        }
    }

    /// Caps the database at `pages` pages (`PRAGMA max_page_count`), for tests of a full disk: a
    /// write that needs more fails with SQLite's `SQLITE_FULL`, exactly as on a full file system.
    package func limitSize(pages: Int) async throws {
        try await writeWithoutTransaction { db in try db.execute(sql: "PRAGMA max_page_count = \(pages)") }
    }
}

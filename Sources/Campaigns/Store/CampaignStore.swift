internal import FerruleStore
internal import Foundation
internal import GRDB

/// The durable state of campaigns: their definitions, every target's progress and the event log,
/// in one SQLite database (WAL mode) through GRDB.
///
/// Every write is one transaction: after `kill -9` at any moment the database holds each write
/// either entirely or not at all, and a write that returned is never lost, not even to a power
/// cut (`synchronous = FULL`). Two processes may use the same file at once — a `ferrule campaign run`
/// writing and a `ferrule campaign show` reading: readers never wait for the writer, and a
/// second writer waits up to 10 seconds for the lock.
///
/// ```swift
/// let store = try CampaignStore(path: stateDirectory + "/campaigns.sqlite")
/// try await store.create(campaign, targets: targets)
/// let due = try await store.dueTargets(campaign.id, now: nowMillis, ordinalBelow: waveEnd, limit: 50)
/// ```
///
/// Database accesses of a cancelled task throw `CancellationError` and write nothing: a caller
/// that must record something it already did (a task it posted) saves from a task that is not
/// cancelled.
public final class CampaignStore: Sendable {
    /// Seconds a write waits for another process's write lock before it fails with
    /// ``CampaignStoreError/isLocked``; a runner's writes take milliseconds.
    static let defaultBusyTimeout: TimeInterval = 10

    private let pool: DatabasePool
    /// The file's device and inode when it was opened (nil where the system gives none).
    let identity: FileIdentity?

    /// The database file.
    public let path: String

    /// Opens the store at `path`, creating the file and its directory when missing, and brings
    /// its schema up to date.
    ///
    /// - Parameter path: The database file (`~/.local/state/ferrule/campaigns.sqlite`); its `-wal`
    ///   and `-shm` files live beside it.
    /// - Throws: ``CampaignStoreError`` when the directory cannot be created, the file is not a
    ///   database or is damaged, is locked by another process for 10 s, or was written by a newer
    ///   ferrule.
    public convenience init(path: String) throws {
        try self.init(path: path, busyTimeout: Self.defaultBusyTimeout)
    }

    /// Opens the store at `path`; a write waits up to `busyTimeout` seconds for another process's lock.
    init(path: String, busyTimeout: TimeInterval) throws {
        self.path = path
        do {
            // Rollback snapshots can hold a CPE's previous parameter values, secrets included when
            // the CPE reported them: StateDatabase makes the files owner-only.
            pool = try StateDatabase.open(
                path: path,
                label: "ferrule.campaigns",
                busyTimeout: busyTimeout,
                foreignKeys: true
            ) { pool in try Self.migrate(pool, path: path) }
            identity = FileIdentity(path: path)
        } catch let error as StateDirectoryError {
            throw CampaignStoreError.cannotCreateDirectory(error.detail, path: path)
        } catch {
            throw CampaignStoreError.wrap(error, path: path, operation: "open")
        }
    }

    /// Runs SQLite's `integrity_check` and `foreign_key_check`.
    ///
    /// - Returns: The problems found, empty when the database is sound.
    public func integrityCheck() async throws -> [String] {
        try await read("check integrity") { db in
            let lines = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            let foreignKeys = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { row in
                "foreign key: a row of \(row[0] as String? ?? "?") refers to a missing \(row[2] as String? ?? "?")"
            }
            return (lines == ["ok"] ? [] : lines) + foreignKeys
        }
    }

    /// Reads in a snapshot of the last committed state; failures name `operation`.
    func read<T: Sendable>(
        _ operation: @autoclosure () -> String,
        _ body: @Sendable (Database) throws -> T
    ) async throws -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw CampaignStoreError.wrap(error, path: path, operation: operation(), access: .read)
        }
    }

    /// Writes in one immediate transaction, all or nothing; failures name `operation`.
    func write<T: Sendable>(
        _ operation: @autoclosure () -> String,
        _ body: @Sendable (Database) throws -> T
    ) async throws -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw CampaignStoreError.wrap(error, path: path, operation: operation())
        }
    }

    /// The value of `PRAGMA name` on the writing connection (tests check the journal mode).
    func pragma(_ name: String) async throws -> String? { try await pool.pragma(name) }

    /// Runs raw SQL in a transaction, for tests that plant what no public API writes.
    func executeForTesting(_ sql: String) async throws {
        try await write("execute test SQL") { db in try db.execute(sql: sql) }
    }

    /// Caps the database at `pages` pages (`PRAGMA max_page_count`), for tests of a full disk: a
    /// write that needs more fails with SQLite's `SQLITE_FULL`, exactly as on a full file system.
    func limitSizeForTesting(pages: Int) async throws { try await pool.limitSize(pages: pages) }

    /// Holds the write lock from when `held` is signalled until `release` is, for tests of a second
    /// writer that must wait. The wait blocks GRDB's writer thread, never the cooperative pool.
    func holdWriteLockForTesting(held: DispatchSemaphore, release: DispatchSemaphore) async throws {
        try await write("hold the write lock") { _ in
            held.signal()
            release.wait()
        }
    }

    /// The `EXPLAIN QUERY PLAN` lines of `sql`, for tests that check an index serves a query.
    func queryPlan(_ sql: String, arguments: [String]) async throws -> [String] {
        try await read("explain") { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: StatementArguments(arguments))
                .map { row in row["detail"] as String? ?? "" }
        }
    }
}

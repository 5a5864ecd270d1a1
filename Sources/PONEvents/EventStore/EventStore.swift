internal import FerruleStore
import Foundation
internal import GRDB
import Synchronization

/// VOLTHA's events and the alarms derived from them, in one SQLite database (WAL mode) through
/// GRDB: what `ferrule events run` records and `ferrule voltha alarms` / `ferrule voltha events`
/// and the REST API query.
///
/// ```swift
/// let store = try EventStore(path: EventStore.path(inStateDirectory: stateDirectory))
/// switch try await store.record(event, source: .kafka(topic: "voltha.events", partition: 0, offset: 42)) {
/// case .recorded(let recorded): …          // new: stored, alarm updated, actions queued
/// case .duplicate: …                       // seen before: nothing changed
/// }
/// let page = try await store.alarms(AlarmQuery(state: .active, limit: 50))
/// ```
///
/// Every write is one transaction with `synchronous = FULL`: after `kill -9` or a power cut each
/// write is there entirely or not at all, and a write that returned is never lost. Readers (a
/// `ferrule voltha alarms` while the consumer runs) never wait for the writer; a second writer
/// waits up to 10 seconds for the lock.
public final class EventStore: Sendable {
    /// The file's name in a state directory.
    public static let fileName = "events.sqlite"
    /// The largest page a query returns.
    public static let maxLimit = 1_000
    /// Seconds a write waits for another process's write lock.
    static let defaultBusyTimeout: TimeInterval = 10
    /// The most actions one event may queue.
    public static let maxActionsPerEvent = 100

    private let pool: DatabasePool
    /// The database file.
    public let path: String
    /// The severity of each alarm name, applied when an alarm is raised.
    public let severities: SeverityMapping
    /// How long events are kept.
    public let retention: EventRetention
    /// The clock for recording times, acknowledgements and retention (injected by tests).
    let clock: @Sendable () -> Date
    /// Events recorded since the last automatic prune batch.
    private let sincePrune = Mutex(Int.max)

    /// `DIR/events.sqlite`: where `ferrule events run` writes and `ferrule voltha alarms` reads.
    public static func path(inStateDirectory directory: String) -> String {
        directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
    }

    /// Opens the store at `path`, creating the file and its directory when missing, and brings its
    /// schema up to date.
    ///
    /// - Throws: ``EventStoreError`` when the directory cannot be created, the file is not a
    ///   database or is damaged, is locked by another process for 10 s, or was written by a newer
    ///   ferrule.
    public convenience init(
        path: String,
        severities: SeverityMapping = .builtIn,
        retention: EventRetention = .standard
    ) throws {
        try self.init(path: path, severities: severities, retention: retention, clock: { Date() })
    }

    /// Opens the store at `path` with an injected clock.
    init(
        path: String,
        severities: SeverityMapping,
        retention: EventRetention,
        busyTimeout: TimeInterval = EventStore.defaultBusyTimeout,
        clock: @escaping @Sendable () -> Date
    ) throws {
        self.path = path
        self.severities = severities
        self.retention = retention
        self.clock = clock
        do {
            // Events name subscribers' ONUs and carry VOLTHA's context maps: StateDatabase makes
            // the files owner-only.
            pool = try StateDatabase.open(path: path, label: "ferrule.events", busyTimeout: busyTimeout) { pool in
                try Self.migrate(pool, path: path)
            }
        } catch let error as StateDirectoryError {
            throw EventStoreError(.cannotCreateDirectory, path: path, operation: "open", detail: error.detail)
        } catch {
            throw EventStoreError.wrap(error, path: path, operation: "open")
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
            throw EventStoreError.wrap(error, path: path, operation: operation())
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
            throw EventStoreError.wrap(error, path: path, operation: operation())
        }
    }

    /// Counts one recorded event; true when an automatic prune batch is due (and resets the count).
    func prunesAfterRecord() -> Bool {
        sincePrune.withLock { count in
            if count == Int.max || count + 1 >= retention.pruneInterval {
                count = 0
                return true
            }
            count += 1
            return false
        }
    }

    /// The value of `PRAGMA name` on the writing connection (tests check the journal mode).
    func pragma(_ name: String) async throws -> String? { try await pool.pragma(name) }

    /// Caps the database at `pages` pages, for tests of a full disk: a write that needs more fails
    /// with `SQLITE_FULL`, as on a full file system.
    func limitSizeForTesting(pages: Int) async throws { try await pool.limitSize(pages: pages) }

    /// Runs `sql` in a write transaction, for tests that plant rows another version could write.
    func executeForTesting(_ sql: String) async throws {
        try await write("execute") { db in try db.execute(sql: sql) }
    }

    /// The number of pages the database uses now.
    func pageCountForTesting() async throws -> Int {
        try await pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
    }

    /// The `EXPLAIN QUERY PLAN` lines of `sql`, for tests that check an index serves a query.
    func queryPlan(_ sql: String, arguments: [String] = []) async throws -> [String] {
        let arguments = StatementArguments(arguments)
        return try await read("explain") { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map {
                (try? $0.decode(String.self, forColumn: "detail")) ?? ""
            }
        }
    }
}

/// Milliseconds since the epoch, as the store keeps times.
extension Date {
    var storeMilliseconds: Double { (timeIntervalSince1970 * 1000).rounded() }

    init(storeMilliseconds: Double) {
        self.init(timeIntervalSince1970: storeMilliseconds / 1000)
    }
}

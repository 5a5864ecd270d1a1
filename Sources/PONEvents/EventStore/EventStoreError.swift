internal import FerruleCore
internal import FerruleStore
internal import GRDB

/// An alarms-and-events store operation that failed: which database file, what was being done,
/// what went wrong and what to do next.
///
/// Every write of ``EventStore`` is one SQLite transaction, so when one fails nothing of it was
/// written: an event whose recording failed was not recorded, its position was not remembered and
/// its actions were not queued, so the consumer must not commit its offset.
public struct EventStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure it was.
    public enum Code: String, Sendable, Hashable {
        /// The directory of the file could not be created.
        case cannotCreateDirectory = "cannot-create-directory"
        /// The file could not be opened (permissions, not a regular file).
        case cannotOpen = "cannot-open"
        /// The path is a device, directory or other file that is not an SQLite database (checked
        /// before SQLite opens it).
        case notAStore = "not-a-store"
        /// The file is not an SQLite database, or SQLite found it damaged.
        case corrupt
        /// Another process held the write lock for longer than the busy timeout.
        case locked
        /// The file or its directory is read-only.
        case readOnly = "read-only"
        /// The disk is full or failed a read or write.
        case storage
        /// The file was written by a newer ferrule (migrations this one does not know).
        case newerSchema = "newer-schema"
        /// The alarm or action named does not exist.
        case notFound = "not-found"
        /// An argument the store refuses (an oversized payload, an empty operator name).
        case invalidArgument = "invalid-argument"
        /// A stored value this version cannot read.
        case invalidData = "invalid-data"
        /// Any other SQLite failure.
        case sqlite
    }

    /// What kind of failure it was.
    public let code: Code
    /// The database file.
    public let path: String
    /// What was being done (`open`, `record ONU_LOSS_OF_SIGNAL_RAISE_EVENT from voltha.events/0@42`).
    public let operation: String
    /// SQLite's message, or ours.
    public let detail: String
    /// SQLite's extended result code; 0 when the failure did not come from SQLite.
    public let sqliteCode: Int

    init(_ code: Code, path: String, operation: String, detail: String, sqliteCode: Int = 0) {
        self.code = code
        self.path = path
        self.operation = operation
        self.detail = detail
        self.sqliteCode = sqliteCode
    }

    /// One line: `FILE: error[event-store-CODE]: what failed: why; what to do`. The path's control
    /// bytes are escaped, and what failed and why (an event's name, SQLite's message) are escaped
    /// and shortened (``DisplayText``): the line never moves a terminal's cursor.
    public var description: String {
        let sqlite = sqliteCode == 0 ? "" : " (SQLite \(sqliteCode))"
        let place = "\(DisplayText.escaped(path)): error[event-store-\(code.rawValue)]: "
        let what = "\(DisplayText.line(operation)): \(DisplayText.line(detail))"
        // The shared wording (FerruleStore's NotAStateDatabaseError) says what to do itself.
        if code == .notAStore { return place + what }
        let next: String
        switch code {
        case .cannotCreateDirectory: next = "check the permissions of the parent directory"
        case .cannotOpen: next = "check that it is a file in a writable directory"
        case .notAStore: next = ""
        case .corrupt:
            next =
                "stop every ferrule process using it, move it aside with its -wal file (a new store starts empty), "
                + "or recover it with `sqlite3 FILE .recover | sqlite3 NEW-FILE`"
        case .locked: next = "another ferrule process kept it locked; retry when it has finished"
        case .readOnly: next = "check the permissions of the file and its directory; nothing was written"
        case .storage: next = "free space or check the disk (`df`, `dmesg`); nothing was written"
        case .newerSchema: next = "use the ferrule version that wrote it"
        case .notFound: next = "list them with `ferrule voltha alarms`"
        case .invalidArgument: next = "nothing was written"
        case .invalidData: next = "was the database written by a newer ferrule?"
        case .sqlite: next = "nothing was written"
        }
        return place + what + "\(sqlite); \(next)"
    }
}

extension EventStoreError {
    /// Wraps any error thrown while `operation` ran on the database at `path`; store errors and
    /// `CancellationError` pass through.
    static func wrap(_ error: any Error, path: String, operation: String) -> any Error {
        switch error {
        case let error as EventStoreError:
            return error
        case let error as NotAStateDatabaseError:
            return EventStoreError(
                .notAStore,
                path: path,
                operation: operation,
                detail: error.reason(store: "event store")
            )
        case is CancellationError:
            return error
        case let error as DatabaseError:
            let code: Code
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: code = .locked
            case .SQLITE_NOTADB, .SQLITE_CORRUPT: code = .corrupt
            case .SQLITE_CANTOPEN, .SQLITE_PERM: code = .cannotOpen
            case .SQLITE_READONLY: code = .readOnly
            case .SQLITE_FULL, .SQLITE_IOERR: code = .storage
            case .SQLITE_INTERRUPT: return CancellationError()
            default: code = .sqlite
            }
            return EventStoreError(
                code,
                path: path,
                operation: operation,
                detail: error.message ?? "\(error.resultCode)",
                sqliteCode: Int(error.extendedResultCode.rawValue)
            )
        case let error as StoredValueError:
            return EventStoreError(.invalidData, path: path, operation: operation, detail: error.message)
        case let error as RowDecodingError:
            return EventStoreError(.invalidData, path: path, operation: operation, detail: "\(error)")
        default:
            return EventStoreError(.sqlite, path: path, operation: operation, detail: "\(error)")
        }
    }
}

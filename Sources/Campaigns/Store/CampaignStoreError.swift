internal import GRDB

/// A campaign-store operation that failed: which database file, what was being done, what went
/// wrong and what to do next.
///
/// Every write of ``CampaignStore`` is one SQLite transaction, so when one fails nothing of it was
/// written. Messages hold SQLite's own text and never a record's values beyond ids.
public struct CampaignStoreError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable {
        case cannotCreateDirectory
        case cannotOpen
        case notADatabase
        case corrupt
        case locked
        case readOnly
        case diskFull
        case newerSchema([String])
        case constraint
        case notFound
        case statusConflict
        case ambiguousID([String])
        case invalidArgument
        case invalidData
        case sqlite
    }

    private let code: Code
    /// The database file.
    public let path: String
    /// What was being done (`open`, `save 120 targets of c-20250101-0a1b2c3d`).
    public let operation: String
    /// SQLite's message, or ours.
    public let detail: String
    /// SQLite's extended result code, 0 when the failure did not come from SQLite.
    public let sqliteCode: Int

    private init(_ code: Code, path: String, operation: String, detail: String, sqliteCode: Int = 0) {
        self.code = code
        self.path = path
        self.operation = operation
        self.detail = detail
        self.sqliteCode = sqliteCode
    }

    /// Another process held the database's write lock for longer than the busy timeout.
    public var isLocked: Bool {
        if case .locked = code { return true }
        return false
    }

    /// The file is not an SQLite database, or SQLite found it damaged.
    public var isCorrupt: Bool {
        switch code {
        case .notADatabase, .corrupt: return true
        default: return false
        }
    }

    /// A constraint (duplicate target, unknown campaign, missing value) refused the write.
    public var isConstraintViolation: Bool {
        if case .constraint = code { return true }
        return false
    }

    /// The campaign to update does not exist.
    public var isNotFound: Bool {
        if case .notFound = code { return true }
        return false
    }

    /// The campaign's stored status was not one the update expected: another process changed it.
    public var isStatusConflict: Bool {
        if case .statusConflict = code { return true }
        return false
    }

    /// An id prefix matched more than one campaign.
    public var isAmbiguousID: Bool {
        if case .ambiguousID = code { return true }
        return false
    }

    public var description: String {
        let head = "campaign store \(path): \(operation)"
        switch code {
        case .cannotCreateDirectory:
            return "\(head): cannot create its directory (\(detail)); check the permissions of the parent directory"
        case .cannotOpen:
            return "\(head): cannot open the file (\(detail)); check that it is a file in a writable directory"
        case .notADatabase:
            return
                "\(head): the file is not an SQLite database (\(detail)); move it aside to start a new store, or choose another path"
        case .corrupt:
            return
                "\(head): the database is damaged (\(detail)); stop every ferrule process using it, copy the file with its -wal file aside, and recover with `sqlite3 FILE .recover | sqlite3 NEW-FILE`"
        case .locked:
            return
                "\(head): another process kept the database locked for too long (\(detail)); retry when the other ferrule command has finished"
        case .readOnly:
            return "\(head): the database is read-only (\(detail)); check the permissions of the file and its directory"
        case .diskFull:
            return "\(head): the disk is full (\(detail)); nothing of this operation was written"
        case .newerSchema(let unknown):
            return
                "\(head): the database was written by a newer ferrule (unknown migrations: \(unknown.joined(separator: ", "))); use that version"
        case .constraint:
            return "\(head): \(detail); nothing of this operation was written"
        case .notFound:
            return "\(head): \(detail)"
        case .statusConflict:
            return "\(head): \(detail) (changed by another ferrule command); nothing was written, read it again"
        case .ambiguousID(let matches):
            let shown = matches.prefix(5).joined(separator: ", ") + (matches.count > 5 ? ", …" : "")
            return "\(head): the prefix matches several campaigns (\(shown)); type more of the id"
        case .invalidArgument:
            return "\(head): \(detail); nothing was written"
        case .invalidData:
            return
                "\(head): a stored value is not one this ferrule knows (\(detail)); was the database written by a newer ferrule?"
        case .sqlite:
            return "\(head): SQLite error \(sqliteCode): \(detail)"
        }
    }
}

extension CampaignStoreError {
    /// Wraps any error thrown while `operation` ran on the database at `path`.
    ///
    /// Store errors pass through; `CancellationError` too, so callers can tell a cancelled task.
    static func wrap(_ error: any Error, path: String, operation: String) -> any Error {
        switch error {
        case let error as CampaignStoreError:
            return error
        case is CancellationError:
            return error
        case let error as RecordContextError:
            let inner = wrap(error.underlying, path: path, operation: operation)
            return (inner as? CampaignStoreError)?.adding(context: error.context) ?? inner
        case let error as StoreDataError:
            return CampaignStoreError(.invalidData, path: path, operation: operation, detail: error.message)
        case let error as RowDecodingError:
            return CampaignStoreError(.invalidData, path: path, operation: operation, detail: "\(error)")
        case let error as DatabaseError:
            return wrap(error, path: path, operation: operation)
        default:
            return CampaignStoreError(.sqlite, path: path, operation: operation, detail: "\(error)")
        }
    }

    private static func wrap(_ error: DatabaseError, path: String, operation: String) -> any Error {
        let detail = error.message ?? "\(error.resultCode)"
        let code: Code
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: code = .locked
        case .SQLITE_NOTADB: code = .notADatabase
        case .SQLITE_CORRUPT: code = .corrupt
        case .SQLITE_CANTOPEN, .SQLITE_PERM: code = .cannotOpen
        case .SQLITE_READONLY: code = .readOnly
        case .SQLITE_FULL: code = .diskFull
        case .SQLITE_CONSTRAINT: code = .constraint
        case .SQLITE_INTERRUPT: return CancellationError()
        default: code = .sqlite
        }
        return CampaignStoreError(
            code,
            path: path,
            operation: operation,
            detail: detail,
            sqliteCode: Int(error.extendedResultCode.rawValue)
        )
    }

    static func cannotCreateDirectory(_ detail: String, path: String) -> CampaignStoreError {
        CampaignStoreError(.cannotCreateDirectory, path: path, operation: "open", detail: detail)
    }

    static func newerSchema(_ unknown: [String], path: String) -> CampaignStoreError {
        CampaignStoreError(.newerSchema(unknown), path: path, operation: "open", detail: "")
    }

    static func notFound(_ detail: String, path: String, operation: String) -> CampaignStoreError {
        CampaignStoreError(.notFound, path: path, operation: operation, detail: detail)
    }

    static func statusConflict(_ detail: String, path: String, operation: String) -> CampaignStoreError {
        CampaignStoreError(.statusConflict, path: path, operation: operation, detail: detail)
    }

    static func ambiguousID(_ matches: [String], path: String, operation: String) -> CampaignStoreError {
        CampaignStoreError(.ambiguousID(matches), path: path, operation: operation, detail: "")
    }

    static func invalidArgument(_ detail: String, path: String, operation: String) -> CampaignStoreError {
        CampaignStoreError(.invalidArgument, path: path, operation: operation, detail: detail)
    }

    /// The same failure, with `context` (the record it happened on) put before SQLite's message.
    func adding(context: String) -> CampaignStoreError {
        CampaignStoreError(
            code,
            path: path,
            operation: operation,
            detail: "\(context): \(detail)",
            sqliteCode: sqliteCode
        )
    }
}

/// A failure on one record of a batch: `context` names it (`target 00259E-HG8245-1234 (ordinal 17)`).
struct RecordContextError: Error {
    let context: String
    let underlying: any Error
}

/// A stored value this version cannot map to the model (an unknown state, a NULL where a value is due).
struct StoreDataError: Error {
    let message: String
}

internal import FerruleStore
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
        case notAStore
        case corrupt
        case locked
        case readOnly
        case diskFull
        case ioError
        case leaseLost
        case fileMissing
        case fileReplaced
        case newerSchema([String])
        case constraint
        case notFound
        case statusConflict
        case ambiguousID([String])
        case invalidArgument
        case invalidData
        case sqlite
    }

    /// Whether the failed operation opened, read or wrote the file.
    enum Access: Sendable {
        case open, read, write
    }

    private let code: Code
    private let access: Access
    /// The database file.
    public let path: String
    /// What was being done (`open`, `save 120 targets of c-20250101-0a1b2c3d`).
    public let operation: String
    /// SQLite's message, or ours.
    public let detail: String
    /// SQLite's extended result code, 0 when the failure did not come from SQLite.
    public let sqliteCode: Int

    private init(
        _ code: Code,
        path: String,
        operation: String,
        detail: String,
        sqliteCode: Int = 0,
        access: Access? = nil
    ) {
        self.code = code
        self.access = access ?? (operation == "open" ? .open : .write)
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

    /// The path names no SQLite database (a device, a directory, a text file): refused before
    /// SQLite opened it; ``detail`` says what it is, in the wording every store uses.
    public var isNotAStore: Bool {
        if case .notAStore = code { return true }
        return false
    }

    /// The file is not an SQLite database, or SQLite found it damaged.
    public var isCorrupt: Bool {
        switch code {
        case .notADatabase, .notAStore, .corrupt: return true
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

    /// Another runner took over the campaign's lease; this runner must stop.
    public var isLeaseLost: Bool {
        if case .leaseLost = code { return true }
        return false
    }

    /// The database file was deleted or replaced by another file while it was open.
    public var isFileGone: Bool {
        switch code {
        case .fileMissing, .fileReplaced: return true
        default: return false
        }
    }

    /// The disk is full or failed a read or write.
    public var isStorageFailure: Bool {
        switch code {
        case .diskFull, .ioError: return true
        default: return false
        }
    }

    /// An id prefix matched more than one campaign.
    public var isAmbiguousID: Bool {
        if case .ambiguousID = code { return true }
        return false
    }

    /// The ids an ambiguous prefix matched (``isAmbiguousID``), for messages that must not name
    /// the file (the API's); nil for every other error.
    public var ambiguousMatches: [String]? {
        if case .ambiguousID(let matches) = code { return matches }
        return nil
    }

    /// What the operation did to the file: `opened`, `read` or `written`.
    private var verb: String {
        switch access {
        case .open: "opened"
        case .read: "read"
        case .write: "written"
        }
    }

    /// ` (SQLite 778)` when SQLite gave the failure.
    private var sqliteSuffix: String { sqliteCode == 0 ? "" : " (SQLite \(sqliteCode))" }

    public var description: String {
        let file = "the campaign state file \(path)"
        let failed = "\(file) could not be \(verb) (\(operation))"
        let unwritten = verb == "written" ? "; nothing of this operation was written" : ""
        switch code {
        case .cannotCreateDirectory:
            return "\(failed): cannot create its directory (\(detail)); check the permissions of the parent directory"
        case .cannotOpen:
            return "\(failed): \(detail)\(sqliteSuffix); check that it is a file in a writable directory"
        case .notAStore:
            return "\(file): \(operation): \(detail)"
        case .notADatabase:
            return
                "\(failed): it is not an SQLite database (\(detail)); move it aside to start a new store, or choose another path with --state"
        case .corrupt:
            return
                "\(failed): the database is damaged (\(detail)\(sqliteSuffix)); stop every ferrule process using it, copy the file with its -wal file aside, and recover with `sqlite3 FILE .recover | sqlite3 NEW-FILE`"
        case .locked:
            return
                "\(failed): another process kept the database locked for too long (\(detail)); retry when the other ferrule command has finished"
        case .readOnly:
            return
                "\(failed): the database is read-only (\(detail)\(sqliteSuffix)); check the permissions of the file and its directory\(unwritten)"
        case .diskFull:
            return
                "\(failed): \(detail)\(sqliteSuffix); the disk is full: free space on the file system that holds it, then run the command again\(unwritten)"
        case .ioError:
            return
                "\(failed): \(detail)\(sqliteSuffix); check free space (`df`) and the disk's health (`dmesg`), then run the command again\(unwritten)"
        case .newerSchema(let unknown):
            return
                "\(failed): it was written by a newer ferrule (unknown migrations: \(unknown.joined(separator: ", "))); use that version"
        case .constraint:
            return "\(failed): \(detail)\(unwritten)"
        case .notFound:
            return "\(file): \(operation): \(detail)"
        case .statusConflict:
            return
                "\(file): \(operation): \(detail) (changed by another ferrule command); nothing was written, read it again"
        case .ambiguousID(let matches):
            let shown = matches.prefix(5).joined(separator: ", ") + (matches.count > 5 ? ", …" : "")
            return "\(file): the prefix matches several campaigns (\(shown)); type more of the id"
        case .invalidArgument:
            return "\(file): \(operation): \(detail); nothing was written"
        case .invalidData:
            return
                "\(failed): a stored value is not one this ferrule knows (\(detail)); was the database written by a newer ferrule?"
        case .leaseLost:
            return
                "\(file): \(operation): \(detail); this runner stopped and wrote nothing more (`ferrule campaign show` names the runner now holding it)"
        case .fileMissing:
            return
                "\(file) was deleted while this command was using it; stopped, nothing more is pushed. Tasks already queued in GenieACS stay queued: restore the file (with its -wal file) from a backup, or check the devices with `ferrule acs`"
        case .fileReplaced:
            return
                "\(file) was replaced by another file while this command was using it; stopped, nothing more is pushed. Put the original file back, or run the campaign against the new file"
        case .sqlite:
            return "\(failed): \(detail)\(sqliteSuffix)"
        }
    }
}

extension CampaignStoreError {
    /// Wraps any error thrown while `operation` ran on the database at `path`.
    ///
    /// Store errors pass through; `CancellationError` too, so callers can tell a cancelled task.
    static func wrap(_ error: any Error, path: String, operation: String, access: Access? = nil) -> any Error {
        switch error {
        case let error as CampaignStoreError:
            return error
        case let error as CampaignOverlapError:
            return error
        case is CancellationError:
            return error
        case let error as RecordContextError:
            let inner = wrap(error.underlying, path: path, operation: operation, access: access)
            return (inner as? CampaignStoreError)?.adding(context: error.context) ?? inner
        case let error as StoreDataError:
            return CampaignStoreError(
                .invalidData,
                path: path,
                operation: operation,
                detail: error.message,
                access: access
            )
        case let error as NotAStateDatabaseError:
            return CampaignStoreError(
                .notAStore,
                path: path,
                operation: operation,
                detail: error.reason(store: "campaign store"),
                access: access
            )
        case let error as RowDecodingError:
            return CampaignStoreError(
                .invalidData,
                path: path,
                operation: operation,
                detail: "\(error)",
                access: access
            )
        case let error as DatabaseError:
            return wrap(error, path: path, operation: operation, access: access)
        default:
            return CampaignStoreError(.sqlite, path: path, operation: operation, detail: "\(error)", access: access)
        }
    }

    private static func wrap(_ error: DatabaseError, path: String, operation: String, access: Access?) -> any Error {
        let detail = error.message ?? "\(error.resultCode)"
        let code: Code
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: code = .locked
        case .SQLITE_NOTADB: code = .notADatabase
        case .SQLITE_CORRUPT: code = .corrupt
        case .SQLITE_CANTOPEN, .SQLITE_PERM: code = .cannotOpen
        case .SQLITE_READONLY: code = .readOnly
        case .SQLITE_FULL: code = .diskFull
        case .SQLITE_IOERR: code = .ioError
        case .SQLITE_CONSTRAINT: code = .constraint
        case .SQLITE_INTERRUPT: return CancellationError()
        default: code = .sqlite
        }
        return CampaignStoreError(
            code,
            path: path,
            operation: operation,
            detail: detail,
            sqliteCode: Int(error.extendedResultCode.rawValue),
            access: access
        )
    }

    /// The error a failed SQLite call with `extendedCode` gives, for tests of failures that cannot
    /// be provoked on demand (a failing disk's `SQLITE_IOERR_WRITE`, 778).
    static func sqliteForTesting(extendedCode: Int32, message: String, path: String, operation: String) -> any Error {
        wrap(
            DatabaseError(resultCode: ResultCode(rawValue: extendedCode), message: message),
            path: path,
            operation: operation
        )
    }

    static func leaseLost(_ campaignID: String, path: String, operation: String) -> CampaignStoreError {
        CampaignStoreError(
            .leaseLost,
            path: path,
            operation: operation,
            detail: "another runner took over campaign \(campaignID) after this one missed its heartbeats"
        )
    }

    static func fileMissing(path: String) -> CampaignStoreError {
        CampaignStoreError(.fileMissing, path: path, operation: "check the file", detail: "")
    }

    static func fileReplaced(path: String) -> CampaignStoreError {
        CampaignStoreError(.fileReplaced, path: path, operation: "check the file", detail: "")
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
            sqliteCode: sqliteCode,
            access: access
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

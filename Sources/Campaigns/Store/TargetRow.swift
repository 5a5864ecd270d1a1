internal import GRDB

/// The `targets` table's mapping of a ``TargetRecord``.
///
/// Columns are read by position: ``columns`` is the one list both `SELECT`s and `INSERT`s use.
struct TargetRow: FetchableRecord {
    /// The columns, in the order ``init(row:)`` reads and ``arguments(_:)`` binds them.
    static let columns = """
        campaign_id, device_id, ordinal, state, attempts, task_id, first_pushed_at, pushed_at, \
        not_before, finished_at, error_code, error_message, changes_json, previous_json, version_before, \
        updated_at, stale_task_id
        """
    /// `?, ?, …`, one per column.
    static let placeholders = Array(repeating: "?", count: columnCount).joined(separator: ", ")
    /// Inserts a new target; a device already in the campaign is a constraint violation.
    static let insertSQL = "INSERT INTO targets (\(columns)) VALUES (\(placeholders))"
    /// Inserts or replaces every column of an existing target.
    static let upsertSQL = """
        \(insertSQL) ON CONFLICT (campaign_id, device_id) DO UPDATE SET \
        ordinal = excluded.ordinal, state = excluded.state, attempts = excluded.attempts, \
        task_id = excluded.task_id, first_pushed_at = excluded.first_pushed_at, pushed_at = excluded.pushed_at, \
        not_before = excluded.not_before, finished_at = excluded.finished_at, error_code = excluded.error_code, \
        error_message = excluded.error_message, changes_json = excluded.changes_json, \
        previous_json = excluded.previous_json, version_before = excluded.version_before, \
        updated_at = excluded.updated_at, stale_task_id = excluded.stale_task_id
        """
    /// Rewrites every column of the existing target at the same ordinal, with the parameters of
    /// ``columns`` (numbered, so ``bind(_:_:)`` serves it): no row changes when the target is new
    /// or has moved, and ``save(_:update:upsert:in:)`` then upserts it. The runner's writes take
    /// this path: leaving `campaign_id` and `ordinal` out of the `SET` spares SQLite the
    /// `targets_by_ordinal` entry (deleted and re-inserted by the upsert, with its uniqueness
    /// check, on every write) and the insert attempt that precedes an upsert's update.
    static let updateSQL = """
        UPDATE targets SET state = ?4, attempts = ?5, task_id = ?6, first_pushed_at = ?7, pushed_at = ?8, \
        not_before = ?9, finished_at = ?10, error_code = ?11, error_message = ?12, changes_json = ?13, \
        previous_json = ?14, version_before = ?15, updated_at = ?16, stale_task_id = ?17 \
        WHERE campaign_id = ?1 AND device_id = ?2 AND ordinal = ?3
        """

    var record: TargetRecord

    init(row: Row) throws {
        let campaignID = try row.decode(String.self, atIndex: 0)
        let deviceID = try row.decode(String.self, atIndex: 1)
        let state = try row.decode(
            TargetRecord.State.self,
            atIndex: 3,
            field: "state",
            of: "target \(deviceID) of \(campaignID)"
        )
        record = TargetRecord(
            campaignID: campaignID,
            deviceID: deviceID,
            ordinal: try row.decode(Int.self, atIndex: 2),
            state: state,
            attempts: try row.decode(Int.self, atIndex: 4),
            taskID: try row.decode(String?.self, atIndex: 5),
            firstPushedAt: try row.decode(Double?.self, atIndex: 6),
            pushedAt: try row.decode(Double?.self, atIndex: 7),
            notBefore: try row.decode(Double?.self, atIndex: 8),
            finishedAt: try row.decode(Double?.self, atIndex: 9),
            errorCode: try row.decode(String?.self, atIndex: 10),
            errorMessage: try row.decode(String?.self, atIndex: 11),
            changesJSON: try row.decode(String?.self, atIndex: 12),
            previousJSON: try row.decode(String?.self, atIndex: 13),
            versionBefore: try row.decode(String?.self, atIndex: 14),
            updatedAt: try row.decode(Double.self, atIndex: 15),
            staleTaskID: try row.decode(String?.self, atIndex: 16)
        )
    }

    /// The values of ``columns`` for `target`.
    static func arguments(_ target: TargetRecord) -> StatementArguments {
        [
            target.campaignID, target.deviceID, target.ordinal, target.state.rawValue, target.attempts,
            target.taskID, target.firstPushedAt, target.pushedAt, target.notBefore, target.finishedAt,
            target.errorCode, target.errorMessage, target.changesJSON, target.previousJSON, target.versionBefore,
            target.updatedAt, target.staleTaskID,
        ]
    }

    /// Binds `target`'s values of ``columns``, in order (see ``RowBinder``).
    static func bind(_ target: TargetRecord, _ binder: inout RowBinder) throws {
        try binder.bind(target.campaignID)
        try binder.bind(target.deviceID)
        try binder.bind(target.ordinal)
        try binder.bind(target.state.rawValue)
        try binder.bind(target.attempts)
        try binder.bind(target.taskID)
        try binder.bind(target.firstPushedAt)
        try binder.bind(target.pushedAt)
        try binder.bind(target.notBefore)
        try binder.bind(target.finishedAt)
        try binder.bind(target.errorCode)
        try binder.bind(target.errorMessage)
        try binder.bind(target.changesJSON)
        try binder.bind(target.previousJSON)
        try binder.bind(target.versionBefore)
        try binder.bind(target.updatedAt)
        try binder.bind(target.staleTaskID)
    }

    /// The number of ``columns``.
    static let columnCount = 17

    /// Runs `statement` (an insert or upsert of ``columns``) for each target, naming the target
    /// that fails.
    static func execute(_ statement: Statement, for targets: some Sequence<TargetRecord>) throws {
        for target in targets {
            do {
                try run(statement, target)
            } catch {
                throw context(of: target, error)
            }
        }
    }

    /// Inserts or replaces each target, as ``upsertSQL`` alone would: `update` (``updateSQL``)
    /// first, and `upsert` (``upsertSQL``) for a target it did not find at its ordinal.
    static func save(
        _ targets: some Sequence<TargetRecord>,
        update: Statement,
        upsert: Statement,
        in db: Database
    ) throws {
        for target in targets {
            do {
                try run(update, target)
                // Rows the update itself changed; the count triggers' writes are not included.
                if db.changesCount == 0 { try run(upsert, target) }
            } catch {
                throw context(of: target, error)
            }
        }
    }

    /// Binds `target` to `statement` and runs it once.
    private static func run(_ statement: Statement, _ target: TargetRecord) throws {
        // Bound through each value's own type: `StatementArguments` boxed every value (see RowBinder).
        var binder = RowBinder(statement, parameters: columnCount)
        try bind(target, &binder)
        try binder.execute()
    }

    /// `error`, naming the target it happened to.
    private static func context(of target: TargetRecord, _ error: any Error) -> RecordContextError {
        RecordContextError(
            context: "target \(target.deviceID) (ordinal \(target.ordinal)) of \(target.campaignID)",
            underlying: error
        )
    }
}

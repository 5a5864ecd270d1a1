internal import GRDB

/// Binds one row's values, in column order, straight to a prepared statement's SQLite handle.
///
/// `StatementArguments` boxes every value as `(any DatabaseValueConvertible)?` and converts it to a
/// `DatabaseValue` before binding; the runner writes each device three times and logs its events,
/// and that boxing was a large part of the writer thread's own time (Benchmarks/README.md,
/// campaign engine). Here each value binds through its concrete type (`String`, `Int`, `Double`,
/// their optionals: text, integer, real or null, exactly as `StatementArguments` binds them, with
/// SQLite copying text).
struct RowBinder {
    private let statement: Statement
    private let parameters: Int
    private var index: CInt = 1

    /// Resets `statement` (a step in progress ends, bindings clear) for a new row of `parameters` values.
    init(_ statement: Statement, parameters: Int) {
        // No values: GRDB only resets the statement, clears its bindings and marks them valid, so
        // `execute()` steps with what is bound below.
        statement.setUncheckedArguments(StatementArguments())
        self.statement = statement
        self.parameters = parameters
    }

    /// Binds `value` to the next parameter.
    /// - Throws: SQLite's error (`SQLITE_RANGE` past the last parameter, `SQLITE_NOMEM`).
    mutating func bind(_ value: some StatementBinding) throws {
        let code = value.bind(to: statement.sqliteStatement, at: index)
        // 0 is SQLITE_OK.
        guard code == 0 else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code),
                message: "cannot bind parameter \(index)",
                sql: statement.sql
            )
        }
        index += 1
    }

    /// Runs the statement with the values bound.
    /// - Throws: `SQLITE_RANGE` when fewer values were bound than `parameters` (SQLite would
    ///   write null for the rest), or SQLite's error.
    func execute() throws {
        guard Int(index) - 1 == parameters else {
            throw DatabaseError(
                resultCode: .SQLITE_RANGE,
                message: "\(Int(index) - 1) of \(parameters) parameters bound",
                sql: statement.sql
            )
        }
        try statement.execute()
    }
}

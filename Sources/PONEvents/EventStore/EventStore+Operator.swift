public import Foundation
internal import GRDB

extension EventStore {
    /// The longest operator name or note kept, in characters.
    public static let maxOperatorTextLength = 1_024

    /// What an operator's acknowledge or clear did.
    public struct OperatorResult: Sendable, Hashable {
        /// The alarm after the operation.
        public var alarm: PONAlarm
        /// False when nothing changed: a clear of an alarm already cleared.
        public var changed: Bool
        /// When the store recorded the operation.
        public var at: Date
    }

    /// Records that `by` acknowledged alarm `id` (it stays active or cleared as it was). A second
    /// acknowledgement replaces the first; a new raise of the alarm resets it.
    ///
    /// - Throws: ``EventStoreError`` `notFound` for an unknown id, `invalidArgument` for an empty
    ///   `by` or text over ``maxOperatorTextLength``.
    public func acknowledge(alarm id: Int64, by: String, note: String? = nil) async throws -> OperatorResult {
        let operation = "acknowledge alarm \(id)"
        try checkOperator(by, note: note, operation: operation)
        let now = clock().storeMilliseconds
        return try await operatorWrite(id, operation: operation, at: now) { db in
            try db.execute(
                sql: "UPDATE alarms SET acknowledged_by = ?, acknowledged_at = ?, acknowledge_note = ? WHERE id = ?",
                arguments: [by, now, note, id]
            )
            return db.changesCount == 1
        }
    }

    /// Clears alarm `id` by hand: it becomes cleared now, with `by` and `note` kept. VOLTHA is not
    /// told (it has no such call); a later raise from VOLTHA raises the alarm again, while a raise
    /// older than this clear (a redelivered event) does not.
    ///
    /// - Throws: ``EventStoreError`` as ``acknowledge(alarm:by:note:)``.
    public func clear(alarm id: Int64, by: String, note: String? = nil) async throws -> OperatorResult {
        let operation = "clear alarm \(id)"
        try checkOperator(by, note: note, operation: operation)
        let now = clock().storeMilliseconds
        return try await operatorWrite(id, operation: operation, at: now) { db in
            try db.execute(
                sql: """
                    UPDATE alarms SET state = 'cleared', cleared_at = ?, changed_at = MAX(changed_at, ?),
                    cleared_by = ?, operator_cleared_at = ?, clear_note = ? WHERE id = ? AND state = 'active'
                    """,
                arguments: [now, now, by, now, note, id]
            )
            return db.changesCount == 1
        }
    }

    private func checkOperator(_ by: String, note: String?, operation: String) throws {
        let trimmed = by.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, by.count <= Self.maxOperatorTextLength, (note?.count ?? 0) <= Self.maxOperatorTextLength
        else {
            throw EventStoreError(
                .invalidArgument,
                path: path,
                operation: operation,
                detail:
                    "the operator's name must not be empty, and name and note at most \(Self.maxOperatorTextLength) characters"
            )
        }
    }

    private func operatorWrite(
        _ id: Int64,
        operation: String,
        at now: Double,
        _ body: @escaping @Sendable (Database) throws -> Bool
    ) async throws -> OperatorResult {
        let path = path
        return try await write(operation) { db in
            guard
                try Bool.fetchOne(db, sql: "SELECT 1 FROM alarms WHERE id = ?", arguments: [id]) != nil
            else {
                throw EventStoreError(.notFound, path: path, operation: operation, detail: "there is no alarm \(id)")
            }
            let changed = try body(db)
            guard
                let alarm = try Row.fetchOne(
                    db,
                    sql: "SELECT \(EventRows.alarmColumns) FROM alarms WHERE id = ?",
                    arguments: [id]
                ).map(EventRows.alarm)
            else {
                throw EventStoreError(.notFound, path: path, operation: operation, detail: "there is no alarm \(id)")
            }
            return OperatorResult(alarm: alarm, changed: changed, at: Date(storeMilliseconds: now))
        }
    }
}

import Foundation
internal import GRDB

extension EventStore {
    /// The oldest actions not yet marked done, in the order they were queued, at most `limit`
    /// (1 … ``maxLimit``).
    ///
    /// An executor calls this at start and whenever it has capacity: after a crash it gets back
    /// every action it had not marked done — including one it performed just before the crash,
    /// so it passes the action's key to the system it calls as an idempotency key where it can.
    public func pendingActions(limit: Int = 100) async throws -> [StoredAction] {
        let limit = Self.clamp(limit)
        return try await read("read pending actions") { db in
            try Row.fetchAll(
                db,
                sql: "SELECT \(EventRows.actionColumns) FROM actions WHERE status IS NULL ORDER BY id LIMIT ?",
                arguments: [limit]
            ).map(EventRows.action)
        }
    }

    /// The number of actions not yet marked done.
    public func pendingActionCount() async throws -> Int {
        try await read("count pending actions") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM actions WHERE status IS NULL") ?? 0
        }
    }

    /// The action `id`, pending or done; nil when there is none (or it was pruned).
    public func action(_ id: Int64) async throws -> StoredAction? {
        try await read("read action \(id)") { db in
            try Row.fetchOne(db, sql: "SELECT \(EventRows.actionColumns) FROM actions WHERE id = ?", arguments: [id])
                .map(EventRows.action)
        }
    }

    /// Records how action `id` ended; it is no longer pending.
    ///
    /// - Returns: false when the action was already done (its first outcome is kept), true otherwise.
    /// - Throws: ``EventStoreError`` `notFound` when there is no such action.
    @discardableResult
    public func markDone(_ id: Int64, outcome: ActionOutcome) async throws -> Bool {
        let now = clock().storeMilliseconds
        let path = path
        let detail = String(outcome.detail.prefix(4_096))
        return try await write("mark action \(id) \(outcome.status.rawValue)") { db in
            try db.execute(
                sql: "UPDATE actions SET status = ?, detail = ?, done_at = ? WHERE id = ? AND status IS NULL",
                arguments: [outcome.status.rawValue, detail, now, id]
            )
            if db.changesCount == 1 { return true }
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM actions WHERE id = ?", arguments: [id]) != nil else {
                throw EventStoreError(
                    .notFound,
                    path: path,
                    operation: "mark action \(id) done",
                    detail: "there is no action \(id) (it may have been pruned)"
                )
            }
            return false
        }
    }

    /// Counts one more failed attempt of the pending action `id`.
    ///
    /// - Returns: the failed attempts so far (0 when the action is no longer pending).
    /// - Throws: ``EventStoreError`` when the store cannot be written.
    public func recordFailedAttempt(_ id: Int64) async throws -> Int {
        try await write("count a failed attempt of action \(id)") { db in
            try db.execute(
                sql: "UPDATE actions SET attempts = attempts + 1 WHERE id = ? AND status IS NULL",
                arguments: [id]
            )
            return try Int.fetchOne(
                db,
                sql: "SELECT attempts FROM actions WHERE id = ? AND status IS NULL",
                arguments: [id]
            ) ?? 0
        }
    }

    /// `limit` within 1 … ``maxLimit``.
    static func clamp(_ limit: Int) -> Int { min(max(1, limit), maxLimit) }
}

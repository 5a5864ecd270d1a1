public import FerruleStore
import Foundation
internal import GRDB

extension EventStore {
    /// The oldest actions not yet marked done with an id above `after`, in the order they were
    /// queued, at most `limit` (1 … ``maxLimit``): an executor that passes some by (a webhook whose
    /// receiver is busy) pages on with the last id it saw.
    ///
    /// An executor calls this at start and whenever it has capacity: after a crash it gets back
    /// every action it had not marked done — including one it performed just before the crash,
    /// so it passes the action's key to the system it calls as an idempotency key where it can.
    public func pendingActions(after: Int64 = 0, limit: Int = 100) async throws -> [StoredAction] {
        let limit = Self.clamp(limit)
        return try await read("read pending actions") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(EventRows.actionColumns) FROM actions WHERE status IS NULL AND id > ? ORDER BY id LIMIT ?
                    """,
                arguments: [after, limit]
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

    /// Counts one more failed attempt of the pending action `id`, keeping `reason` (the last one
    /// is what `ferrule events actions list` shows of a pending action).
    ///
    /// - Returns: the failed attempts so far (0 when the action is no longer pending).
    /// - Throws: ``EventStoreError`` when the store cannot be written.
    public func recordFailedAttempt(_ id: Int64, reason: String = "") async throws -> Int {
        let reason = String(reason.prefix(4_096))
        return try await write("count a failed attempt of action \(id)") { db in
            try db.execute(
                sql: "UPDATE actions SET attempts = attempts + 1, last_failure = ? WHERE id = ? AND status IS NULL",
                arguments: [reason.isEmpty ? nil : reason, id]
            )
            return try Int.fetchOne(
                db,
                sql: "SELECT attempts FROM actions WHERE id = ? AND status IS NULL",
                arguments: [id]
            ) ?? 0
        }
    }

    /// The outbox as an operator sees it (`ferrule events actions list`): the oldest `pendingLimit`
    /// pending actions in queue order (the first is the one the executor works on), and the
    /// `finishedLimit` most recently finished ones, newest first. One read, so the counts and the
    /// rows agree.
    public func outbox(pendingLimit: Int = 100, finishedLimit: Int = 20) async throws -> OutboxListing {
        let pendingLimit = Self.clamp(pendingLimit)
        let finishedLimit = min(max(0, finishedLimit), Self.maxLimit)
        return try await read("list the outbox") { db in
            let pending = try Row.fetchAll(
                db,
                sql: "SELECT \(EventRows.actionColumns) FROM actions WHERE status IS NULL ORDER BY id LIMIT ?",
                arguments: [pendingLimit]
            ).map(EventRows.action)
            let finished = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(EventRows.actionColumns) FROM actions WHERE status IS NOT NULL
                    ORDER BY done_at DESC, id DESC LIMIT ?
                    """,
                arguments: [finishedLimit]
            ).map(EventRows.action)
            let pendingTotal = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM actions WHERE status IS NULL") ?? 0
            let finishedTotal = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM actions WHERE status IS NOT NULL") ?? 0
            return OutboxListing(
                pending: pending,
                pendingTotal: pendingTotal,
                finished: finished,
                finishedTotal: finishedTotal
            )
        }
    }

    /// Marks the pending action `id` skipped by an operator, with `note` as its detail
    /// (`skipped by <operator>: <note>`), so the outbox goes on past it (`ferrule events actions
    /// skip`).
    ///
    /// One writer at a time: the change is refused (``OperatorChange/consumerRunning(_:)``) while a
    /// live process holds the consumer's writer lease `lease` (`events-run`: `ferrule events run`,
    /// or `ferrule serve` consuming). That process may hold the action in hand — read in its batch,
    /// being performed, or waiting to retry — and would perform it anyway; only with no consumer
    /// is "skipped" a promise that it will not happen. The lease is read in the same SQLite
    /// transaction that writes the action, and a consumer takes the lease in a transaction of its
    /// own before it reads the outbox, so a consumer that starts a moment later sees the action
    /// skipped. A lease whose heartbeat is older than `timeout` milliseconds, or whose process on
    /// this host is gone, is no obstacle (the consumer would take it over the same way).
    ///
    /// - Throws: ``EventStoreError`` `invalidArgument` for an empty note or operator, or one with
    ///   control characters; others when the store cannot be written.
    public func skipAction(
        _ id: Int64,
        by operatorName: String,
        note: String,
        unlessHeld lease: String,
        timeout: Double
    ) async throws -> OperatorChange {
        let (operatorName, note) = try checkedOperatorNote(by: operatorName, note: note, operation: "skip action \(id)")
        let now = clock().storeMilliseconds
        let detail = String("skipped by \(operatorName): \(note)".prefix(4_096))
        return try await write("skip action \(id)") { db in
            if let holder = try Self.liveHolder(lease, timeout: timeout, now: now, db) {
                return .consumerRunning(holder)
            }
            guard let action = try Self.fetchAction(id, db) else { return .unknown }
            guard action.outcome == nil else { return .refused(action) }
            try db.execute(
                sql: "UPDATE actions SET status = ?, detail = ?, done_at = ? WHERE id = ? AND status IS NULL",
                arguments: [ActionOutcome.Status.skipped.rawValue, detail, now, id]
            )
            return .changed(try Self.fetchAction(id, db) ?? action)
        }
    }

    /// Queues the finished action `id` again, as a new action at the end of the outbox (with the
    /// same event, key and payload; its attempts start from 0), and records the new action's id
    /// on the old one (`ferrule events actions retry`). Only a `failed` or `skipped` action, once:
    /// a succeeded one is done, a pending one is still queued. At the end, not in its old place, so
    /// it does not overtake actions queued after it that have run since.
    ///
    /// The same single-writer rule as ``skipAction(_:by:note:unlessHeld:timeout:)``: refused while a
    /// consumer holds `lease` (its worker would not notice the new action before its next wake-up).
    ///
    /// - Throws: ``EventStoreError`` `invalidArgument` for an empty note or operator; others when
    ///   the store cannot be written.
    public func retryAction(
        _ id: Int64,
        by operatorName: String,
        note: String,
        unlessHeld lease: String,
        timeout: Double
    ) async throws -> OperatorChange {
        let (operatorName, note) = try checkedOperatorNote(
            by: operatorName,
            note: note,
            operation: "retry action \(id)"
        )
        let now = clock().storeMilliseconds
        return try await write("retry action \(id)") { db in
            if let holder = try Self.liveHolder(lease, timeout: timeout, now: now, db) {
                return .consumerRunning(holder)
            }
            guard let action = try Self.fetchAction(id, db) else { return .unknown }
            guard let outcome = action.outcome, outcome.status != .succeeded, action.retriedAs == nil else {
                return .refused(action)
            }
            try db.execute(
                sql: "INSERT INTO actions (event_id, key, payload, created_at, last_failure) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    action.eventID, action.key, action.payload, now,
                    String("retried by \(operatorName) from action \(id): \(note)".prefix(4_096)),
                ]
            )
            let newID = db.lastInsertedRowID
            try db.execute(sql: "UPDATE actions SET retried_as = ? WHERE id = ?", arguments: [newID, id])
            return .changed(try Self.fetchAction(newID, db) ?? action)
        }
    }

    /// The operator's name and note, trimmed; both required, single-line, at most 256 and 1,024
    /// characters.
    private func checkedOperatorNote(by name: String, note: String, operation: String) throws -> (String, String) {
        let name = name.trimmingCharacters(in: .whitespaces)
        let note = note.trimmingCharacters(in: .whitespaces)
        for (label, value, cap) in [("operator", name, 256), ("note", note, 1_024)] {
            var problem: String?
            if value.isEmpty {
                problem = "the \(label) is empty; say who and why, it is kept with the action"
            } else if value.count > cap {
                problem = "the \(label) is longer than \(cap) characters"
            } else if value.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) {
                problem = "the \(label) has control characters (a line break?); give it on one line"
            }
            if let problem {
                throw EventStoreError(.invalidArgument, path: path, operation: operation, detail: problem)
            }
        }
        return (name, note)
    }

    /// The live holder of `lease`, if any: not stale at `now` and not a dead process on this host.
    private static func liveHolder(_ lease: String, timeout: Double, now: Double, _ db: Database) throws
        -> EventStoreLease?
    {
        guard let holder = try leases.fetch(lease, db) else { return nil }
        if holder.isStale(now: now, timeout: timeout) || holder.isDeadProcessOnThisHost { return nil }
        return holder
    }

    private static func fetchAction(_ id: Int64, _ db: Database) throws -> StoredAction? {
        try Row.fetchOne(db, sql: "SELECT \(EventRows.actionColumns) FROM actions WHERE id = ?", arguments: [id])
            .map(EventRows.action)
    }

    /// `limit` within 1 … ``maxLimit``.
    static func clamp(_ limit: Int) -> Int { min(max(1, limit), maxLimit) }
}

/// What ``EventStore/outbox(pendingLimit:finishedLimit:)`` found.
public struct OutboxListing: Sendable, Hashable {
    /// The oldest pending actions, in queue order.
    public var pending: [StoredAction]
    /// Every pending action.
    public var pendingTotal: Int
    /// The most recently finished actions, newest first.
    public var finished: [StoredAction]
    /// Every finished action the store keeps (retention prunes old ones).
    public var finishedTotal: Int
}

/// What an operator's change to the outbox came to.
public enum OperatorChange: Sendable, Hashable {
    /// Done: the action as it now is (for a retry, the new action).
    case changed(StoredAction)
    /// There is no such action (or it was pruned).
    case unknown
    /// The action is not in a state the change applies to (skip: not pending; retry: pending,
    /// succeeded, or already retried); nothing was changed.
    case refused(StoredAction)
    /// A live consumer holds the store's writer lease; nothing was changed.
    case consumerRunning(EventStoreLease)
}

internal import GRDB

extension EventStore {
    /// What one prune removed.
    public struct PruneResult: Sendable, Hashable {
        /// Events deleted.
        public var events = 0
        /// Cleared alarms deleted.
        public var alarms = 0
        /// Finished actions deleted.
        public var actions = 0

        /// Whether anything was deleted.
        public var isEmpty: Bool { events == 0 && alarms == 0 && actions == 0 }
    }

    /// Applies ``retention`` until nothing more is due, one bounded batch per transaction (so a
    /// consumer recording at the same time waits one batch at most).
    ///
    /// - Parameter maxBatches: stops after this many batches even if more is due.
    /// - Returns: What was deleted in all.
    @discardableResult
    public func prune(maxBatches: Int = 1_000) async throws -> PruneResult {
        var total = PruneResult()
        for _ in 0..<max(1, maxBatches) {
            let batch = try await pruneBatch()
            total.events += batch.events
            total.alarms += batch.alarms
            total.actions += batch.actions
            if batch.events < retention.batchSize, batch.alarms < retention.batchSize,
                batch.actions < retention.batchSize
            {
                break
            }
        }
        return total
    }

    /// Deletes at most ``EventRetention/batchSize`` events, cleared alarms and finished actions
    /// that retention no longer keeps, oldest first, in one transaction.
    func pruneBatch() async throws -> PruneResult {
        let retention = retention
        let cutoff = retention.maxAgeMilliseconds.map { clock().storeMilliseconds - $0 }
        return try await write("prune") { db in
            var result = PruneResult()
            let batch = retention.batchSize
            // The newest maxEvents events stay: the id of the first one beyond them bounds the delete.
            if let beyond = try Int64.fetchOne(
                db,
                sql: "SELECT id FROM events ORDER BY id DESC LIMIT 1 OFFSET ?",
                arguments: [retention.maxEvents]
            ) {
                try db.execute(
                    sql: "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE id <= ? ORDER BY id LIMIT ?)",
                    arguments: [beyond, batch]
                )
                result.events += db.changesCount
            }
            if let cutoff, result.events < batch {
                try db.execute(
                    sql: "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE recorded_at < ? LIMIT ?)",
                    arguments: [cutoff, batch - result.events]
                )
                result.events += db.changesCount
            }
            // Finished actions: as many as events at most, and none older than maxAge.
            let oldestKept = try Double.fetchOne(
                db,
                sql: "SELECT done_at FROM actions WHERE status IS NOT NULL ORDER BY done_at DESC LIMIT 1 OFFSET ?",
                arguments: [retention.maxEvents - 1]
            )
            if let limit = [oldestKept, cutoff].compactMap({ $0 }).max() {
                try db.execute(
                    sql: """
                        DELETE FROM actions WHERE id IN
                        (SELECT id FROM actions WHERE status IS NOT NULL AND done_at < ? LIMIT ?)
                        """,
                    arguments: [limit, batch]
                )
                result.actions = db.changesCount
            }
            if let cutoff {
                try db.execute(
                    sql: """
                        DELETE FROM alarms WHERE id IN
                        (SELECT id FROM alarms WHERE state = 'cleared' AND changed_at < ? LIMIT ?)
                        """,
                    arguments: [cutoff, batch]
                )
                result.alarms = db.changesCount
            }
            return result
        }
    }
}

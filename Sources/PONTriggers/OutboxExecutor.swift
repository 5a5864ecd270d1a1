public import PONEvents

/// Drains an ``EventStore``'s outbox with an ``ActionExecutor``: every pending action, oldest first,
/// is performed and then marked done, failed or skipped in the store.
///
/// Durable and at most once in effect: an action is marked only after it was performed, so a
/// crash in between offers it again at the next start; the executor passes the action's key as the
/// GenieACS `uniqueKey`, so the second attempt replaces the first task instead of adding one, and
/// tags are idempotent. A retryable failure (GenieACS unreachable) leaves the action pending and
/// stops the pass, so later actions never overtake it; the caller tries again later, up to
/// ``maxAttempts`` times, after which the action is marked failed with the reason.
public struct OutboxExecutor: Sendable {
    public let store: EventStore
    public let executor: ActionExecutor
    /// One line per finished action (`action 12 trg-… bind-gateway: done: …`).
    public let report: @Sendable (String) -> Void
    /// Each action's outcome as it is settled (retryable failures too), for counters.
    public var settled: @Sendable (ActionOutcome) -> Void = { _ in }

    /// Attempts after which an action that keeps failing in a retryable way (GenieACS
    /// unreachable) is settled `failed` and the outbox moves on: with the worker's delays (1 s
    /// doubling to 60 s) about 15 minutes. A webhook spends its own `retries` + 1 attempts inside
    /// one attempt and is final after them.
    public static let defaultMaxAttempts = 20
    /// See ``defaultMaxAttempts``; counted in the store, so restarts do not reset it.
    public var maxAttempts = OutboxExecutor.defaultMaxAttempts

    public init(store: EventStore, executor: ActionExecutor, report: @escaping @Sendable (String) -> Void) {
        self.store = store
        self.executor = executor
        self.report = report
    }

    /// What one pass did.
    public struct Pass: Sendable, Hashable {
        public var done = 0
        public var skipped = 0
        public var failed = 0
        /// Whether the pass stopped at a retryable failure (the action is still pending).
        public var blocked = false
        /// Whether the pass stopped because the task was cancelled.
        public var cancelled = false
    }

    /// Marks an action performed, to the end even when the pass is being cancelled (a stop while a
    /// webhook was in flight): an action carried out but not marked would be carried out again at
    /// the next start, and the store refuses writes from a cancelled task.
    private func markDone(_ id: Int64, outcome: PONEvents.ActionOutcome) async throws {
        let store = store
        _ = try await Task { try await store.markDone(id, outcome: outcome) }.value
    }

    /// Performs pending actions until none is left, a retryable failure stops the pass, or the task
    /// is cancelled (the action in hand is finished and marked first).
    ///
    /// - Throws: ``EventStoreError`` when the store cannot be read or written.
    public func drain(batch: Int = 100) async throws -> Pass {
        var pass = Pass()
        while !Task.isCancelled {
            let pending = try await store.pendingActions(limit: batch)
            if pending.isEmpty { return pass }
            for stored in pending {
                if Task.isCancelled {
                    pass.cancelled = true
                    return pass
                }
                var label = "action \(stored.id) \(stored.key)"
                let outcome: ActionOutcome
                do {
                    let action = try stored.decode(PlannedAction.self)
                    label += " \(action.rule)"
                    outcome = await executor.execute(action)
                } catch {
                    outcome = .failed(
                        "the stored action cannot be read (written by another ferrule version?): \(error)",
                        retryable: false
                    )
                }
                if Task.isCancelled, case .failed = outcome {
                    // A stop cut the action short (a webhook in flight): it stays pending for the
                    // next start, with no attempt counted.
                    report("\(label): cut short by the stop; left pending for the next start")
                    pass.cancelled = true
                    return pass
                }
                switch outcome {
                case .failed(let text, retryable: true):
                    // A stop (the task cancelled, a webhook's wait cut short) is no attempt of its
                    // own, and the store refuses writes from a cancelled task.
                    let attempts = Task.isCancelled ? 0 : try await store.recordFailedAttempt(stored.id, reason: text)
                    if attempts < maxAttempts {
                        let count = attempts > 0 ? "attempt \(attempts) of \(maxAttempts), " : ""
                        report("\(label): \(text); \(count)will retry")
                        settled(outcome)
                        pass.blocked = true
                        return pass
                    }
                    let reason = "\(text); given up after \(attempts) attempts"
                    let final = ActionOutcome.failed(reason, retryable: false)
                    try await markDone(stored.id, outcome: PONEvents.ActionOutcome(.failed, detail: reason))
                    pass.failed += 1
                    report("\(label): \(final)")
                    settled(final)
                    continue
                case .done(let text):
                    try await markDone(stored.id, outcome: PONEvents.ActionOutcome(.succeeded, detail: text))
                    pass.done += 1
                case .skipped(let text):
                    try await markDone(stored.id, outcome: PONEvents.ActionOutcome(.skipped, detail: text))
                    pass.skipped += 1
                case .failed(let text, retryable: false):
                    try await markDone(stored.id, outcome: PONEvents.ActionOutcome(.failed, detail: text))
                    pass.failed += 1
                }
                report("\(label): \(outcome)")
                settled(outcome)
            }
        }
        pass.cancelled = true
        return pass
    }
}

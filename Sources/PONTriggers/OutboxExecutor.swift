public import PONEvents

/// Drains an ``EventStore``'s outbox with an ``ActionExecutor``: every pending action, oldest first,
/// is performed and then marked done, failed or skipped in the store.
///
/// Durable and at least once: an action is marked only after it was performed, so a crash in
/// between offers it again at the next start; the executor passes the action's key as the GenieACS
/// `uniqueKey` and does not send a `provisions` task again while GenieACS still holds the first
/// (queued or faulted), and tags are idempotent — but a task the CPE already ran is gone from
/// GenieACS, so that one runs again (``ActionExecutor``). A retryable failure (GenieACS unreachable) leaves the action pending and
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

    /// Where webhooks are sent beside the rest of the outbox, one receiver not holding back the
    /// others; nil: in the pass, in queue order (``drain(batch:)``).
    public var webhookLanes: WebhookLanes?

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

    /// What settling one outcome came to.
    enum Settled {
        /// Marked done, skipped or failed.
        case finished
        /// A retryable failure: left pending (attempt counted unless cut short by a stop).
        case retrying
        /// Cut short by the stop: left pending, no attempt counted.
        case cutShort
    }

    /// Marks `outcome` of `stored` in the store, reports it and counts it in `pass`.
    func settle(_ stored: StoredAction, label: String, _ outcome: ActionOutcome, pass: inout Pass) async throws
        -> Settled
    {
        if Task.isCancelled, case .failed = outcome {
            // A stop cut the action short (a webhook in flight): it stays pending for the next
            // start, with no attempt counted.
            report("\(label): cut short by the stop; left pending for the next start")
            return .cutShort
        }
        switch outcome {
        case .failed(let text, retryable: true):
            // A stop (the task cancelled, a webhook's wait cut short) is no attempt of its own,
            // and the store refuses writes from a cancelled task.
            let attempts = Task.isCancelled ? 0 : try await store.recordFailedAttempt(stored.id, reason: text)
            if attempts < maxAttempts {
                let count = attempts > 0 ? "attempt \(attempts) of \(maxAttempts), " : ""
                report("\(label): \(text); \(count)will retry")
                settled(outcome)
                return .retrying
            }
            let reason = "\(text); given up after \(attempts) attempts"
            let final = ActionOutcome.failed(reason, retryable: false)
            try await markDone(stored.id, outcome: PONEvents.ActionOutcome(.failed, detail: reason))
            pass.failed += 1
            report("\(label): \(final)")
            settled(final)
            return .finished
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
        return .finished
    }

    /// Performs pending actions until none is left, a retryable failure stops the pass, or the task
    /// is cancelled (the action in hand is finished and marked first).
    ///
    /// With ``webhookLanes``, a webhook is handed to its receiver's lane and the pass goes on with
    /// the next action; a webhook whose receiver is busy (or whose lane cannot start) is passed by,
    /// and so is every later one to that receiver, so each receiver gets its webhooks in queue
    /// order. The next pass (the lane wakes the worker when it is done) takes them up.
    ///
    /// - Throws: ``EventStoreError`` when the store cannot be read or written.
    public func drain(batch: Int = 100) async throws -> Pass {
        var pass = Pass()
        var cursor: Int64 = 0
        var held = Set<String>()
        while !Task.isCancelled {
            let pending = try await store.pendingActions(after: cursor, limit: batch)
            if pending.isEmpty { return pass }
            for stored in pending {
                if Task.isCancelled {
                    pass.cancelled = true
                    return pass
                }
                cursor = stored.id
                var label = "action \(stored.id) \(stored.key)"
                let outcome: ActionOutcome
                do {
                    let action = try stored.decode(PlannedAction.self)
                    label += " \(action.rule)"
                    if let lanes = webhookLanes, case .webhook(let request) = action.step {
                        let receiver = request.receiver
                        let started =
                            !held.contains(receiver)
                            && lanes.start(stored.id, receiver: receiver) { [self, label] in
                                await sendInLane(stored, action, label: label)
                            }
                        if !started { held.insert(receiver) }
                        continue
                    }
                    outcome = await executor.execute(action)
                } catch {
                    outcome = .failed(
                        "the stored action cannot be read (written by another ferrule version?): \(error)",
                        retryable: false
                    )
                }
                switch try await settle(stored, label: label, outcome, pass: &pass) {
                case .finished: continue
                case .retrying:
                    pass.blocked = true
                    return pass
                case .cutShort:
                    pass.cancelled = true
                    return pass
                }
            }
        }
        pass.cancelled = true
        return pass
    }

    /// Sends one webhook in its receiver's lane and settles it; what it came to is counted in the
    /// lanes' totals.
    private func sendInLane(_ stored: StoredAction, _ action: PlannedAction, label: String) async -> Pass {
        var pass = Pass()
        // The pass read it pending, perhaps before the receiver's lane settled it: sent once.
        do {
            guard let current = try await store.action(stored.id), current.outcome == nil else { return pass }
        } catch {
            report("\(label): left pending, the store cannot be read: \(error)")
            return pass
        }
        let outcome = await executor.execute(action)
        do {
            _ = try await settle(stored, label: label, outcome, pass: &pass)
        } catch {
            // Left pending: the next pass (or start) sends it again, as after a crash.
            report("\(label): \(outcome); it cannot be marked in the store: \(error)")
        }
        return pass
    }
}

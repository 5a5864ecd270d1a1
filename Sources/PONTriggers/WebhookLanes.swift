import Synchronization

/// Webhooks sent beside the rest of the outbox: one lane per receiver (``WebhookRequest/receiver``)
/// sends its webhooks one at a time, in queue order, with their retries and backoff, while the
/// outbox goes on with other actions. A receiver that accepts and never answers holds back only
/// its own later webhooks, not the tags and tasks of other ONUs nor other receivers.
///
/// Bounded: at most ``maxReceivers`` lanes at once, one webhook each; a webhook that finds no
/// free lane waits in the outbox for the next pass. The ``OutboxWorker`` owns the lanes: each
/// lane wakes it when done, and it waits for them (or cancels them) before it returns.
public final class WebhookLanes: Sendable {
    /// Receivers served at once by default.
    public static let defaultMaxReceivers = 8

    public let maxReceivers: Int
    private struct State {
        var lanes: [String: (id: Int64, task: Task<Void, Never>)] = [:]
        var totals = OutboxExecutor.Pass()
        var started = 0
        var cancelled = false
    }
    private let state = Mutex(State())
    private let done: @Sendable () -> Void

    /// `done` is called after each webhook is settled (the worker's wake).
    public init(maxReceivers: Int = WebhookLanes.defaultMaxReceivers, done: @escaping @Sendable () -> Void) {
        self.maxReceivers = max(1, maxReceivers)
        self.done = done
    }

    /// Starts `send` for action `id` in `receiver`'s lane; false when that lane is busy, all lanes
    /// are, or the lanes were cancelled (the webhook stays pending for a later pass).
    func start(_ id: Int64, receiver: String, _ send: @escaping @Sendable () async -> OutboxExecutor.Pass) -> Bool {
        state.withLock { s in
            guard !s.cancelled, s.lanes[receiver] == nil, s.lanes.count < maxReceivers else { return false }
            let task = Task { [self] in
                let pass = await send()
                state.withLock { s in
                    s.lanes[receiver] = nil
                    s.totals.done += pass.done
                    s.totals.skipped += pass.skipped
                    s.totals.failed += pass.failed
                }
                done()
            }
            s.lanes[receiver] = (id, task)
            s.started += 1
            return true
        }
    }

    /// How many webhooks were handed to a lane so far.
    public var started: Int { state.withLock { $0.started } }

    /// What the webhooks settled so far came to.
    public var totals: OutboxExecutor.Pass { state.withLock { $0.totals } }

    /// Waits until every webhook being sent is settled (or cut short).
    public func idle() async {
        while let task = state.withLock({ $0.lanes.values.first?.task }) { await task.value }
    }

    /// Cuts every webhook being sent short (a stop's grace is over): each stays pending for the
    /// next start; no lane starts any more.
    public func cancel() {
        let tasks = state.withLock { s in
            s.cancelled = true
            return s.lanes.values.map(\.task)
        }
        for task in tasks { task.cancel() }
    }
}

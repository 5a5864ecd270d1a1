/// Runs an ``OutboxExecutor`` for as long as events come in: one pass at start (actions left
/// pending by an earlier run go first), one whenever ``wake()`` says actions were queued, and
/// after a retryable failure another after a delay that doubles up to a limit.
///
/// ```swift
/// let worker = OutboxWorker(outbox: outbox)
/// async let drained = worker.run()
/// // … record events with actions, calling worker.wake() after each …
/// worker.finish()          // the last pass runs, then run() returns
/// ```
public final class OutboxWorker: Sendable {
    public let outbox: OutboxExecutor
    public let retryDelay: Duration
    public let maxRetryDelay: Duration
    private let wakes: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    /// What the worker did in all.
    public struct Totals: Sendable, Hashable {
        public var done = 0
        public var skipped = 0
        public var failed = 0
        /// Passes stopped by a retryable failure.
        public var retries = 0
    }

    public init(outbox: OutboxExecutor, retryDelay: Duration = .seconds(1), maxRetryDelay: Duration = .seconds(60)) {
        self.outbox = outbox
        self.retryDelay = retryDelay
        self.maxRetryDelay = maxRetryDelay
        (wakes, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
        continuation.yield()
    }

    /// Asks for a pass (actions were queued); several wakes before the pass starts make one pass.
    public func wake() { continuation.yield() }

    /// No more wakes: ``run()`` makes the pass already asked for, if any, and returns.
    public func finish() { continuation.finish() }

    /// Drains the outbox on every wake until ``finish()``; call once.
    ///
    /// - Throws: ``EventStoreError`` when the store cannot be read or written (the action in hand
    ///   stays pending). A cancellation is a stop, not an error: the totals so far are returned.
    ///
    /// Webhooks go to their receivers' lanes (``WebhookLanes``), beside the rest: a lane that is
    /// done wakes the worker for the receiver's next webhook. After ``finish()`` the worker waits
    /// for the lanes and drains again until no webhook is left to send; cancelled, it cuts the
    /// lanes short (their webhooks stay pending for the next start) and waits for them.
    public func run() async throws -> Totals {
        let lanes = WebhookLanes { [continuation] in continuation.yield() }
        var outbox = self.outbox
        outbox.webhookLanes = lanes
        var totals = Totals()
        do {
            try await withTaskCancellationHandler {
                try await drain(outbox, lanes: lanes, totals: &totals)
            } onCancel: {
                lanes.cancel()
            }
        } catch is CancellationError where Task.isCancelled {
            // A stop whose grace is over, not a failure: the action in hand stays pending.
            lanes.cancel()
        } catch {
            lanes.cancel()
            await lanes.idle()
            throw error
        }
        await lanes.idle()
        let sent = lanes.totals
        totals.done += sent.done
        totals.skipped += sent.skipped
        totals.failed += sent.failed
        return totals
    }

    private func drain(_ outbox: OutboxExecutor, lanes: WebhookLanes, totals: inout Totals) async throws {
        var delay = retryDelay
        var retry: Task<Void, Never>?
        defer { retry?.cancel() }
        func pass() async throws {
            retry?.cancel()
            retry = nil
            let pass = try await outbox.drain()
            totals.done += pass.done
            totals.skipped += pass.skipped
            totals.failed += pass.failed
            guard pass.blocked else {
                delay = retryDelay
                return
            }
            totals.retries += 1
            let wait = delay
            delay = min(delay * 2, maxRetryDelay)
            retry = Task { [continuation] in
                do { try await Task.sleep(for: wait) } catch { return }
                continuation.yield()
            }
        }
        for await _ in wakes { try await pass() }
        // Finished: webhooks held back behind a busy receiver go once its lane is done, until a
        // pass hands no webhook to a lane.
        while !Task.isCancelled {
            await lanes.idle()
            let started = lanes.started
            if Task.isCancelled { break }
            try await pass()
            if lanes.started == started { break }
        }
    }
}

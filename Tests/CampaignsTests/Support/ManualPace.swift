import Synchronization

/// A heartbeat pace the test drives (``CampaignRunner/heartbeatPace``): the heartbeat waits in
/// ``wait(_:)`` until the test calls ``tick()``, which returns once that renewal is done and the
/// heartbeat waits again. No timing: the test decides when each renewal happens.
final class ManualPace: Sendable {
    private struct State {
        /// The heartbeat, waiting for a tick.
        var heartbeat: CheckedContinuation<Void, any Error>?
        /// Tests waiting for the heartbeat to wait.
        var watchers: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// The heartbeat's wait: returns at the next tick; throws `CancellationError` when cancelled.
    @Sendable func wait(_: Duration) async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (heartbeat: CheckedContinuation<Void, any Error>) in
                let watchers = self.state.withLock { s -> [CheckedContinuation<Void, Never>]? in
                    // Checked under the lock the cancellation handler takes: no cancel goes unseen.
                    if Task.isCancelled { return nil }
                    s.heartbeat = heartbeat
                    defer { s.watchers = [] }
                    return s.watchers
                }
                guard let watchers else { return heartbeat.resume(throwing: CancellationError()) }
                for watcher in watchers { watcher.resume() }
            }
        } onCancel: {
            let heartbeat = self.state.withLock { s in
                defer { s.heartbeat = nil }
                return s.heartbeat
            }
            heartbeat?.resume(throwing: CancellationError())
        }
    }

    /// Lets the heartbeat renew once; returns when it waits for the next tick.
    func tick() async {
        await waiting()
        let heartbeat = state.withLock { s in
            defer { s.heartbeat = nil }
            return s.heartbeat
        }
        heartbeat?.resume()
        await waiting()
    }

    /// Returns once the heartbeat waits for a tick.
    private func waiting() async {
        await withCheckedContinuation { (watcher: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { s in
                if s.heartbeat != nil { return true }
                s.watchers.append(watcher)
                return false
            }
            if ready { watcher.resume() }
        }
    }
}

import Synchronization
import Testing

/// A heartbeat pace the test drives (``CampaignRunner/heartbeatPace``): the heartbeat waits in
/// ``wait(_:)`` until the test calls ``tick()``, which returns once that renewal is done and the
/// heartbeat waits again. No timing: the test decides when each renewal happens. A heartbeat that
/// never comes to wait (none was started) fails the test after 30 s instead of hanging it.
final class ManualPace: Sendable {
    private struct State {
        /// The heartbeat, waiting for a tick.
        var heartbeat: CheckedContinuation<Void, any Error>?
        /// Tests waiting for the heartbeat to wait, by number.
        var watchers: [Int: CheckedContinuation<Bool, Never>] = [:]
        var nextWatcher = 0
        /// A tick gave up waiting: later ones do not wait again.
        var gaveUp = false
    }

    private let state = Mutex(State())

    /// The heartbeat's wait: returns at the next tick; throws `CancellationError` when cancelled.
    @Sendable func wait(_: Duration) async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (heartbeat: CheckedContinuation<Void, any Error>) in
                let watchers = self.state.withLock { s -> [CheckedContinuation<Bool, Never>]? in
                    // Checked under the lock the cancellation handler takes: no cancel goes unseen.
                    if Task.isCancelled { return nil }
                    s.heartbeat = heartbeat
                    defer { s.watchers = [:] }
                    return Array(s.watchers.values)
                }
                guard let watchers else { return heartbeat.resume(throwing: CancellationError()) }
                for watcher in watchers { watcher.resume(returning: true) }
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
        guard await waiting() else { return }
        let heartbeat = state.withLock { s in
            defer { s.heartbeat = nil }
            return s.heartbeat
        }
        heartbeat?.resume()
        _ = await waiting()
    }

    /// Returns true once the heartbeat waits for a tick; false (an issue recorded) when it did not
    /// within 30 s.
    private func waiting() async -> Bool {
        let arrived = await withCheckedContinuation { (watcher: CheckedContinuation<Bool, Never>) in
            let number = state.withLock { s -> Int? in
                if s.heartbeat != nil || s.gaveUp { return nil }
                s.nextWatcher += 1
                s.watchers[s.nextWatcher] = watcher
                return s.nextWatcher
            }
            guard let number else { return watcher.resume(returning: state.withLock { !$0.gaveUp }) }
            Task {
                try? await Task.sleep(for: .seconds(30))
                let late = self.state.withLock { s in
                    let late = s.watchers.removeValue(forKey: number)
                    if late != nil { s.gaveUp = true }
                    return late
                }
                late?.resume(returning: false)
            }
        }
        if !arrived { Issue.record("the heartbeat never waited for a tick: no heartbeat task runs") }
        return arrived
    }
}

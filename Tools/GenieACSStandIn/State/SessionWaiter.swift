import Synchronization

/// A request waiting for a device's session: `POST …/tasks?connection_request` waits for a session to start and
/// then to end (GenieACS 1.2.16 lib/nbi.ts:382-405, lib/api-functions.ts:219-250); `POST /_standin/devices/<id>/inform`
/// waits for it to end.
final class SessionWaiter: Sendable {
    enum Outcome: Sendable, Equatable {
        /// No session started before the start deadline.
        case notStarted
        /// A session started after the waiter was registered, and ended.
        case ended
        /// A session started but did not end before the end deadline.
        case notEnded
    }

    private struct State {
        var started = false
        var outcome: Outcome?
        var continuation: CheckedContinuation<Outcome, Never>?
    }

    private let state = Mutex(State())

    func sessionStarted() { state.withLock { $0.started = true } }

    /// Ends the wait if this session was one the waiter saw start.
    func sessionEnded() {
        let started = state.withLock { $0.started }
        if started { finish(.ended) }
    }

    func startDeadlinePassed() {
        let started = state.withLock { $0.started }
        if !started { finish(.notStarted) }
    }

    func endDeadlinePassed() { finish(.notEnded) }

    var isDone: Bool { state.withLock { $0.outcome != nil } }

    func wait() async -> Outcome {
        await withCheckedContinuation { (c: CheckedContinuation<Outcome, Never>) in
            let ready: Outcome? = state.withLock { s in
                if let o = s.outcome { return o }
                s.continuation = c
                return nil
            }
            if let ready { c.resume(returning: ready) }
        }
    }

    private func finish(_ outcome: Outcome) {
        let c: CheckedContinuation<Outcome, Never>? = state.withLock { s in
            guard s.outcome == nil else { return nil }
            s.outcome = outcome
            defer { s.continuation = nil }
            return s.continuation
        }
        c?.resume(returning: outcome)
    }
}

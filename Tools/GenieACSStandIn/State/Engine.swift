import NIOCore
import Synchronization

/// The state behind a lock, driven by one timer on an event loop: the earliest due event arms it, so 100,000
/// devices' periodic informs cost one heap and one timer, not a timer each.
final class Engine: Sendable {
    private let state: Mutex<StandInState>
    private let loop: any EventLoop
    private struct Armed {
        var at: Int64
        var task: Scheduled<Void>
    }

    private let armed = Mutex<Armed?>(nil)
    private let stopped = Mutex(false)

    init(state: StandInState, loop: any EventLoop) {
        self.state = Mutex(state)
        self.loop = loop
    }

    /// Runs `body` on the state under the lock, then arms the timer for the earliest due event.
    func withState<R: Sendable, E: Error>(_ body: (inout StandInState) throws(E) -> R) throws(E) -> R {
        let (result, next): (R, Int64?) = try state.withLock { (s: inout StandInState) throws(E) in
            let r = try body(&s)
            return (r, s.events.nextDue)
        }
        if let next { arm(next) }
        return result
    }

    /// Starts the timer loop.
    func start() {
        let next = state.withLock { $0.events.nextDue }
        if let next { arm(next) }
    }

    func stop() {
        stopped.withLock { $0 = true }
        armed.withLock { a in
            a?.task.cancel()
            a = nil
        }
    }

    private func arm(_ at: Int64) {
        guard !stopped.withLock({ $0 }) else { return }
        armed.withLock { a in
            if let current = a, current.at <= at { return }
            a?.task.cancel()
            let delay = max(0, at - Timestamp.now())
            let task = loop.scheduleTask(in: .milliseconds(delay)) { [weak self] () -> Void in self?.tick() }
            a = Armed(at: at, task: task)
        }
    }

    private func tick() {
        armed.withLock { $0 = nil }
        let now = Timestamp.now()
        let signals: [WaiterSignal] = state.withLock { $0.runDue(now: now) }
        for s in signals { s.fire() }
        if let next = state.withLock({ $0.events.nextDue }) { arm(next) }
    }
}

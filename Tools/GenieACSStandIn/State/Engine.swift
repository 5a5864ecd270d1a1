import NIOCore
import Synchronization

/// The state behind a lock, driven by one timer on an event loop: the earliest due event arms it, so 100,000
/// devices' periodic informs cost one heap and one timer, not a timer each.
///
/// Without a loop the engine is driven by its clock alone (``InMemoryGenieACS``): every access first runs the
/// events due at `now()`, so a test clock that jumps ahead makes the simulated CPEs catch up, deterministically.
final class Engine: Sendable {
    private let state: Mutex<StandInState>
    private let loop: (any EventLoop)?
    /// The stand-in's time, milliseconds since the epoch.
    let now: @Sendable () -> Int64
    private struct Armed {
        var at: Int64
        var task: Scheduled<Void>
    }

    private let armed = Mutex<Armed?>(nil)
    private let stopped = Mutex(false)

    init(state: StandInState, loop: (any EventLoop)?, now: @escaping @Sendable () -> Int64 = { Timestamp.now() }) {
        self.state = Mutex(state)
        self.loop = loop
        self.now = now
    }

    /// Whether time only moves with the clock (no timer, no real waiting).
    var isClockDriven: Bool { loop == nil }

    /// Runs `body` on the state under the lock, then arms the timer for the earliest due event. A clock-driven
    /// engine first runs every event due at `now()`.
    func withState<R: Sendable, E: Error>(_ body: (inout StandInState) throws(E) -> R) throws(E) -> R {
        let clockTime: Int64? = loop == nil ? now() : nil
        let (result, next, signals): (R, Int64?, [WaiterSignal]) = try state.withLock {
            (s: inout StandInState) throws(E) in
            var signals: [WaiterSignal] = []
            if let clockTime {
                while let due = s.events.nextDue, due <= clockTime { signals += s.runDue(now: clockTime) }
            }
            let r = try body(&s)
            return (r, s.events.nextDue, signals)
        }
        for signal in signals { signal.fire() }
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
        guard let loop, !stopped.withLock({ $0 }) else { return }
        armed.withLock { a in
            if let current = a, current.at <= at { return }
            a?.task.cancel()
            let delay = max(0, at - now())
            let task = loop.scheduleTask(in: .milliseconds(delay)) { [weak self] () -> Void in self?.tick() }
            a = Armed(at: at, task: task)
        }
    }

    private func tick() {
        armed.withLock { $0 = nil }
        let time = now()
        let signals: [WaiterSignal] = state.withLock { $0.runDue(now: time) }
        for s in signals { s.fire() }
        if let next = state.withLock({ $0.events.nextDue }) { arm(next) }
    }
}

public import Logging
import Synchronization

/// What `/readyz` answers from: the ``ReadinessProbe``'s checks run at most one round at a time
/// (callers arriving while a round runs wait for it and share its result) and the result reused
/// for `interval` after it completes (`limits.readiness_cache_seconds`, 5 s by default), so any
/// number of anonymous requests cause at most one round of upstream queries and store writes
/// per interval.
///
/// The event consumer's check is a local read and is never cached: it is taken at each request.
public final class ReadinessProbeCache: Sendable {
    /// The checks of the stores and the tenants' upstreams (without the consumer's).
    let probe: ReadinessProbe
    /// The hosted event consumer's state, read at each request; nil hosts none.
    let consumer: (@Sendable () -> String)?
    /// How long a completed round's result is reused.
    public let interval: Duration
    private let state = Mutex<State>(.empty)

    private enum State {
        case empty
        case running(Task<[ReadinessProbe.Check], Never>)
        case done([ReadinessProbe.Check], at: ContinuousClock.Instant)
    }

    /// What a caller does: take the fresh result, or wait for the round in flight.
    private enum Step {
        case fresh([ReadinessProbe.Check])
        case wait(Task<[ReadinessProbe.Check], Never>)
    }

    /// A cache over `probe`, reusing a result for `interval` (zero: only concurrent callers share).
    public init(probe: ReadinessProbe, interval: Duration) {
        var upstream = probe
        upstream.consumer = nil
        self.probe = upstream
        consumer = probe.consumer
        self.interval = interval
    }

    /// The checks: the last round's while it is fresh, else those of the round in flight or of a
    /// new one; the consumer's check (when one is hosted) third, after the stores', read now.
    public func checks(logger: Logger) async -> [ReadinessProbe.Check] {
        var checks = await round(logger: logger)
        if let consumer {
            checks.insert(.init(name: "consumer", state: consumer()), at: min(2, checks.count))
        }
        return checks
    }

    private func round(logger: Logger) async -> [ReadinessProbe.Check] {
        let interval = self.interval
        let probe = self.probe
        let step: Step = state.withLock { state in
            switch state {
            case .done(let checks, let at) where ContinuousClock.now - at < interval:
                return .fresh(checks)
            case .running(let task):
                return .wait(task)
            default:
                let task = Task { await probe.run(logger: logger) }
                state = .running(task)
                return .wait(task)
            }
        }
        switch step {
        case .fresh(let checks):
            return checks
        case .wait(let task):
            let checks = await task.value
            state.withLock { state in
                if case .running = state { state = .done(checks, at: ContinuousClock.now) }
            }
            return checks
        }
    }
}

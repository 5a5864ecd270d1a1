/// When the next reconciliation pass is due (``VolthaReconciliation``): at start, after an outage
/// once the broker is back, periodically, and after a failed pass.
struct ReconcileSchedule: Sendable {
    private var dueAt: ContinuousClock.Instant?
    private var handledOutages = 0
    private let interval: Duration?
    private let retryAfter: Duration

    /// Due at once.
    init(_ reconciliation: VolthaReconciliation, now: ContinuousClock.Instant) {
        dueAt = now
        interval = reconciliation.interval
        retryAfter = reconciliation.retryAfter
    }

    /// Whether a pass is due now; `outages` is the consumer's outage count and `connected` whether
    /// the broker is reachable now (an outage counts once it is over).
    mutating func isDue(now: ContinuousClock.Instant, outages: Int, connected: Bool) -> Bool {
        if connected, outages > handledOutages {
            handledOutages = outages
            dueAt = now
        }
        guard let dueAt else { return false }
        return now >= dueAt
    }

    /// A pass ended at `now`: the next one after the interval, or soon when this one failed; at
    /// once (when the topic is next idle) when it `carried` ONUs whose software it had no time to
    /// read.
    mutating func passed(now: ContinuousClock.Instant, succeeded: Bool, carried: Bool = false) {
        dueAt = carried ? now : succeeded ? interval.map { now + $0 } : now + retryAfter
    }
}

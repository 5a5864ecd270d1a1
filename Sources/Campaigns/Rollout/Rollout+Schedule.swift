import Foundation

extension Rollout {
    /// Whether pushes may happen at `instant` (milliseconds since the epoch): at or after
    /// ``startAt`` and inside one of the ``windows`` (any time when there are none).
    public func isOpen(at instant: Double) -> Bool {
        if let startAt, instant < startAt { return false }
        return windows.isEmpty || windows.contains { $0.contains(instant, defaultZone: timeZone) }
    }

    /// The first instant at or after `instant` when pushes may happen: `instant` itself when
    /// open; nil when no window opens within a year (every window in an unknown zone).
    ///
    /// Exact across daylight-saving changes: a window that starts inside a spring-forward gap
    /// opens when clocks jump past it, and one that starts in a fall-back overlap opens again
    /// the second time its start comes round.
    public func nextOpening(after instant: Double) -> Double? {
        let base = max(instant, startAt ?? instant)
        if isOpen(at: base) { return base }
        if windows.isEmpty { return base }
        let week = 7 * 86_400_000.0
        var low = base
        for _ in 0..<53 {
            let high = low + week
            var candidates: [Double] = []
            for window in windows {
                guard let zone = IANAZone.named(window.timeZone ?? timeZone) else { continue }
                candidates += Self.openings(of: window, in: zone, after: low, through: high)
            }
            for candidate in candidates.sorted() where isOpen(at: candidate) { return candidate }
            low = high
        }
        return nil
    }

    /// The instants in (`low`, `high`] when `window` may begin to be open: each day's start
    /// time (both, when it happens twice) and each daylight-saving change of `zone`.
    static func openings(of window: MaintenanceWindow, in zone: TimeZone, after low: Double, through high: Double)
        -> [Double]
    {
        var out: [Double] = []
        let firstDay = Int((CivilTime.wallSeconds(atMilliseconds: low, in: zone) / 86_400).rounded(.down)) - 1
        let lastDay = Int((CivilTime.wallSeconds(atMilliseconds: high, in: zone) / 86_400).rounded(.down)) + 1
        for day in firstDay...lastDay {
            let wall = Double(day) * 86_400 + Double(window.start) * 60
            out += CivilTime.instants(ofWallSeconds: wall, in: zone).filter { $0 > low && $0 <= high }
        }
        var cursor = Date(timeIntervalSince1970: low / 1000)
        while let change = zone.nextDaylightSavingTimeTransition(after: cursor),
            change.timeIntervalSince1970 * 1000 <= high
        {
            out.append(change.timeIntervalSince1970 * 1000)
            cursor = change
        }
        return out
    }

    /// Milliseconds to wait before the retry that follows failed attempt `attempt` (1 = the first
    /// push): ``retryBackoffSeconds``, doubled for each later attempt (capped at 2^20 times).
    public func retryDelay(afterAttempt attempt: Int) -> Double {
        let exponent = min(max(attempt, 1) - 1, 20)
        return retryBackoffSeconds * 1000 * Double(1 << exponent)
    }
}

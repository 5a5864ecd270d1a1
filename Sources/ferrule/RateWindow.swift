/// A rate over a sliding window: how fast a running total grew over the last ``span`` seconds.
///
/// A rate needs at least ``minimumSpan`` seconds of samples: ten pushes in the first 10 ms are "not
/// yet known", not 1,000/s. Samples closer than ``spacing`` to the previous one replace it, so
/// the window holds at most `span / spacing + 2` samples however often it is fed.
struct RateWindow: Sendable {
    /// Seconds the rate is averaged over.
    static let span = 10.0
    /// Seconds of samples needed before a rate is given.
    static let minimumSpan = 1.0
    /// The closest two kept samples may be.
    static let spacing = 0.25

    private var samples: [(time: Double, total: Int)] = []

    /// Records `total` at `time` (seconds, never decreasing) and returns the rate per second over
    /// the window, or nil while less than ``minimumSpan`` seconds have been seen.
    mutating func record(_ total: Int, at time: Double) -> Double? {
        if samples.count >= 2, time - samples[samples.count - 2].time < Self.spacing {
            samples[samples.count - 1] = (time, total)
        } else {
            samples.append((time, total))
        }
        // Keep one sample at or before the window's start, so the window is always covered.
        while samples.count > 2, time - samples[1].time >= Self.span { samples.removeFirst() }
        guard let first = samples.first, time - first.time >= Self.minimumSpan else { return nil }
        return max(0, Double(total - first.total) / (time - first.time))
    }
}

import Foundation

/// The time the campaign engine reads and waits on.
///
/// The runner asks the clock for the time at every decision (windows, rate, backoff, deadlines,
/// lease heartbeats) and waits on it between cycles. ``SystemClock`` is the wall clock; a test
/// clock that advances its time when the runner waits makes hours of rollout run in
/// milliseconds, deterministically.
public protocol CampaignClock: Sendable {
    /// Milliseconds since the Unix epoch.
    func now() -> Double
    /// Suspends for `duration`; throws `CancellationError` when the task is cancelled.
    func sleep(for duration: Duration) async throws
}

/// The wall clock and `Task.sleep`.
public struct SystemClock: CampaignClock {
    public init() {}

    public func now() -> Double { Date().timeIntervalSince1970 * 1000 }

    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}

extension Duration {
    /// The duration in milliseconds, fractional.
    var millisecondsValue: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}

import Synchronization

/// A clock whose time moves only when the code under test waits on it: a wait advances the time at
/// once and returns, so hours of rollout (windows, backoff, storms clearing) run in milliseconds and
/// every run gives the same times. For tests: the deterministic runner tests, and `ferrule campaign
/// run` under `FERRULE_TEST_CAMPAIGN_CLOCK` in the end-to-end tests. Not for production use.
public final class VirtualCampaignClock: CampaignClock {
    private let time: Mutex<Double>

    /// - Parameter start: milliseconds since the epoch.
    public init(start: Double) { time = Mutex(start) }

    public func now() -> Double { time.withLock { $0 } }

    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        time.withLock { $0 += duration.millisecondsValue }
        // Let other tasks run, as a real wait would.
        await Task.yield()
    }
}

import Campaigns
import Foundation
import Synchronization

/// A clock whose time moves only when the code under test waits on it: a wait advances the time at once and
/// returns, so hours of rollout run in milliseconds and every run gives the same times.
final class TestClock: CampaignClock {
    private let time: Mutex<Double>

    /// - Parameter start: milliseconds since the epoch.
    init(start: Double) { time = Mutex(start) }

    func now() -> Double { time.withLock { $0 } }

    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        let (seconds, attoseconds) = duration.components
        time.withLock { $0 += Double(seconds) * 1000 + Double(attoseconds) / 1e15 }
    }

    /// Milliseconds since the epoch for an ISO 8601 UTC time such as `2026-12-07T00:00:00Z`.
    static func instant(_ iso: String) -> Double {
        guard let date = try? Date(iso, strategy: .iso8601) else { return 0 }
        return date.timeIntervalSince1970 * 1000
    }
}

import Campaigns
import Foundation

/// The runner tests' clock: time moves only when the runner waits (``VirtualCampaignClock``).
typealias TestClock = VirtualCampaignClock

extension VirtualCampaignClock {
    /// Milliseconds since the epoch for an ISO 8601 UTC time such as `2026-12-07T00:00:00Z`.
    static func instant(_ iso: String) -> Double {
        guard let date = try? Date(iso, strategy: .iso8601) else { return 0 }
        return date.timeIntervalSince1970 * 1000
    }
}

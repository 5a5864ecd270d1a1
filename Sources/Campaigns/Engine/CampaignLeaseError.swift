public import FerruleStore
import Foundation

/// Another runner holds the campaign: who, since when, and what to do.
///
/// `ferrule campaign run` and `resume` exit with status 3 on it, which no other outcome uses.
public struct CampaignLeaseError: Error, Sendable, CustomStringConvertible {
    /// The lease of the runner holding the campaign.
    public let holder: RunnerLease
    /// When the refusal happened, milliseconds since the epoch.
    public let now: Double
    /// Time without a heartbeat after which the lease may be taken over, milliseconds.
    public let timeout: Double

    public var description: String {
        let since = Date(timeIntervalSince1970: holder.startedAt / 1000).formatted(.iso8601)
        let beat = max(0, Int(((now - holder.heartbeatAt) / 1000).rounded()))
        return "campaign \(holder.key) is already being run by \(holder.holder) (since \(since); "
            + "last heartbeat \(beat) s ago); nothing was pushed. Wait for that runner to finish, or stop it "
            + "(`ferrule campaign pause \(holder.key)`). A runner that died is taken over "
            + "\(Int(timeout / 1000)) s after its last heartbeat"
    }
}

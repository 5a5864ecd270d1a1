/// A campaign, its target counts per state and its first targets, read together.
///
/// `Target`: ``TargetRecord`` (every column, ``CampaignStore/snapshot(_:targetLimit:)``) or
/// ``TargetResult`` (what a progress answer shows, ``CampaignStore/resultsSnapshot(_:targetLimit:)``).
public struct CampaignSnapshot<Target: Sendable>: Sendable {
    /// The campaign as stored.
    public var campaign: CampaignRecord
    /// How many targets are in each state (every state present, zero when none).
    public var counts: [TargetRecord.State: Int]
    /// The first targets in ordinal order, at most the limit asked for.
    public var targets: [Target]
}

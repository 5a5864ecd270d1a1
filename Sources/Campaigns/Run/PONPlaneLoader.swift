/// Where a campaign run gets its PON topology and alarm plane from (PONCampaigns'
/// `PONPlaneSources`: a topology file, VOLTHA's inventory, the event store), loaded once per run.
public protocol PONPlaneLoader: Sendable {
    /// The topology and alarm plane `rollout` uses, read now; nil for what it does not use.
    /// - Throws: When a source the rollout needs cannot be read; the error says which and why.
    func load(for rollout: PONRollout, clock: any CampaignClock) async throws -> (
        topology: (any PONTopology)?, health: (any PlaneHealth)?
    )
}

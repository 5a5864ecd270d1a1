/// How a campaign run ended: the campaign as it ended and its targets counted by state.
public struct CampaignRunResult: Sendable {
    /// The campaign as the run left it (completed, paused or cancelled).
    public var campaign: CampaignRecord
    /// Targets per state.
    public var counts: [TargetRecord.State: Int]

    /// Whether the campaign completed with no failed device (`ferrule campaign run` exits 0).
    public var isClean: Bool { campaign.status == .completed && (counts[.failed] ?? 0) == 0 }

    /// `campaign ID completed: 998 succeeded, 2 failed, 0 skipped` and, when there is one, the
    /// reason for the status in parentheses.
    public var summary: String {
        "campaign \(campaign.id) \(campaign.status.rawValue): \(counts[.succeeded] ?? 0) succeeded, "
            + "\(counts[.failed] ?? 0) failed, \(counts[.skipped] ?? 0) skipped"
            + (campaign.statusReason.map { " (\($0))" } ?? "")
    }
}

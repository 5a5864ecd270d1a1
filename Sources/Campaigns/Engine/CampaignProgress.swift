/// Where a running campaign stands, reported after every cycle.
public struct CampaignProgress: Sendable, Hashable {
    public var campaignID: String
    public var total: Int
    public var counts: [TargetRecord.State: Int]
    /// Pushes per second over the run so far.
    public var pushRate: Double
    /// Why nothing is pushed right now (outside a window, waiting for a wave, paused …), if so.
    public var waiting: String?

    public func count(_ state: TargetRecord.State) -> Int { counts[state] ?? 0 }

    public var finished: Int { count(.succeeded) + count(.failed) + count(.skipped) }

    /// `failed / (succeeded + failed)`, the share the failure-rate rule watches.
    public var failureRate: Double {
        let decided = count(.succeeded) + count(.failed)
        return decided == 0 ? 0 : Double(count(.failed)) / Double(decided)
    }
}

/// What one reconciliation pass's software read (`GetOnuImages`) did within its budget
/// (``VolthaReconciliation/softwareBudget``): for the log line and the metrics.
public struct SoftwareReadTally: Sendable, Hashable {
    /// ONUs whose versions were read.
    public var read: Int
    /// ONUs whose read failed (their activation carries no versions).
    public var failed: Int
    /// ONUs the budget left unread for the first time: their events wait for the next pass.
    public var carried: Int
    /// ONUs the budget left unread a second time: their activation is derived without versions.
    public var givenUp: Int

    /// A tally from its counts.
    public init(read: Int, failed: Int, carried: Int, givenUp: Int) {
        self.read = read
        self.failed = failed
        self.carried = carried
        self.givenUp = givenUp
    }
}

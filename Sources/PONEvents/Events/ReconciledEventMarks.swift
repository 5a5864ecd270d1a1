/// What marks the events `ferrule events run --voltha` derives from VOLTHA's inventory
/// (`PONReconciliation`, in the VOLTHA module) rather than receives: the event store tells a derived
/// activation from a received one by the header id.
public enum ReconciledEventMarks {
    /// The context key that marks a derived event.
    public static let marker = "ferrule-reconcile"
    /// How a derived event's header id begins.
    public static let headerPrefix = "Ferrule.reconcile."
    /// The name of the event a reconciliation derives when an ONU's device reason becomes
    /// `omci-flows-pushed` (VOLTHA publishes no event for reason changes).
    public static let serviceReady = "SERVICE_READY"
}

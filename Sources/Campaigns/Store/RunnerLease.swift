public import FerruleStore

/// The right to run one campaign: a ``ProcessLease`` keyed by the campaign id. One runner at a
/// time holds it, renews it with a heartbeat, and gives it back when it stops; a lease whose
/// heartbeat is older than the timeout belonged to a runner that died (or hangs) and may be taken
/// over.
public typealias RunnerLease = ProcessLease

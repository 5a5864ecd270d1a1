public import FerruleStore

/// The right to consume events into a store and execute its outbox (`ferrule events run`): a
/// ``ProcessLease`` keyed by the lease's name (`events-run`), the same scheme as the campaign
/// runner's. A lease whose heartbeat is older than the timeout, or whose process on this host is
/// gone, may be taken over.
public typealias EventStoreLease = ProcessLease

/// How long the store keeps events, and how many.
///
/// Events older than ``maxAge`` (by the time they were recorded) and all but the newest
/// ``maxEvents`` are deleted, oldest first, in batches of at most ``batchSize`` rows per
/// transaction, so pruning never holds the write lock for long. The store prunes one batch after
/// every ``pruneInterval`` recorded events, which keeps the table within its bounds however the
/// consumer runs; ``EventStore/prune()`` catches up at once. Cleared alarms that have not changed
/// for ``maxAge`` and finished outbox actions older than ``maxAge`` go too; active alarms and
/// pending actions are never pruned.
///
/// A position is remembered as long as its event is kept: a Kafka record redelivered after its
/// event was pruned would be recorded again. Kafka redelivers only from the last committed offset
/// (seconds to minutes back), far inside any sensible retention.
public struct EventRetention: Sendable, Hashable {
    /// Events recorded longer ago than this are deleted; nil keeps them regardless of age.
    public var maxAge: Duration?
    /// At most this many events are kept.
    public var maxEvents: Int
    /// Rows deleted per transaction.
    public var batchSize: Int
    /// Recorded events between two automatic prune batches.
    public var pruneInterval: Int

    /// 30 days and 1,000,000 events (about 750 MB on disk with the store's indexes), 2,000 rows per
    /// batch after every 1,000 events.
    public static let standard = EventRetention(maxAge: .seconds(30 * 86_400), maxEvents: 1_000_000)

    /// A retention policy; counts below 1 are raised to 1.
    public init(maxAge: Duration?, maxEvents: Int, batchSize: Int = 2_000, pruneInterval: Int = 1_000) {
        self.maxAge = maxAge
        self.maxEvents = max(1, maxEvents)
        self.batchSize = max(1, batchSize)
        self.pruneInterval = max(1, pruneInterval)
    }

    /// ``maxAge`` in milliseconds.
    var maxAgeMilliseconds: Double? {
        maxAge.map { Double($0.components.seconds) * 1000 + Double($0.components.attoseconds) / 1e15 }
    }
}

/// A Kafka consumer in a consumer group, over librdkafka, that commits an offset only when the
/// caller says a record's effects are durable.
///
/// ```swift
/// let consumer = try KafkaConsumer(configuration: configuration)
/// while let record = try await consumer.next() {
///     try store.record(record)            // durably, with its offset (duplicates detected)
///     try await consumer.commit(record)   // the group's offset moves to record.offset + 1
/// }
/// ```
///
/// **Offsets.** Auto commit is off. ``commit(_:)`` commits `offset + 1` for the record's partition
/// and returns once the broker confirmed it. After a crash, the group resumes at the last
/// confirmed commit: records after it are delivered again (at least once), records before it never
/// are. Commits never move an offset backwards.
///
/// **Threads.** One dedicated thread per consumer calls librdkafka's blocking functions; the async
/// methods never block the cooperative pool. Up to ``KafkaConfiguration/queueCapacity`` records
/// wait in memory.
///
/// **Connection.** librdkafka reconnects by itself. ``connection`` and ``connectionUpdates`` say
/// whether brokers are reachable and since when, and count outages, so the caller can reconcile
/// after one. Only configuration and fatal errors are thrown.
///
/// **Close.** ``close()`` waits for commits in flight, leaves the group (its partitions move to
/// the other members at once instead of after `session.timeout.ms`) and ends ``next()`` with `nil`.
public final class KafkaConsumer: Sendable {
    /// What the consumer was created with.
    public let configuration: KafkaConfiguration
    /// Every change of ``connection``, newest kept when the reader is slow; ends at close.
    public let connectionUpdates: AsyncStream<KafkaConnectionState>
    private let state: ConsumerState

    /// Creates the consumer, subscribes to the topic and starts its poll thread.
    ///
    /// - Throws: `.configuration` when a flag or a librdkafka property is invalid (nothing is
    ///   contacted before that is checked). An unreachable broker is not an error here: see
    ///   ``connection``.
    public init(configuration: KafkaConfiguration) throws(KafkaError) {
        try configuration.check()
        let (stream, continuation) = AsyncStream.makeStream(
            of: KafkaConnectionState.self,
            bufferingPolicy: .bufferingNewest(64)
        )
        let state = ConsumerState(configuration: configuration, updates: continuation)
        let kafka = try KafkaHandle(configuration: configuration, state: state)
        self.configuration = configuration
        self.connectionUpdates = stream
        self.state = state
        PollWorker.start(kafka: kafka, state: state)
    }

    deinit { state.requestClose(nil) }

    /// The next record, in offset order per partition; `nil` once the consumer is closed.
    ///
    /// - Throws: `.fatal` after a fatal librdkafka error, `.cancelled` when the task is cancelled.
    public func next() async throws(KafkaError) -> KafkaRecord? {
        let state = state
        let id = state.makeWaiterID()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in state.next(id: id, continuation: continuation) }
        } onCancel: {
            state.cancelWaiter(id: id)
        }
        return try result.get()
    }

    /// Commits `record.offset + 1` for the record's partition and returns once the broker has
    /// confirmed it. Call it only when what the record caused is durable. Not cancellable: the
    /// commit completes or fails.
    ///
    /// - Throws: `.commitFailed` when the broker refused or could not be asked (the partition was
    ///   reassigned, the group coordinator is unreachable): the record will be delivered again.
    ///   `.closed` after ``close()``.
    public func commit(_ record: KafkaRecord) async throws(KafkaError) {
        let state = state
        let result = await withCheckedContinuation { continuation in
            state.enqueueCommit(
                CommitRequest(
                    topic: record.topic,
                    partition: record.partition,
                    next: record.offset + 1,
                    continuation: continuation
                )
            )
        }
        try result.get()
    }

    /// The connection now: connected, down since when and why, outages, assigned partitions.
    public var connection: KafkaConnectionState { state.connection }

    /// Whether every assigned partition has been read to its end and every record taken by
    /// ``next()`` (librdkafka's partition EOF, `enable.partition.eof`): what was published until
    /// now has been delivered. False before the group assigned partitions.
    public var caughtUp: Bool { state.caughtUp }

    /// Waits for commits in flight (up to 10 s), leaves the group and stops the poll thread.
    /// Idempotent; ``next()`` then returns `nil` and ``commit(_:)`` throws `.closed`.
    public func close() async {
        let state = state
        await withCheckedContinuation { continuation in state.requestClose(continuation) }
    }
}

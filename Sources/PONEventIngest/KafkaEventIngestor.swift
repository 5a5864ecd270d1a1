public import Kafka
public import VOLTHA

/// Reads `voltha.events` records from a ``KafkaConsumer``, decodes each `event.Event`, records it
/// in the ``EventStore`` together with its (topic, partition, offset) in one transaction, and only
/// then commits the record's offset.
///
/// A crash anywhere loses nothing and doubles nothing: before the store's transaction the record
/// is redelivered and recorded; after it but before the commit it is redelivered and the store
/// answers ``RecordOutcome/duplicate(eventID:)``. A record that is not a VOLTHA event (it does not
/// decode) is reported and committed, so one bad record never stalls the topic.
public struct KafkaEventIngestor: Sendable {
    /// What a run did.
    public struct Totals: Sendable, Hashable {
        /// Events recorded for the first time.
        public var recorded = 0
        /// Records the store had already recorded (redelivered after a crash or a rebalance).
        public var duplicates = 0
        /// Records that are not a decodable `event.Event`.
        public var undecodable = 0
        /// Commits the broker refused (those records will come again).
        public var commitFailures = 0
    }

    let consumer: KafkaConsumer
    let store: EventStore
    let decoder: PONEventDecoder
    let report: @Sendable (String) -> Void

    /// An ingestor; `report` receives one line per problem (undecodable record, failed commit).
    public init(
        consumer: KafkaConsumer,
        store: EventStore,
        decoder: PONEventDecoder = PONEventDecoder(),
        report: @escaping @Sendable (String) -> Void
    ) {
        self.consumer = consumer
        self.store = store
        self.decoder = decoder
        self.report = report
    }

    /// Consumes until the consumer is closed (``KafkaConsumer/close()``, e.g. on SIGTERM).
    ///
    /// - Throws: ``EventStoreError`` when the store cannot record (the record is not committed and
    ///   comes again after a restart), or a fatal ``KafkaError``.
    public func run() async throws -> Totals {
        var totals = Totals()
        while let record = try await consumer.next() {
            let position = EventSourcePosition.kafka(
                topic: record.topic,
                partition: record.partition,
                offset: record.offset
            )
            do {
                let event = try decoder.decode(record.value)
                let outcome = try await store.record(event, source: position)
                if outcome.isDuplicate { totals.duplicates += 1 } else { totals.recorded += 1 }
            } catch let error as PONEventDecodingError {
                totals.undecodable += 1
                report("\(position): not a VOLTHA event, skipped: \(error)")
            }
            do {
                try await consumer.commit(record)
            } catch {
                totals.commitFailures += 1
                report("\(position): \(error)")
            }
        }
        return totals
    }
}

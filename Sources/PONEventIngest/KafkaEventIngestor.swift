import Foundation
public import Kafka
public import PONTriggers
public import VOLTHA

/// Reads `voltha.events` records from a ``KafkaConsumer``, decodes each `event.Event`, records it
/// in the ``EventStore`` together with its (topic, partition, offset) in one transaction, and only
/// then commits the record's offset.
///
/// With a ``EventTriggerStage`` each event first goes through storm protection and debounce and the
/// trigger planner, and the actions it plans are queued in the store's outbox in that same
/// transaction; `queued` is called after the commit so that an ``OutboxWorker`` performs them.
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
        /// Actions queued in the outbox with the events recorded.
        public var actionsQueued = 0
    }

    let consumer: KafkaConsumer
    let store: EventStore
    let decoder: PONEventDecoder
    let triggers: EventTriggerStage?
    let queued: @Sendable () -> Void
    let report: @Sendable (String) -> Void

    /// An ingestor; `report` receives one line per problem (undecodable record, failed commit) and
    /// per storm; `queued` is called once actions were recorded and their record committed.
    public init(
        consumer: KafkaConsumer,
        store: EventStore,
        decoder: PONEventDecoder = PONEventDecoder(),
        triggers: EventTriggerStage? = nil,
        queued: @escaping @Sendable () -> Void = {},
        report: @escaping @Sendable (String) -> Void
    ) {
        self.consumer = consumer
        self.store = store
        self.decoder = decoder
        self.triggers = triggers
        self.queued = queued
        self.report = report
    }

    /// Consumes until the consumer is closed (``KafkaConsumer/close()``, e.g. on SIGTERM).
    ///
    /// - Throws: ``EventStoreError`` when the store cannot record (the record is not committed and
    ///   comes again after a restart), or a fatal ``KafkaError``.
    public func run() async throws -> Totals {
        var totals = Totals()
        var triggers = triggers
        while let record = try await consumer.next() {
            let position = EventSourcePosition.kafka(
                topic: record.topic,
                partition: record.partition,
                offset: record.offset
            )
            var queuedActions = 0
            do {
                let event = try decoder.decode(record.value)
                var actions: [PendingAction] = []
                if var stage = triggers {
                    actions = try pending(for: event, at: position, stage: &stage)
                    triggers = stage
                }
                let outcome = try await store.record(event, source: position, actions: actions)
                if outcome.isDuplicate {
                    totals.duplicates += 1
                } else {
                    totals.recorded += 1
                    queuedActions = actions.count
                }
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
            if queuedActions > 0 {
                totals.actionsQueued += queuedActions
                queued()
            }
        }
        return totals
    }

    /// The outbox entries of what `event` triggers, at most ``EventStore/maxActionsPerEvent`` (the
    /// rest are reported and dropped: a rule set that plans more for one event is wrong).
    private func pending(
        for event: PONEvent,
        at position: EventSourcePosition,
        stage: inout EventTriggerStage
    ) throws -> [PendingAction] {
        let result = stage.process(event, now: Date())
        for outcome in result.outcomes {
            switch outcome {
            case .stormRaised(let storm):
                report("\(position): storm raised on \(storm.port) (\(storm.onus.count) ONUs); their triggers are held")
            case .stormCleared(let storm): report("\(position): storm cleared on \(storm.port)")
            default: break
            }
        }
        var actions = result.actions
        if actions.count > EventStore.maxActionsPerEvent {
            report(
                "\(position): \(event.name) planned \(actions.count) actions; only the first "
                    + "\(EventStore.maxActionsPerEvent) are queued: check the trigger rules"
            )
            actions.removeLast(actions.count - EventStore.maxActionsPerEvent)
        }
        return try actions.map { try PendingAction(key: $0.key, encoding: $0) }
    }
}

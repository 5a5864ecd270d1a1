public import Kafka
public import PONEvents

/// Everything an ``EventConsumerService`` runs with: where events come from (a Kafka topic), where
/// they are recorded (an ``EventStore``), what they trigger, how missed ones are reconciled with
/// VOLTHA, and what to do when another process already consumes into the store.
public struct EventConsumerSettings: Sendable {
    /// What to do when another live process holds the store's ``EventConsumerLease``.
    public enum LeasePolicy: Sendable, Hashable {
        /// Give up at once: ``EventConsumerService/run()`` returns ``EventConsumerOutcome/leaseHeld(_:)``
        /// (`ferrule events run`, which exits 3).
        case refuse
        /// Wait as a standby, trying again every `retry`, and consume once the holder stops or dies
        /// (`ferrule serve`: a second server serves the API and stands by).
        case standby(retry: Duration)
    }

    /// Brokers, topic, consumer group and librdkafka properties.
    public var kafka: KafkaConfiguration
    /// Where events, alarms and the action outbox are recorded.
    public var store: EventStore
    /// Storm protection, debounce and trigger rules; nil records events only.
    public var triggers: EventTriggers?
    /// Reconciliation with VOLTHA's inventory; nil never reconciles.
    public var reconciliation: VolthaReconciliation?
    /// When the store is held by another process.
    public var leasePolicy: LeasePolicy
    /// ONOS's topics to read too (kafka-onos JSON: `onu.events`, `authentication.events`,
    /// `dhcp.events`; ``ONOSEventDecoder``), in the same consumer group; none by default.
    public var onosTopics: [String] = []

    /// Settings consuming `kafka` into `store`.
    public init(
        kafka: KafkaConfiguration,
        store: EventStore,
        triggers: EventTriggers? = nil,
        reconciliation: VolthaReconciliation? = nil,
        leasePolicy: LeasePolicy = .refuse
    ) {
        self.kafka = kafka
        self.store = store
        self.triggers = triggers
        self.reconciliation = reconciliation
        self.leasePolicy = leasePolicy
    }
}

public import FerruleStore
public import Kafka
public import PONEvents
public import PONTriggers

/// What an ``EventConsumerService`` tells its host while it runs, in the order it happens. The
/// command line prints them (`ferrule events run`); the server logs them and turns them into
/// metrics and readiness (`ferrule serve`).
public enum EventConsumerReport: Sendable {
    /// Another live process holds the store's lease; this one stands by (policy
    /// ``EventConsumerSettings/LeasePolicy/standby(retry:)``). Reported again when the holder changes.
    case standby(holder: EventStoreLease)
    /// The lease is taken and the consumer created: consumption starts now. `triggerRules` is nil
    /// without triggers.
    case consuming(context: String, store: String, triggerRules: Int?)
    /// The consumer's connection to the cluster changed.
    case connection(KafkaConnectionState)
    /// Something an operator should know, one line without a prefix: an undecodable record, a
    /// failed commit, a storm, VOLTHA unreachable for a reconciliation, a lease taken over or
    /// lost, why the consumer is stopping.
    case notice(String)
    /// One finished action (`action 12 trg-… bind-gateway: done: …`, or `…; will retry`).
    case action(String)
    /// An action's outcome as it was settled (a retryable failure too: the action stays pending).
    case settled(PONTriggers.ActionOutcome)
    /// One reconciliation pass (`reconciled with VOLTHA voltha:55555: 12 ONU(s) listed, …`).
    case reconciled(String)
    /// One record or derived event handled (for counters and the event lag).
    case ingested(KafkaEventIngestor.Observation)
}

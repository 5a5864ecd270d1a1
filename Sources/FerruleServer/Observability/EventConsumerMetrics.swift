import Metrics
public import PONEventIngest
import PONEvents
import PONTriggers
import Prometheus

/// The hosted PON event consumer's metrics at `/metrics` (docs/serve.md), made through swift-metrics
/// on the server's registry:
///
/// | metric | labels | meaning |
/// |---|---|---|
/// | `ferrule_event_lag_seconds` | — | histogram: from an event's raised (else reported) time to its durable record |
/// | `ferrule_event_lag_last_seconds` | — | the last event's lag |
/// | `ferrule_events_total` | `outcome` | `recorded`, `derived`, `duplicate`, `undecodable`, `commit_failed` |
/// | `ferrule_event_actions_total` | `outcome` | `done`, `skipped`, `failed`, `retry` |
/// | `ferrule_event_consumer_state` | `state` | 1 for the state the consumer is in, 0 for the others |
/// | `ferrule_reconcile_onu_software_total` | `outcome` | ONU software reads of reconciliation passes: `read`, `failed`, `carried` (left for the next pass by the budget), `given_up` (left unread twice) |
public struct EventConsumerMetrics: Sendable {
    /// Lag buckets: 10 ms to 1 h (an outage's backlog arrives late).
    static let lagBuckets: [Duration] = [
        .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(300),
        .seconds(900), .seconds(3600),
    ]

    /// The states of `ferrule_event_consumer_state`.
    public static let states = ["starting", "standby", "connecting", "connected", "down", "restarting", "stopped"]

    private let factory: PrometheusMetricsFactory

    /// Metrics on `metrics`' registry.
    public init(_ metrics: ServerMetrics) {
        var factory = metrics.factory
        factory.durationHistogramBuckets["ferrule_event_lag_seconds"] = Self.lagBuckets
        self.factory = factory
        setState("starting")
    }

    /// Counts what `report` says happened.
    public func record(_ report: EventConsumerReport) {
        switch report {
        case .ingested(let observation):
            countEvent(observation)
            if let lag = observation.lag {
                Timer(label: "ferrule_event_lag_seconds", factory: factory).record(duration: lag)
                Gauge(label: "ferrule_event_lag_last_seconds", factory: factory)
                    .record(Double(lag.components.seconds) + Double(lag.components.attoseconds) / 1e18)
            }
        case .settled(let outcome):
            let name =
                switch outcome {
                case .done: "done"
                case .skipped: "skipped"
                case .failed(_, let retryable): retryable ? "retry" : "failed"
                }
            Counter(label: "ferrule_event_actions_total", dimensions: [("outcome", name)], factory: factory).increment()
        default: break
        }
    }

    /// Sets the consumer's state (one of ``states``).
    public func setState(_ state: String) {
        for name in Self.states {
            Gauge(label: "ferrule_event_consumer_state", dimensions: [("state", name)], factory: factory)
                .record(name == state ? 1 : 0)
        }
    }

    private func countEvent(_ observation: KafkaEventIngestor.Observation) {
        var outcome: String
        switch observation {
        case .softwareRead(let tally):
            for (name, count) in [
                ("read", tally.read), ("failed", tally.failed), ("carried", tally.carried), ("given_up", tally.givenUp),
            ] where count > 0 {
                Counter(
                    label: "ferrule_reconcile_onu_software_total",
                    dimensions: [("outcome", name)],
                    factory: factory
                )
                .increment(by: count)
            }
            return
        case .recorded(_, let source, _):
            switch source {
            case .reconcile: outcome = "derived"
            default: outcome = "recorded"
            }
        case .duplicate: outcome = "duplicate"
        case .undecodable: outcome = "undecodable"
        case .commitFailed: outcome = "commit_failed"
        }
        Counter(label: "ferrule_events_total", dimensions: [("outcome", outcome)], factory: factory).increment()
    }
}

public import Campaigns
import Foundation
import Metrics
public import Prometheus
import Synchronization

/// The server's metrics, exported by `/metrics` in Prometheus' text format: requests by route
/// and status, latency histograms, GenieACS and VOLTHA call outcomes, campaigns by status and
/// their devices by state.
///
/// Metrics are made through swift-metrics on a factory of this object's own registry, so each
/// server (and each test) has its own; `ferrule serve` also bootstraps the global
/// `MetricsSystem` with ``factory`` so libraries' swift-metrics land in the same output.
public final class ServerMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    /// A swift-metrics factory on ``registry``.
    public let factory: PrometheusMetricsFactory

    /// Latency buckets: 0.5 ms to 30 s.
    static let latencyBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
    ]

    /// A new registry with the server's buckets.
    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.latencyBuckets
        self.factory = factory
        // The runner's and the audit log's series exist from the start, at 0: a scrape before the
        // first run or failure shows them (`rate()` and alerts on absence need the zero).
        setRunnerActive(0)
        setRunnerQueued(0)
        for outcome in Self.runnerOutcomes {
            Counter(label: "ferrule_runner_runs_total", dimensions: [("outcome", outcome)], factory: factory)
                .increment(by: 0)
        }
        Counter(label: "ferrule_audit_write_failures_total", factory: factory).increment(by: 0)
    }

    /// The outcomes of ``recordRunnerOutcome(_:)`` (docs/serve.md): the campaign statuses a run
    /// ends in, and the runner's own (`error`, `lease-held`, `yielded`: it handed its slot back
    /// while its devices wait on their CPEs). A run stopped for shutdown is none.
    static let runnerOutcomes = ["completed", "paused", "cancelled", "error", "lease-held", "yielded"]

    /// One answered request. `route` is the matched route pattern (`/api/v1/genieacs/devices/{id}`),
    /// never the raw path, so ids do not multiply the series; `unmatched` when no route matched.
    ///
    /// The counter and histogram of each (route, method, status) are made once and kept (making
    /// them sanitises the labels and looks them up in the registry under its lock); at most
    /// ``requestSeriesCapacity`` are kept, further ones are made per request.
    public func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        let key = RequestSeries(route: route, method: method, status: status)
        let handles = requestSeries.withLock { $0[key] } ?? makeRequestHandles(key)
        handles.count.increment()
        handles.duration.record(duration: duration)
    }

    /// The most (route, method, status) handle pairs kept.
    static let requestSeriesCapacity = 4_096

    private struct RequestSeries: Hashable {
        var route: String
        var method: String
        var status: Int
    }

    private let requestSeries = Mutex<[RequestSeries: (count: Metrics.Counter, duration: Metrics.Timer)]>([:])

    private func makeRequestHandles(_ key: RequestSeries) -> (count: Metrics.Counter, duration: Metrics.Timer) {
        let handles = (
            count: Counter(
                label: "ferrule_http_requests_total",
                dimensions: [("route", key.route), ("method", key.method), ("status", String(key.status))],
                factory: factory
            ),
            duration: Timer(
                label: "ferrule_http_request_duration_seconds",
                dimensions: [("route", key.route), ("method", key.method)],
                factory: factory
            )
        )
        requestSeries.withLock { series in
            if series.count < Self.requestSeriesCapacity { series[key] = handles }
        }
        return handles
    }

    /// One call to an upstream: `system` `genieacs` or `voltha`, the operation (`query devices`,
    /// `health`), and its outcome (`ok` or an error kind).
    public func recordUpstreamCall(system: String, operation: String, outcome: String, duration: Duration) {
        Counter(
            label: "ferrule_upstream_calls_total",
            dimensions: [("system", system), ("operation", operation), ("outcome", outcome)],
            factory: factory
        ).increment()
        Timer(
            label: "ferrule_upstream_call_duration_seconds",
            dimensions: [("system", system), ("operation", operation)],
            factory: factory
        ).record(duration: duration)
    }

    /// An audit record that could not be written.
    public func recordAuditFailure() {
        Counter(label: "ferrule_audit_write_failures_total", factory: factory).increment()
    }

    /// Campaigns the runner of this process is running now.
    public func setRunnerActive(_ count: Int) {
        Gauge(label: "ferrule_runner_active_campaigns", factory: factory).record(count)
    }

    /// Due campaigns the last scan of the runner left waiting for a slot (`runner.max_campaigns`,
    /// `runner.max_campaigns_per_tenant`), those that handed theirs back included.
    public func setRunnerQueued(_ count: Int) {
        Gauge(label: "ferrule_runner_queued_campaigns", factory: factory).record(count)
    }

    /// A campaign the runner finished, paused or failed to run: `outcome` is the campaign status
    /// or `error`, `lease-held`, `yielded`.
    public func recordRunnerOutcome(_ outcome: String) {
        Counter(label: "ferrule_runner_runs_total", dimensions: [("outcome", outcome)], factory: factory).increment()
    }

    /// Sets the campaign gauges from the stores: campaigns per status, and the devices per state
    /// of campaigns not yet finished (created, running, paused).
    public func updateCampaigns(from stores: [CampaignStore]) async throws {
        var byStatus: [CampaignRecord.Status: Int] = [:]
        var byState: [TargetRecord.State: Int] = [:]
        for store in stores {
            for campaign in try await store.campaigns() {
                byStatus[campaign.status, default: 0] += 1
                guard campaign.status != .completed, campaign.status != .cancelled else { continue }
                for (state, count) in try await store.counts(campaign.id) { byState[state, default: 0] += count }
            }
        }
        for status in CampaignRecord.Status.allCases {
            Gauge(label: "ferrule_campaigns", dimensions: [("status", status.rawValue)], factory: factory)
                .record(byStatus[status] ?? 0)
        }
        for state in TargetRecord.State.allCases {
            Gauge(label: "ferrule_campaign_devices", dimensions: [("state", state.rawValue)], factory: factory)
                .record(byState[state] ?? 0)
        }
    }

    /// The Prometheus text exposition of every metric.
    public func render() -> [UInt8] { registry.emitToBuffer() }
}

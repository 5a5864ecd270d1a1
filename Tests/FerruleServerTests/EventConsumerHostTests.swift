import FerruleJSON
import FerruleServer
import FerruleStore
import FerruleTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Kafka
import Logging
import PONEventIngest
import PONEvents
import PONTriggers
import Testing

/// The PON event consumer inside the server, without a broker: standing by while another process
/// holds the tenant's event store (readiness stays 200 and names the holder), taking over when it
/// stops, Kafka unreachable reported as degraded, and the metrics it keeps.
@Suite("the server's PON event consumer", .timeLimit(.minutes(2)))
struct EventConsumerHostTests {
    /// A server whose consumer reads an unreachable broker (nothing listens on port 1).
    static func harness() throws -> ServerTestHarness {
        try ServerTestHarness { configuration in
            var events = EventsSettings(brokers: "127.0.0.1:1")
            events.standbySeconds = 0.05
            configuration.events = events
        }
    }

    /// The `consumer` check of `/readyz`: whether it lets the server count as ready, and its detail
    /// (the answer's status also depends on the stores' checks, which a loaded machine can time out).
    static func readiness(_ harness: ServerTestHarness) async throws -> (Bool?, String?) {
        try await harness.test { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                let checks = response.json("checks")?.arrayValue ?? []
                let consumer = checks.first { $0["name"]?.stringValue == "consumer" }
                return (consumer?["ok"]?.boolValue, consumer?["detail"]?.stringValue)
            }
        }
    }

    /// Waits (at most 60 s, polling every 20 ms) until the host's status satisfies `condition`.
    static func status(
        _ host: EventConsumerHost,
        _ what: String,
        _ condition: (EventConsumerHost.Status) -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while !condition(host.status) {
            guard ContinuousClock.now < deadline else {
                Issue.record("\(what) did not happen; status \(host.status)")
                return
            }
            try await Task.sleep(for: .milliseconds(20))  // polls the host's state, with a deadline
        }
    }

    @Test(
        "another process holds the store: standby, a passing readiness check naming it; takes over once released"
    )
    func standbyThenTakeOver() async throws {
        let harness = try Self.harness()
        let host = try #require(harness.runtime.events)
        #expect(host.tenant == "acme")
        let store = try EventStore(path: host.settings.store.path)
        #expect(store.path.hasSuffix("/tenants/acme/events.sqlite"))
        let now = Date().timeIntervalSince1970 * 1000
        let other = EventStoreLease(
            key: EventConsumerLease.name,
            token: "other-server",
            host: "noc-1",
            pid: 4242,
            startedAt: now,
            // An hour ahead: the other holder must not go stale (30 s without a heartbeat) while a
            // loaded machine runs this test, or the host takes over before the standby is read.
            heartbeatAt: now + 3_600_000
        )
        #expect(try await store.acquire(other, timeout: EventConsumerLease.timeout).held == nil)

        let running = Task { try await host.run() }
        try await Self.status(host, "standby") { $0 == .standby(holder: "pid 4242 on host noc-1") }
        let (passed, detail) = try await Self.readiness(harness)
        #expect(passed == true && detail == "standby (held by pid 4242 on host noc-1)")
        let metrics = String(decoding: harness.runtime.metrics.render(), as: UTF8.self)
        #expect(metrics.contains(#"ferrule_event_consumer_state{state="standby"} 1"#), "\(metrics)")

        try await store.release(other)
        try await Self.status(host, "consuming") { if case .consuming = $0 { true } else { false } }
        #expect(try await store.lease(EventConsumerLease.name)?.pid == Int(getpid()), "this process holds it now")
        host.stop()
        try await running.value
        #expect(host.status == .stopped)
        #expect(try await store.lease(EventConsumerLease.name) == nil, "the lease was given back")
    }

    @Test("Kafka unreachable: the consumer check is degraded and still passes")
    func kafkaDown() async throws {
        let harness = try Self.harness()
        let host = try #require(harness.runtime.events)
        let running = Task { try await host.run() }
        try await Self.status(host, "Kafka down") { $0 == .consuming(.down) }
        let (passed, detail) = try await Self.readiness(harness)
        #expect(passed == true && detail == "degraded (Kafka unreachable)")
        host.stop()
        try await running.value
    }

    @Test("without events: no consumer and no consumer check")
    func none() async throws {
        let harness = try ServerTestHarness()
        #expect(harness.runtime.events == nil)
        let (passed, detail) = try await Self.readiness(harness)
        #expect(passed == nil && detail == nil)
    }

    @Test("metrics: each Kafka event's lag (raised time to record), outcomes and actions counted")
    func metrics() throws {
        let server = ServerMetrics()
        let metrics = EventConsumerMetrics(server)
        let recordedAt = Date(timeIntervalSince1970: 1_800_000_000)
        let raised = PONEvent(
            name: "ONU_ACTIVATED_RAISE_EVENT",
            alarmName: "ONU_ACTIVATED",
            kind: .onuActivated,
            phase: .raise,
            raisedAt: recordedAt.addingTimeInterval(-2.5)
        )
        let kafka = EventSourcePosition.kafka(topic: "voltha.events", partition: 0, offset: 7)
        let derived = EventSourcePosition.reconcile(voltha: "voltha:55555", pass: 1, index: 0)
        for report: EventConsumerReport in [
            .ingested(.recorded(raised, source: kafka, recordedAt: recordedAt)),
            .ingested(.recorded(raised, source: derived, recordedAt: recordedAt)),
            .ingested(.duplicate(kafka)), .ingested(.undecodable(kafka)),
            .settled(.done("tagged")), .settled(.failed("unreachable", retryable: true)),
        ] {
            metrics.record(report)
        }
        let text = String(decoding: server.render(), as: UTF8.self)
        #expect(text.contains("ferrule_event_lag_seconds_count 1\n"), "only the Kafka event has a lag: \(text)")
        #expect(text.contains("ferrule_event_lag_last_seconds 2.5\n"), "\(text)")
        #expect(text.contains(#"ferrule_event_lag_seconds_bucket{le="2.5"} 1"#), "\(text)")
        for outcome in ["recorded", "derived", "duplicate", "undecodable"] {
            #expect(text.contains("ferrule_events_total{outcome=\"\(outcome)\"} 1"), "\(outcome): \(text)")
        }
        #expect(text.contains(#"ferrule_event_actions_total{outcome="done"} 1"#))
        #expect(text.contains(#"ferrule_event_actions_total{outcome="retry"} 1"#))
        #expect(text.contains(#"ferrule_event_consumer_state{state="starting"} 1"#))
    }
}

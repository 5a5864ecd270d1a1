import Campaigns
import FerruleTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import FerruleServer

/// The runner's and the audit log's metrics docs/serve.md lists are on `/metrics`: from the
/// start at 0, then counting runs and failed audit writes.
@Suite("ferrule serve: runner and audit metrics")
struct RunnerAuditMetricsTests {
    /// The value of `series` (name and labels exactly as exposed) in a Prometheus text exposition.
    static func value(_ exposition: String, _ series: String) -> Double? {
        for line in exposition.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1).split(separator: " ").first ?? "")
        }
        return nil
    }

    /// Every series `/metrics` must show, documented in docs/serve.md.
    static let runnerAndAuditSeries = [
        "ferrule_runner_active_campaigns",
        #"ferrule_runner_runs_total{outcome="completed"}"#,
        #"ferrule_runner_runs_total{outcome="paused"}"#,
        #"ferrule_runner_runs_total{outcome="cancelled"}"#,
        #"ferrule_runner_runs_total{outcome="error"}"#,
        #"ferrule_runner_runs_total{outcome="lease-held"}"#,
        "ferrule_audit_write_failures_total",
    ]

    @Test("a fresh server's /metrics has the runner and audit series, at 0")
    func presentFromStart() async throws {
        let server = try ServerTestHarness()
        let token = try await server.token(grants: ["ferrule.metrics.read"])
        try await server.test { client in
            let metrics = try await client.execute(uri: "/metrics", method: .get, headers: apiKey(token))
            #expect(metrics.status == .ok)
            for series in Self.runnerAndAuditSeries {
                #expect(Self.value(metrics.text, series) == 0, "\(series) in:\n\(metrics.text)")
            }
        }
    }

    @Test("after a run the runner's metrics count it: runs_total{outcome=completed} 1, active 0")
    func afterRun() async throws {
        let fixture = try ServerRunnerTests.Fixture()
        let id = try await fixture.create("  scheduled_at: \"2026-01-01T00:00:00Z\"")
        _ = await fixture.scheduler.scanOnce()
        #expect(try await fixture.store.campaign(id)?.status == .completed, "\(fixture.log.all)")
        let text = String(decoding: fixture.metrics.render(), as: UTF8.self)
        #expect(Self.value(text, #"ferrule_runner_runs_total{outcome="completed"}"#) == 1, "\(text)")
        #expect(Self.value(text, #"ferrule_runner_runs_total{outcome="error"}"#) == 0, "\(text)")
        #expect(Self.value(text, "ferrule_runner_active_campaigns") == 0, "\(text)")
    }

    @Test("an audit record that cannot be written (disk full) is counted on /metrics; the answer still goes out")
    func auditFailureCounted() async throws {
        let server = try ServerTestHarness { $0.limits.ratePerSecond = 1000 }
        let token = try await server.token(grants: ["isp.*", "ferrule.metrics.read"])
        try await server.runtime.tokens.limitSizeForTesting(pages: 1)
        // Each record keeps 1 KiB of path: a page fills within a few; 200 writes overflow any slack.
        let path = "/api/v1/probe/" + String(repeating: "p", count: 1000)
        try await server.test { client in
            var failures = 0.0
            for _ in 0..<200 where failures == 0 {
                let write = try await client.execute(uri: path, method: .post, headers: apiKey(token))
                #expect(write.status == .notFound, "the answer goes out: \(write.status)")
                let metrics = try await client.execute(uri: "/metrics", method: .get, headers: apiKey(token))
                failures = Self.value(metrics.text, "ferrule_audit_write_failures_total") ?? -1
            }
            #expect(failures >= 1, "no audit write failed, or it was not counted")
        }
    }
}

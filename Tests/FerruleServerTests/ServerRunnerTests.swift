import Campaigns
import FerruleCore
import FerruleJSON
import FerruleStore
import FerruleTestSupport
import Foundation
import GenieACS
import GenieACSStandIn
import Logging
import Synchronization
import Testing

@testable import FerruleServer

/// The always-on runner: scheduled campaigns start at their time, others wait for an explicit
/// start, and a campaign another runner holds is skipped with one log line naming the holder.
@Suite("ferrule serve: the campaign runner")
struct ServerRunnerTests {
    /// Log lines, as JSON text.
    final class LogLines: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
        var logger: Logger {
            Logger(label: "runner") { label in
                var handler = JSONLogHandler(label: label) { line in self.lines.withLock { $0.append(line) } }
                handler.logLevel = .debug
                return handler
            }
        }
    }

    struct Fixture {
        let genieacs: InMemoryGenieACS
        let store: CampaignStore
        let log = LogLines()
        let metrics = ServerMetrics()
        let scheduler: CampaignScheduler

        /// `resolves`: whether a campaign's GenieACS resolves to the tenant (else the runner skips it).
        init(devices: Int = 3, resolves: Bool = true) throws {
            var scenario = Scenario(devices: devices)
            scenario.fixtures = [Scenario.FixtureSource(.embeddedTR098)]
            scenario.firmware.versions = ["FW2.bin": "FW2"]
            genieacs = try InMemoryGenieACS(scenario: scenario) { Int64(Date().timeIntervalSince1970 * 1000) }
            store = try CampaignStore(path: Scratch.path("campaigns.sqlite", prefix: "ferrule-campaigns"))
            var settings = ServerConfiguration.RunnerSettings()
            settings.pollSeconds = 0.05
            let nbi = genieacs.nbi
            let source = CampaignSource(tenant: "acme", store: store)
            scheduler = CampaignScheduler(
                sources: { [source] },
                resolveACS: { _, _ in resolves ? ("acme", nbi) : nil },
                secrets: { _ in SecretStore() },
                settings: settings,
                metrics: metrics,
                logger: log.logger
            )
        }

        /// Creates a firmware campaign with `rollout` lines; returns its id.
        func create(_ rollout: String) async throws -> String {
            try await Self.create(rollout, store: store, acs: genieacs.nbi)
        }

        /// Creates a firmware campaign on all of `acs`'s devices with `rollout` lines in `store`;
        /// returns its id.
        static func create(_ rollout: String, store: CampaignStore, acs: NBIClient) async throws -> String {
            let text = """
                name: fw
                firmware: {file: FW2.bin, target_version: FW2}
                devices: {all: true}
                rollout:
                  max_concurrent: 10
                \(rollout)
                """
            var diagnostics = DiagnosticCollector()
            let spec = try #require(
                CampaignFile.parse(text, file: "fw.yaml", diagnostics: &diagnostics),
                "\(diagnostics.sorted)"
            )
            return try await CampaignCreator(store: store, acs: acs).create(spec, specText: text).record.id
        }
    }

    @Test("a campaign whose scheduled_at has passed is started and run to its end; one without scheduled_at waits")
    func scheduledStarts() async throws {
        let fixture = try Fixture()
        let scheduled = try await fixture.create("  scheduled_at: \"2026-01-01T02:00:00\"\n  timezone: Europe/Berlin")
        let next = await fixture.scheduler.scanOnce()
        #expect(next == nil)
        let done = try #require(try await fixture.store.campaign(scheduled))
        #expect(done.status == .completed, "\(fixture.log.all)")
        #expect(try await fixture.store.counts(scheduled)[.succeeded] == 3)
        #expect(try await fixture.store.lease(scheduled) == nil, "the lease is given back")
        // Created once the first has finished: an open campaign's devices cannot be targeted twice.
        let manual = try await fixture.create("")
        _ = await fixture.scheduler.scanOnce()
        #expect(try await fixture.store.campaign(manual)?.status == .created)
        #expect(try await fixture.store.lease(manual) == nil)
        #expect(
            fixture.log.all.contains {
                $0.contains("\"message\":\"starting scheduled campaign\"") && $0.contains(scheduled)
            }
        )
    }

    @Test("a campaign the runner cannot work (max_per_pon without a PON topology) says why in its status_reason")
    func notRunningReason() async throws {
        let fixture = try Fixture()
        let id = try await fixture.create("  scheduled_at: \"2026-01-01T00:00:00Z\"\n  max_per_pon: 1")
        _ = await fixture.scheduler.scanOnce()
        let campaign = try #require(try await fixture.store.campaign(id))
        #expect(campaign.status == .created)
        let reason = try #require(campaign.statusReason, "\(fixture.log.all)")
        #expect(reason.hasPrefix("not running: the rollout uses max_per_pon but this runner has no PON topology"))
        #expect(reason.hasSuffix("the runner retries every 30 s"))
        let events = try await fixture.store.events(id).filter { $0.kind == "not-running" }
        #expect(events.map(\.detail) == [reason])
        #expect(fixture.genieacs.stats()["tasksCreated"]?["download"]?.intValue ?? 0 == 0)
    }

    @Test("a campaign whose GenieACS no tenant has is skipped; the log shows its URL without user:password@")
    func unresolvedURLRedacted() async throws {
        let fixture = try Fixture(resolves: false)
        let id = try await fixture.create("  scheduled_at: \"2026-01-01T00:00:00Z\"")
        var campaign = try #require(try await fixture.store.campaign(id))
        campaign.acsURL = "http://ops:s3cret-pass@acs.example.net:7557/"
        try await fixture.store.update(campaign)
        _ = await fixture.scheduler.scanOnce()
        let skipped = fixture.log.all.filter { $0.contains("no configured tenant has this campaign") }
        #expect(skipped.count == 1, "\(fixture.log.all)")
        #expect(skipped.first?.contains("http://<redacted>@acs.example.net:7557/") == true, "\(skipped)")
        #expect(!fixture.log.all.joined().contains("s3cret"), "\(fixture.log.all)")
        #expect(try await fixture.store.campaign(id)?.status == .created)
    }

    @Test("a campaign scheduled later waits, and the scan says when it is due")
    func scheduledLater() async throws {
        let fixture = try Fixture()
        let later = Date().addingTimeInterval(3600).formatted(.iso8601)
        let id = try await fixture.create("  scheduled_at: \"\(later)\"")
        let next = try #require(await fixture.scheduler.scanOnce())
        #expect((3500...3600).contains(next), "\(next)")
        #expect(try await fixture.store.campaign(id)?.status == .created)
    }

    @Test("a running campaign held by another live runner is skipped; the log names the holder once")
    func heldElsewhere() async throws {
        let fixture = try Fixture()
        let id = try await fixture.create("  scheduled_at: \"2026-01-01T00:00:00Z\"")
        let now = Date().timeIntervalSince1970 * 1000
        let other = RunnerLease(
            key: id,
            token: "other",
            host: "noc-2",
            pid: 4242,
            startedAt: now - 5000,
            heartbeatAt: now
        )
        #expect(try await fixture.store.acquire(other, timeout: 60_000).held == nil)
        _ = await fixture.scheduler.scanOnce()
        _ = await fixture.scheduler.scanOnce()
        let held = fixture.log.all.filter { $0.contains("already being run by another runner") }
        #expect(held.count == 1, "\(fixture.log.all)")
        #expect(held.first?.contains("pid 4242 on host noc-2") == true)
        #expect(try await fixture.store.campaign(id)?.status == .created)
        #expect(fixture.genieacs.stats()["tasksCreated"]?["download"]?.intValue ?? 0 == 0)
    }

    @Test("a running campaign whose runner died (stale lease) is resumed to its end")
    func resumesOrphans() async throws {
        let fixture = try Fixture()
        let id = try await fixture.create("")
        guard var campaign = try await fixture.store.campaign(id) else { throw CancellationError() }
        campaign.status = .running
        try await fixture.store.update(campaign)
        let now = Date().timeIntervalSince1970 * 1000
        let dead = RunnerLease(
            key: id,
            token: "dead",
            host: "noc-2",
            pid: 4242,
            startedAt: now - 600_000,
            heartbeatAt: now - 300_000
        )
        _ = try await fixture.store.acquire(dead, timeout: 60_000)
        _ = await fixture.scheduler.scanOnce()
        #expect(try await fixture.store.campaign(id)?.status == .completed, "\(fixture.log.all)")
        #expect(try await fixture.store.events(id).contains { $0.kind == "lease-taken-over" })
    }
}

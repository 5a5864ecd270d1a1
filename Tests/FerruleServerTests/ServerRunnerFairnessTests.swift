import Campaigns
import FerruleCore
import FerruleJSON
import FerruleTestSupport
import Foundation
import GenieACS
import GenieACSStandIn
import Testing

@testable import FerruleServer

/// `runner.max_campaigns` slots shared between tenants: a campaign waiting for its window holds
/// none, due campaigns take turns, and one left without a slot says so in its status_reason.
@Suite("ferrule serve: runner slots between tenants")
struct ServerRunnerFairnessTests {
    /// Two tenants, each with its own GenieACS and campaign store, and one runner slot.
    struct Fixture {
        let acme: (genieacs: InMemoryGenieACS, store: CampaignStore)
        let beta: (genieacs: InMemoryGenieACS, store: CampaignStore)
        /// The state directory's own store, whose campaigns run on acme's GenieACS.
        let shared: CampaignStore
        let scheduler: CampaignScheduler
        /// A new scheduler on the same stores and settings: the server after a restart.
        let restarted: @Sendable () -> CampaignScheduler

        /// - Parameters:
        ///   - acmeOffline: Acme's CPEs are offline and never inform: its pushed tasks stay queued.
        ///   - configure: Changes to the runner settings (one slot, 50 ms polls).
        init(
            acmeOffline: Bool = false,
            configure: (inout ServerConfiguration.RunnerSettings) -> Void = { _ in }
        ) throws {
            func tenant(offline: Bool = false) throws -> (InMemoryGenieACS, CampaignStore) {
                var scenario =
                    // Online CPEs inform every 2 s: a task queued while a CPE's session after its last
                    // Download is still open is done at its next inform, not up to 300 s later.
                    offline
                    ? Scenario(devices: 2, onlineRatio: 0, informIntervalSeconds: 0)
                    : Scenario(devices: 2, informIntervalSeconds: 2)
                scenario.fixtures = [Scenario.FixtureSource(.embeddedTR098)]
                scenario.firmware.versions = ["FW2.bin": "FW2"]
                let genieacs = try InMemoryGenieACS(scenario: scenario) { Int64(Date().timeIntervalSince1970 * 1000) }
                let store = try CampaignStore(path: Scratch.path("campaigns.sqlite", prefix: "ferrule-fair"))
                return (genieacs, store)
            }
            acme = try tenant(offline: acmeOffline)
            beta = try tenant()
            var settings = ServerConfiguration.RunnerSettings()
            settings.pollSeconds = 0.05
            settings.maxCampaigns = 1
            configure(&settings)
            shared = try CampaignStore(path: Scratch.path("campaigns.sqlite", prefix: "ferrule-fair"))
            let sources = [
                CampaignSource(tenant: "acme", store: acme.store), CampaignSource(tenant: "beta", store: beta.store),
                CampaignSource(tenant: nil, store: shared),
            ]
            let (acmeStores, acmeNBI, betaNBI) = ([acme.store.path, shared.path], acme.genieacs.nbi, beta.genieacs.nbi)
            let settled = settings
            restarted = {
                CampaignScheduler(
                    sources: { sources },
                    resolveACS: { source, _ in
                        acmeStores.contains(source.store.path) ? ("acme", acmeNBI) : ("beta", betaNBI)
                    },
                    secrets: { _ in SecretStore() },
                    settings: settled,
                    metrics: ServerMetrics(),
                    logger: ServerRunnerTests.LogLines().logger
                )
            }
            scheduler = restarted()
        }

        /// A firmware campaign on the tenant's two devices, created with `rollout` lines.
        static func create(
            _ tenant: (genieacs: InMemoryGenieACS, store: CampaignStore),
            _ rollout: String
        ) async throws -> String {
            try await ServerRunnerTests.Fixture.create(rollout, store: tenant.store, acs: tenant.genieacs.nbi)
        }
    }

    @Test(
        "a running campaign waiting for its window holds no slot: another tenant's due campaign runs",
        .timeLimit(.minutes(5))
    )
    func windowHoldsNoSlot() async throws {
        let fixture = try Fixture()
        // A window that opens in three hours (UTC), five minutes long.
        let hour = Calendar(identifier: .gregorian).dateComponents(in: .gmt, from: Date()).hour ?? 0
        let later = (hour + 3) % 24
        let window = """
              timezone: UTC
              windows:
                - {days: [mon, tue, wed, thu, fri, sat, sun], start: "\(String(format: "%02d", later)):00", end: "\(String(format: "%02d", later)):05"}
            """
        let waiting = try await Fixture.create(fixture.acme, window)
        var running = try #require(try await fixture.acme.store.campaign(waiting))
        running.status = .running
        try await fixture.acme.store.commit(campaign: running, ifStatus: [.created])
        let due = try await Fixture.create(fixture.beta, "  scheduled_at: \"2026-01-01T00:00:00Z\"")

        let next = try #require(await fixture.scheduler.scanOnce(), "the scan says when the window opens")
        #expect(next <= 3 * 3600 + 60, "\(next)")
        #expect(try await fixture.beta.store.campaign(due)?.status == .completed)
        let acme = try #require(try await fixture.acme.store.campaign(waiting))
        #expect(acme.status == .running)
        #expect(try await fixture.acme.store.counts(waiting)[.pending] == 2, "nothing pushed outside the window")
    }

    @Test("one slot, two tenants' due campaigns: one runs, the other says it waits for a slot, then runs")
    func waitingForSlotSaysSo() async throws {
        let fixture = try Fixture()
        let a = try await Fixture.create(fixture.acme, "  scheduled_at: \"2026-01-01T00:00:00Z\"")
        let b = try await Fixture.create(fixture.beta, "  scheduled_at: \"2026-01-01T00:00:00Z\"")
        _ = await fixture.scheduler.scanOnce()
        let first = try #require(try await fixture.acme.store.campaign(a))
        let second = try #require(try await fixture.beta.store.campaign(b))
        let (done, left) = first.status == .completed ? (first, second) : (second, first)
        #expect(done.status == .completed)
        #expect(left.status == .created)
        #expect(
            left.statusReason
                == "not running: waiting for a runner slot: 1 of 1 in use (runner.max_campaigns); it starts when one frees"
        )
        _ = await fixture.scheduler.scanOnce()
        let store = left.id == a ? fixture.acme.store : fixture.beta.store
        let after = try #require(try await store.campaign(left.id))
        #expect(after.status == .completed)
        #expect(after.statusReason == nil, "the reason is cleared once it runs")
    }

    /// Polls `condition` every 20 ms until it holds; fails after a minute naming `what`.
    static func until(_ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while try await !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting for \(what)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(20))  // polls the store's state, with a deadline
        }
    }

    @Test(
        "a campaign waiting on offline CPEs yields its slot to another tenant's due campaign, which is served before it",
        .timeLimit(.minutes(5))
    )
    func waitingCampaignYields() async throws {
        let fixture = try Fixture(acmeOffline: true) { $0.yieldAfterSeconds = 0.2 }
        let waiting = try await Fixture.create(
            fixture.acme,
            "  scheduled_at: \"2026-01-01T00:00:00Z\"\n  device_deadline: 1h"
        )
        // Alone, acme's campaign pushes its two devices and waits on them, holding the only slot.
        let first = Task { await fixture.scheduler.scanOnce() }
        try await Self.until("acme's two devices pushed") {
            try await fixture.acme.store.counts(waiting)[.pushed] == 2
        }
        let due = try await Fixture.create(fixture.beta, "  scheduled_at: \"2026-01-01T00:00:00Z\"")
        // A scan finds beta's campaign due without a slot: acme's hands its slot back.
        _ = await fixture.scheduler.scanOnce()
        _ = await first.value
        let yielded = try #require(try await fixture.acme.store.campaign(waiting))
        #expect(yielded.status == .running)
        #expect(
            yielded.statusReason
                == "not running: yielded its runner slot while its 2 devices wait; resumes when a slot frees"
        )
        #expect(fixture.scheduler.activeCampaigns.isEmpty)
        // The next scan gives the slot to beta's campaign, not back to acme's, whose reason stands.
        // (Beta's CPEs take a moment to inform: it may yield to acme's in turn, which yields back.)
        _ = await fixture.scheduler.scanOnce()
        #expect(try await fixture.beta.store.campaign(due)?.startedAt != nil)
        let queued = try #require(try await fixture.acme.store.campaign(waiting))
        #expect(queued.statusReason == yielded.statusReason)
        try await Self.until("beta's campaign completed") {
            _ = await fixture.scheduler.scanOnce()
            return try await fixture.beta.store.campaign(due)?.status == .completed
        }
        #expect(try await fixture.acme.store.counts(waiting)[.pushed] == 2)
        #expect(fixture.acme.genieacs.stats()["tasksCreated"]?["download"]?.intValue == 2, "nothing pushed twice")
        #expect(try await fixture.acme.store.lease(waiting) == nil, "no runner holds it while it is queued")
    }

    @Test("runner.max_campaigns_per_tenant: a tenant's second due campaign waits, saying why, with slots free")
    func perTenantCap() async throws {
        let fixture = try Fixture {
            $0.maxCampaigns = 3
            $0.maxCampaignsPerTenant = 1
        }
        // Acme's two campaigns: one in its own store, one in the state directory's (run on acme's GenieACS).
        let a = try await Fixture.create(fixture.acme, "  scheduled_at: \"2026-01-01T00:00:00Z\"")
        let b = try await Fixture.create(
            (fixture.acme.genieacs, fixture.shared),
            "  scheduled_at: \"2026-01-01T00:00:00Z\""
        )
        let c = try await Fixture.create(fixture.beta, "  scheduled_at: \"2026-01-01T00:00:00Z\"")
        _ = await fixture.scheduler.scanOnce()
        #expect(try await fixture.beta.store.campaign(c)?.status == .completed, "the other tenant is not held back")
        let first = try #require(try await fixture.acme.store.campaign(a))
        let second = try #require(try await fixture.shared.campaign(b))
        let (done, left) = first.status == .completed ? (first, second) : (second, first)
        let store = left.id == a ? fixture.acme.store : fixture.shared
        #expect(done.status == .completed)
        #expect(left.status == .created)
        #expect(
            left.statusReason
                == "not running: waiting for a runner slot: tenant acme runs 1 of 1 (runner.max_campaigns_per_tenant); it starts when one of them ends or yields"
        )
        _ = await fixture.scheduler.scanOnce()
        #expect(try await store.campaign(left.id)?.status == .completed)
    }
}

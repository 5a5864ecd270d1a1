import CWMP
public import Campaigns
public import FerruleCore
import FerruleStore
import Foundation
public import GenieACS
public import Logging
public import PONCampaigns
public import ServiceLifecycle
import Synchronization

/// The always-on campaign runner of `ferrule serve`: starts each scheduled campaign when its
/// `scheduled_at` comes (an instant the campaign file fixed in its `timezone`), resumes every
/// campaign left `running` (after a restart, or when an operator resumed or executed it), and
/// runs each to its end with the campaign engine (``CampaignRunner``) under the campaign's runner
/// lease.
///
/// - One runner per campaign: a campaign whose lease another live runner holds (a second server
///   on the same state directory, a `ferrule campaign run`) is skipped, and the log says who
///   holds it, once; it is tried again at later scans and taken over when that runner's
///   heartbeats stop.
/// - Slots (`runner.max_campaigns`, `runner.max_campaigns_per_tenant`) go round-robin over the
///   tenants; a campaign that only waits on its CPEs for `runner.yield_after_seconds` while another
///   campaign waits for a slot hands its own back (``SlotYield``) and queues behind the others.
/// - Campaigns without `scheduled_at` that are still `created` are left to an explicit start
///   (`ferrule campaign run`, or a route marking them running and calling ``wake()``).
/// - Shutdown (SIGTERM): no new campaign starts; running ones stop at the end of their step in
///   flight and release their leases; after `shutdownGraceSeconds` the rest are cancelled (the
///   engine resumes a cancelled step without a second push at the next start).
public final class CampaignScheduler: Service, Sendable {
    let sources: @Sendable () -> [CampaignSource]
    let resolveACS: @Sendable (CampaignSource, String) -> (tenant: String, acs: any GenieACSNBI)?
    /// Each tenant's own secrets (a campaign never resolves another tenant's).
    let secrets: @Sendable (_ tenant: String) -> SecretStore
    let settings: ServerConfiguration.RunnerSettings
    let metrics: ServerMetrics
    let logger: Logger
    /// The PON topology and alarm plane for a tenant's campaigns with PON keys.
    let ponPlane: @Sendable (_ tenant: String) -> PONPlaneSources
    private let wakeEvent = AsyncEvent()
    private let stopping = AsyncEvent()
    private let state = Mutex(SchedulerState())

    /// The lease timeout the engine uses (``CampaignRunner/leaseTimeout``, at least four polls).
    var leaseTimeoutMilliseconds: Double { max(60_000, 4 * settings.pollSeconds * 1000) }

    /// - Parameters:
    ///   - sources: The campaign stores to scan (read at every scan: a tenant's store appears when
    ///     its first campaign is created).
    ///   - resolveACS: The GenieACS client (and tenant) for a campaign of a store with its NBI URL;
    ///     nil when no configured tenant fits (the campaign is skipped, with an error in the log).
    ///   - ponPlane: Where a tenant's campaigns find the PON topology and the VOLTHA events
    ///     (`max_per_pon`, `pon_health`, `storm_hold`); loaded when such a campaign starts.
    public init(
        sources: @escaping @Sendable () -> [CampaignSource],
        resolveACS: @escaping @Sendable (CampaignSource, String) -> (tenant: String, acs: any GenieACSNBI)?,
        secrets: @escaping @Sendable (_ tenant: String) -> SecretStore,
        settings: ServerConfiguration.RunnerSettings,
        metrics: ServerMetrics,
        logger: Logger,
        ponPlane: @escaping @Sendable (_ tenant: String) -> PONPlaneSources = { _ in PONPlaneSources() }
    ) {
        self.ponPlane = ponPlane
        self.sources = sources
        self.resolveACS = resolveACS
        self.secrets = secrets
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
    }

    /// Scans the store now instead of at the next interval (after a route started a campaign).
    public func wake() { wakeEvent.signal() }

    /// The campaigns this process is running now (`<store path>|<campaign id>`).
    public var activeCampaigns: Set<String> { state.withLock { $0.active } }

    public func run() async throws {
        guard settings.enabled else {
            logger.info("campaign runner disabled (runner.enabled: false)")
            try? await gracefulShutdown()
            return
        }
        logger.info("campaign runner started", metadata: ["scan_seconds": "\(settings.scanSeconds)"])
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                // Cancelled (the server failed to start, or the shutdown timed out): stop scanning too.
                while !stopping.isSet, !Task.isCancelled {
                    // Cleared before the scan: a wake() while it scans (a route started a campaign
                    // after the scan read its store) makes the next scan come at once.
                    wakeEvent.clear()
                    let nextDue = await scan(&group)
                    let wait = min(settings.scanSeconds, max(0.05, nextDue ?? .infinity))
                    await wakeEvent.wait(timeout: .milliseconds(Int(wait * 1000)))
                }
                let active = activeCampaigns
                if !active.isEmpty {
                    logger.info(
                        "waiting for campaign steps in flight",
                        metadata: ["campaigns": "\(active.sorted().joined(separator: ","))"]
                    )
                    let drained = AsyncEvent()
                    state.withLock { $0.drained = drained }
                    if activeCampaigns.isEmpty { drained.signal() }
                    if await !drained.wait(timeout: .milliseconds(Int(settings.shutdownGraceSeconds * 1000))) {
                        logger.warning("campaign steps still in flight after the grace period: cancelled")
                        group.cancelAll()
                    }
                }
                await group.waitForAll()
            }
        } onGracefulShutdown: {
            self.stopping.signal()
            self.wakeEvent.signal()
        }
        logger.info("campaign runner stopped")
    }

    /// One scan, waiting for the campaigns it started to end (tests drive the scheduler this way).
    /// - Returns: Seconds until the next scheduled start, if any.
    func scanOnce() async -> Double? {
        await withTaskGroup(of: Void.self) { group in
            let next = await scan(&group)
            await group.waitForAll()
            return next
        }
    }

    // MARK: - Scanning

    /// A campaign due to run, waiting for a runner slot in this scan.
    private struct Candidate {
        var campaign: CampaignRecord
        var spec: CampaignSpec
        var store: CampaignStore
        var tenant: String
        var acs: any GenieACSNBI
    }

    /// Starts the campaigns that are due; returns the seconds until the next scheduled start.
    ///
    /// The `runner.max_campaigns` slots are shared fairly: the due campaigns of each store (a
    /// tenant) queue apart, and free slots go round-robin over the stores, the ones running fewer
    /// campaigns first, so one tenant's campaigns cannot hold every slot while another's wait; no
    /// tenant runs more than `runner.max_campaigns_per_tenant` at once. Campaigns that handed their
    /// slot back (``SlotYield``) come after every other due campaign, the longest-waiting first. A
    /// running campaign outside its rollout window with nothing in flight holds no slot (the
    /// engine returns, ``CampaignExecution/returnOutsideWindow``), nor does one that only waits on
    /// its CPEs for `runner.yield_after_seconds` while others want a slot. A due campaign left
    /// without a slot says so in its `status_reason` (`not running: waiting for a runner slot: …`).
    private func scan(_ group: inout TaskGroup<Void>) async -> Double? {
        var nextDue: Double?
        var queues: [(store: String, candidates: [Candidate])] = []
        for source in sources() {
            let (due, candidates) = await scan(source)
            if let due { nextDue = min(nextDue ?? .infinity, due) }
            if !candidates.isEmpty { queues.append((source.store.path, candidates)) }
        }
        let due = Set(queues.flatMap(\.candidates).map { Self.key($0.store, $0.campaign.id) })
        let (active, yieldedAt, perTenant) = state.withLock { state in
            // A campaign that yielded and is no longer due (paused, cancelled, run by another
            // runner) is forgotten: when it is due again it queues as any other.
            state.yielded = state.yielded.filter { due.contains($0.key) }
            return (state.active, state.yielded, state.runningPerTenant)
        }
        var running = perTenant
        func underCap(_ candidate: Candidate) -> Bool {
            guard let cap = settings.maxCampaignsPerTenant else { return true }
            return running[candidate.tenant, default: 0] < cap
        }
        func run(_ candidate: Candidate) {
            start(candidate, in: &group)
            running[candidate.tenant, default: 0] += 1
        }
        func runningInStore(_ store: String) -> Int { active.filter { $0.hasPrefix(store + "|") }.count }
        func key(_ candidate: Candidate) -> String { Self.key(candidate.store, candidate.campaign.id) }
        // Fewest running first; ties in a rotating order, so no store is always served first.
        let turn = state.withLock { state in
            state.turn &+= 1
            return state.turn
        }
        let shift = queues.isEmpty ? 0 : turn % queues.count
        let rotated = Array(queues[shift...]) + Array(queues[..<shift])
        let counted = rotated.enumerated().map { offset, queue in
            (
                running: runningInStore(queue.store), offset: offset,
                candidates: queue.candidates.filter { yieldedAt[key($0)] == nil }
            )
        }
        var ordered = counted.sorted { ($0.running, $0.offset) < ($1.running, $1.offset) }
        var progressed = true
        while progressed, activeCampaigns.count < settings.maxCampaigns {
            progressed = false
            for index in ordered.indices where activeCampaigns.count < settings.maxCampaigns {
                guard let next = ordered[index].candidates.firstIndex(where: underCap) else { continue }
                run(ordered[index].candidates.remove(at: next))
                progressed = true
            }
        }
        // Then the campaigns that handed their slot back, the longest-waiting first.
        var yielded = queues.flatMap(\.candidates).filter { yieldedAt[key($0)] != nil }
        yielded.sort { (yieldedAt[key($0)] ?? 0, key($0)) < (yieldedAt[key($1)] ?? 0, key($1)) }
        var yieldedLeft: [Candidate] = []
        for candidate in yielded {
            if activeCampaigns.count < settings.maxCampaigns, underCap(candidate) {
                run(candidate)
            } else {
                yieldedLeft.append(candidate)
            }
        }
        let left = ordered.flatMap(\.candidates) + yieldedLeft
        state.withLock { $0.queued = left.map(\.tenant) }
        metrics.setRunnerQueued(left.count)
        let inUse = activeCampaigns.count
        for waiting in left {
            let reason: String
            if waiting.campaign.statusReason?.contains(CampaignRunner.yieldedMarker) == true {
                continue  // it says it yielded and resumes when a slot frees
            } else if inUse < settings.maxCampaigns, let cap = settings.maxCampaignsPerTenant {
                reason =
                    "waiting for a runner slot: tenant \(waiting.tenant) runs \(running[waiting.tenant, default: 0]) "
                    + "of \(cap) (runner.max_campaigns_per_tenant); it starts when one of them ends or yields"
            } else {
                reason =
                    "waiting for a runner slot: \(inUse) of \(settings.maxCampaigns) in use "
                    + "(runner.max_campaigns); it starts when one frees"
            }
            await Self.noteNotRunning(
                waiting.campaign,
                in: waiting.store,
                reason: CampaignRunner.notRunningPrefix + reason
            )
        }
        return nextDue
    }

    /// Whether a campaign of `tenant` that only waits on its CPEs should hand its slot back: a
    /// campaign was left without a slot at the last scan, and the slot would let it run (it is
    /// of the same tenant, or its tenant is under `runner.max_campaigns_per_tenant`).
    func slotWanted(by tenant: String) -> Bool {
        state.withLock { state in
            let perTenant = state.runningPerTenant
            return state.queued.contains { other in
                other == tenant || perTenant[other, default: 0] < (settings.maxCampaignsPerTenant ?? .max)
            }
        }
    }

    /// The store's campaigns due to run now (not yet started by this server), and the seconds until
    /// the next scheduled start or window opening.
    private func scan(_ source: CampaignSource) async -> (Double?, [Candidate]) {
        let store = source.store
        let campaigns: [CampaignRecord]
        do {
            campaigns = try await store.campaigns()
        } catch is CancellationError {
            return (nil, [])  // the server is stopping: not an error
        } catch {
            reportOnce(store.path, "unreadable") {
                logger.error("cannot read a campaign store", metadata: ["path": "\(store.path)", "error": "\(error)"])
            }
            return (nil, [])
        }
        let now = SystemClock().now()
        for campaign in campaigns
        where campaign.status == .cancelled
            && campaign.statusReason?.contains(CampaignControl.deletionPendingMarker) == true
        {
            await retryDeletions(campaign, source: source, now: now)
        }
        var nextDue: Double?
        var candidates: [Candidate] = []
        for campaign in campaigns where campaign.status == .running || campaign.status == .created {
            let key = Self.key(store, campaign.id)
            if activeCampaigns.contains(key) || state.withLock({ ($0.retryAt[key] ?? 0) > now }) {
                continue
            }
            guard let spec = spec(campaign, key: key) else { continue }
            if campaign.status == .created {
                guard let startAt = spec.rollout.startAt else { continue }
                if startAt > now {
                    nextDue = min(nextDue ?? .infinity, (startAt - now) / 1000)
                    continue
                }
            } else if !spec.rollout.isOpen(at: now) {
                // Outside its window with nothing in flight: nothing to do until it opens.
                let inFlight = try? await store.hasTargets(
                    campaign.id,
                    states: [.pushing, .pushed, .verifying],
                    ordinalBelow: Int.max
                )
                if inFlight == false {
                    if let opening = spec.rollout.nextOpening(after: now) {
                        nextDue = min(nextDue ?? .infinity, max(0, opening - now) / 1000)
                    }
                    continue
                }
            }
            if await heldElsewhere(campaign.id, in: store, now: now) { continue }
            guard let resolved = resolveACS(source, campaign.acsURL) else {
                reportOnce(key, "no-tenant") {
                    logger.error(
                        "no configured tenant has this campaign's GenieACS; skipped",
                        metadata: [
                            "campaign": "\(campaign.id)",
                            // The URL a campaign file named may carry `user:password@`.
                            "acs_url": "\(DisplayText.value(Redaction.url(campaign.acsURL)))",
                            "tenant": "\(source.tenant ?? "-")",
                        ]
                    )
                }
                continue
            }
            await restoreYield(campaign, key: key, in: store)
            candidates.append(
                Candidate(campaign: campaign, spec: spec, store: store, tenant: resolved.tenant, acs: resolved.acs)
            )
        }
        return (nextDue, candidates)
    }

    /// Restores the queue position of a campaign that handed its slot back before this server
    /// started (a restart, or another server on the same state directory): the store keeps the
    /// yield — the campaign is `running` with ``CampaignRunner/yieldedMarker`` in its
    /// `status_reason` until a run starts again (the run clears it), and its `yielded` event has
    /// the time (``CampaignRunner`` `yieldSlot`) — so it queues behind the other due campaigns,
    /// the one that yielded longest ago first, as it did before the restart; otherwise every
    /// restart would put it back among them in store order, ahead of campaigns it yielded to.
    /// One read per campaign and start: a campaign this server saw yield is known already.
    private func restoreYield(_ campaign: CampaignRecord, key: String, in store: CampaignStore) async {
        guard campaign.status == .running, campaign.statusReason?.contains(CampaignRunner.yieldedMarker) == true,
            state.withLock({ $0.yielded[key] == nil })
        else { return }
        let at = (try? await store.latestEventTime(campaign.id, kind: "yielded")) ?? nil
        let since = at ?? campaign.startedAt ?? campaign.createdAt
        state.withLock { state in
            if state.yielded[key] == nil, !state.active.contains(key) { state.yielded[key] = since }
        }
    }

    /// Retries the task deletions a cancel could not do (``CampaignControl/retryDeletions(_:acs:)``),
    /// at most every 10 s per campaign: a task left queued would still change its device.
    private func retryDeletions(_ campaign: CampaignRecord, source: CampaignSource, now: Double) async {
        let key = Self.key(source.store, campaign.id) + "|deletions"
        guard state.withLock({ ($0.retryAt[key] ?? 0) <= now }) else { return }
        state.withLock { $0.retryAt[key] = now + 10_000 }
        guard let resolved = resolveACS(source, campaign.acsURL) else { return }
        do {
            var control = CampaignControl(store: source.store)
            // A runner's lease is live for as long as the scheduler's runners keep it.
            control.leaseTimeout = leaseTimeoutMilliseconds
            let (_, deleted) = try await control.retryDeletions(
                campaign.id,
                acs: resolved.acs
            )
            if deleted > 0 {
                logger.info(
                    "deleted queued tasks of a cancelled campaign",
                    metadata: ["campaign": "\(campaign.id)", "tenant": "\(resolved.tenant)", "deleted": "\(deleted)"]
                )
            }
        } catch {
            logger.warning(
                "retrying the task deletions of a cancelled campaign failed; retried in 10 s",
                metadata: [
                    "campaign": "\(campaign.id)", "error": "\(GenieACSError.recordable(error).prefix(500))",
                ]
            )
        }
    }

    /// The key of a campaign in a store (ids are unique per store).
    static func key(_ store: CampaignStore, _ campaignID: String) -> String { store.path + "|" + campaignID }

    /// The campaign's definition as stored, parsed once per text (a schedule's `execute` brings its
    /// `scheduled_at` forward in the stored text: ``CampaignStart/startNow(_:in:now:by:)``).
    private func spec(_ campaign: CampaignRecord, key: String) -> CampaignSpec? {
        if let cached = state.withLock({ $0.specs[key] }), cached.text == campaign.specText { return cached.spec }
        var diagnostics = DiagnosticCollector()
        let spec = CampaignFile.parse(stored: campaign, diagnostics: &diagnostics)
        guard let spec, !diagnostics.hasErrors else {
            reportOnce(key, "spec") {
                logger.error(
                    "campaign file no longer reads with the variables stored at create; skipped",
                    metadata: [
                        "campaign": "\(campaign.id)",
                        "diagnostics": "\(diagnostics.sorted.prefix(3).map(\.description).joined(separator: " | "))",
                    ]
                )
            }
            return nil
        }
        state.withLock { $0.specs[key] = (campaign.specText, spec) }
        return spec
    }

    /// Whether another live runner holds the campaign's lease (logged once per holder).
    private func heldElsewhere(_ campaignID: String, in store: CampaignStore, now: Double) async -> Bool {
        guard let lease = try? await store.lease(campaignID) else { return false }
        guard !lease.isStale(now: now, timeout: leaseTimeoutMilliseconds), !lease.isDeadProcessOnThisHost else {
            return false
        }
        reportHeld(lease, key: Self.key(store, campaignID))
        return true
    }

    /// Logs, once per holder, that another runner holds the campaign and this server skips it.
    private func reportHeld(_ lease: RunnerLease, key: String) {
        reportOnce(key, "held:\(lease.token)") {
            logger.notice(
                "campaign is already being run by another runner; this server skips it while that lease lives",
                metadata: [
                    "campaign": "\(lease.key)", "holder": "\(lease.holder)",
                    "since": "\(Date(timeIntervalSince1970: lease.startedAt / 1000).formatted(.iso8601))",
                ]
            )
        }
    }

    // MARK: - Running

    private func start(_ candidate: Candidate, in group: inout TaskGroup<Void>) {
        let (campaign, spec, store, tenant) = (candidate.campaign, candidate.spec, candidate.store, candidate.tenant)
        let key = Self.key(store, campaign.id)
        state.withLock { state in
            state.active.insert(key)
            state.tenants[key] = tenant
            state.yielded[key] = nil
        }
        metrics.setRunnerActive(activeCampaigns.count)
        var execution = CampaignExecution(
            store: store,
            acs: candidate.acs,
            secrets: secrets(tenant),
            clock: SystemClock(),
            pollInterval: .milliseconds(Int(settings.pollSeconds * 1000)),
            ponPlane: ponPlane(tenant),
            stopping: stopping
        )
        execution.returnOutsideWindow = true
        execution.yieldWhileWaiting = SlotYield(after: .milliseconds(Int(settings.yieldAfterSeconds * 1000))) {
            [weak self] in self?.slotWanted(by: tenant) ?? false
        }
        let logger = self.logger
        let metadata: Logger.Metadata = ["campaign": "\(campaign.id)", "tenant": "\(tenant)"]
        logger.info(
            campaign.status == .created ? "starting scheduled campaign" : "resuming campaign",
            metadata: metadata
        )
        group.addTask {
            var retryAfter: Double?
            do {
                let final = try await execution.run(campaign.id, spec: spec).campaign
                if final.status == .running, final.statusReason?.contains(CampaignRunner.yieldedMarker) == true {
                    self.metrics.recordRunnerOutcome("yielded")
                    self.state.withLock { $0.yielded[key] = SystemClock().now() }
                    logger.info(
                        "campaign only waits on its CPEs and another campaign wants a slot; it yielded its runner slot and resumes when one frees",
                        metadata: metadata.merging(["status_reason": "\(final.statusReason ?? "")"]) { $1 }
                    )
                } else if final.status == .running {
                    logger.info(
                        "campaign waits for its rollout window with nothing in flight; its runner slot is free until then",
                        metadata: metadata
                    )
                } else {
                    self.metrics.recordRunnerOutcome(final.status.rawValue)
                    logger.info(
                        "campaign run ended",
                        metadata: metadata.merging(["status": "\(final.status.rawValue)"]) { $1 }
                    )
                }
            } catch let error as CampaignLeaseError {
                self.metrics.recordRunnerOutcome("lease-held")
                self.reportHeld(error.holder, key: key)
            } catch is CancellationError {
                logger.info("campaign stopped for shutdown; it resumes at the next start", metadata: metadata)
            } catch {
                self.metrics.recordRunnerOutcome("error")
                retryAfter = 30_000
                logger.error(
                    "campaign run failed; retried in 30 s",
                    metadata: metadata.merging(["error": "\(String(describing: error).prefix(500))"]) { $1 }
                )
                await Self.noteNotRunning(campaign.id, in: store, error: error)
            }
            self.finished(key, retryAfter: retryAfter)
        }
    }

    /// Shows why the runner could not work a `created` or `running` campaign in its
    /// `status_reason` (and one `not-running` event per new reason): `GET …/campaigns/{id}` and
    /// the schedule views show it, not only the server log. The text names no upstream address
    /// (``GenieACSError/recordable(_:)``); the runner clears it once the campaign runs
    /// (``CampaignRunner/notRunningPrefix``).
    static func noteNotRunning(_ id: String, in store: CampaignStore, error: any Error) async {
        guard let campaign = try? await store.campaign(id) else { return }
        let reason =
            CampaignRunner.notRunningPrefix + String(GenieACSError.recordable(error).prefix(500))
            + "; the runner retries every 30 s"
        await noteNotRunning(campaign, in: store, reason: reason)
    }

    /// Records `reason` as the `status_reason` of a `created` or `running` campaign (and one
    /// `not-running` event), unless it already says so.
    static func noteNotRunning(_ read: CampaignRecord, in store: CampaignStore, reason: String) async {
        guard read.statusReason != reason else { return }
        guard var campaign = try? await store.campaign(read.id),
            campaign.status == .created || campaign.status == .running
        else { return }
        let id = campaign.id
        guard campaign.statusReason != reason else { return }
        let status = campaign.status
        campaign.statusReason = reason
        let event = CampaignEvent(campaignID: id, at: SystemClock().now(), kind: "not-running", detail: reason)
        try? await store.commit(campaign: campaign, ifStatus: [status], events: [event])
    }

    private func finished(_ key: String, retryAfter: Double?) {
        let (drained, count) = state.withLock { state in
            state.active.remove(key)
            state.tenants[key] = nil
            state.specs[key] = nil
            if let retryAfter { state.retryAt[key] = SystemClock().now() + retryAfter }
            return (state.active.isEmpty ? state.drained : nil, state.active.count)
        }
        metrics.setRunnerActive(count)
        drained?.signal()
        wakeEvent.signal()
    }

    /// Runs `report` once per subject (a campaign, a store) and `what` (a holder, a problem), not
    /// at every scan.
    private func reportOnce(_ subject: String, _ what: String, _ report: () -> Void) {
        let first = state.withLock { state in
            if state.reported.count >= 10_000 { state.reported.removeAll() }
            return state.reported.insert(subject + "|" + what).inserted
        }
        if first { report() }
    }
}

/// What the scheduler remembers between scans.
private struct SchedulerState: Sendable {
    var active: Set<String> = []
    /// Each campaign's definition, with the stored text it was read from.
    var specs: [String: (text: String, spec: CampaignSpec)] = [:]
    var retryAt: [String: Double] = [:]
    var reported: Set<String> = []
    var drained: AsyncEvent?
    /// Rotates which store's due campaigns are served first when slots are scarce.
    var turn = 0
    /// The tenant of each campaign running (keys of ``active``).
    var tenants: [String: String] = [:]
    /// The campaigns that handed their slot back (``SlotYield``) and when; cleared when one starts again.
    /// Those that yielded before this server started are read back from their store at first sight
    /// (``CampaignScheduler`` `restoreYield`).
    var yielded: [String: Double] = [:]
    /// The tenants of the due campaigns the last scan left without a slot (one entry each).
    var queued: [String] = []

    /// Campaigns running per tenant.
    var runningPerTenant: [String: Int] {
        tenants.values.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }
}

/// A campaign store the runner scans, and the tenant it belongs to (nil: the state directory's
/// own `campaigns.sqlite`, shared with `ferrule campaign`, whose campaigns run on the tenant
/// whose GenieACS URL they name).
public struct CampaignSource: Sendable {
    /// The tenant of a per-tenant store.
    public var tenant: String?
    /// The store.
    public var store: CampaignStore

    /// A source.
    public init(tenant: String?, store: CampaignStore) {
        self.tenant = tenant
        self.store = store
    }
}

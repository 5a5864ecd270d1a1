public import FerruleCore
public import GenieACS

/// One run of a stored campaign, assembled the same way for `ferrule campaign run` / `resume`
/// and for the server's campaign scheduler, so the two runners cannot drift apart.
///
/// In order: load the PON plane the rollout uses (before a resume clears the pause, so a
/// topology that cannot be read changes nothing), check what the run needs when resuming
/// (``CampaignRunner/checkReady(_:spec:)``: a refusal leaves the campaign paused), clear the pause, run the engine
/// (``CampaignRunner``) under the campaign's lease until the campaign ends or pauses, then count
/// the targets.
///
/// ```swift
/// let execution = CampaignExecution(store: store, acs: client, secrets: secrets, clock: SystemClock())
/// let result = try await execution.run(id, spec: spec, resuming: true) { progress.show($0) }
/// print(result.summary)   // campaign 3f2a… completed: 998 succeeded, 2 failed, 0 skipped
/// ```
public struct CampaignExecution: Sendable {
    /// The campaign state.
    public var store: CampaignStore
    /// GenieACS.
    public var acs: any GenieACSNBI
    /// Values for the campaign's `${secret:NAME}` placeholders.
    public var secrets: SecretStore
    /// The time the run reads and waits on.
    public var clock: any CampaignClock
    /// Time between polls of GenieACS when nothing else is due (``CampaignRunner/pollInterval``).
    public var pollInterval: Duration
    /// Where the PON topology and alarm plane come from; nil: none (a rollout with PON keys is
    /// then refused by the engine, naming what is missing).
    public var ponPlane: (any PONPlaneLoader)?
    /// Signalled to stop the run after its step in flight, giving the lease back
    /// (``CampaignRunner/stopping``): `run` then throws `CancellationError`.
    public var stopping: AsyncEvent?
    /// Return while the rollout window is closed and nothing is in flight
    /// (``CampaignRunner/returnOutsideWindow``): the server's runner frees the slot.
    public var returnOutsideWindow = false
    /// Hand the runner slot back while the campaign only waits on its CPEs and another campaign
    /// wants one (``CampaignRunner/yieldWhileWaiting``); the run then returns, still `running`.
    public var yieldWhileWaiting: SlotYield?

    /// An execution from its parts.
    public init(
        store: CampaignStore,
        acs: any GenieACSNBI,
        secrets: SecretStore = SecretStore(),
        clock: any CampaignClock,
        pollInterval: Duration = .seconds(2),
        ponPlane: (any PONPlaneLoader)? = nil,
        stopping: AsyncEvent? = nil
    ) {
        self.store = store
        self.acs = acs
        self.secrets = secrets
        self.clock = clock
        self.pollInterval = pollInterval
        self.ponPlane = ponPlane
        self.stopping = stopping
    }

    /// Runs campaign `campaignID` (as `spec` describes it) until it ends or pauses.
    ///
    /// - Parameters:
    ///   - resuming: Clear an operator's or the failure rate's pause first (`ferrule campaign resume`). A campaign
    ///     that is not paused has no pause to clear and is run as without it: a second `resume` of a campaign whose
    ///     runner still works it meets that runner's lease (``CampaignLeaseError``), as a second `run` does.
    ///   - progress: Called after each cycle of the engine.
    /// - Throws: The PON plane's error when it cannot be read (nothing changed), ``CampaignError``,
    ///   ``CampaignLeaseError`` while another runner holds the campaign, ``CampaignStoreError``,
    ///   GenieACS and transport errors; `CancellationError` when ``stopping`` stopped it (the
    ///   lease given back).
    public func run(
        _ campaignID: String,
        spec: CampaignSpec,
        resuming: Bool = false,
        progress: @Sendable (CampaignProgress) -> Void = { _ in }
    ) async throws -> CampaignRunResult {
        let plane = try await ponPlane?.load(for: spec.rollout.pon, clock: clock)
        var runner = CampaignRunner(store: store, acs: acs, secrets: secrets, clock: clock, pollInterval: pollInterval)
        runner.ponTopology = plane?.topology
        runner.planeHealth = plane?.health
        runner.stopping = stopping
        runner.returnOutsideWindow = returnOutsideWindow
        runner.yieldWhileWaiting = yieldWhileWaiting
        if resuming, let paused = try await store.campaign(campaignID), paused.status == .paused {
            // What the run would refuse (a missing secret or firmware file, a file for another model) is refused
            // before the pause is cleared: the campaign stays paused, as it was.
            try await runner.checkReady(paused, spec: spec)
            _ = try await CampaignControl(store: store).resume(campaignID)
        }
        let final = try await runner.run(campaignID, spec: spec, progress: progress)
        return CampaignRunResult(campaign: final, counts: try await store.counts(campaignID))
    }
}

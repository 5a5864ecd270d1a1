import FerruleCore

/// The PON-aware hooks of the run loop: due devices filtered by the per-OLT / per-PON caps and
/// the storm hold, and the signal-lost health gate. Without PON keys in the rollout nothing here
/// changes what the runner does; with them and without the sources they need, the run is refused
/// (``checkPONSources(_:)``).
extension CampaignRunner {
    /// Refuses, before anything is pushed, a rollout whose PON keys this runner cannot apply:
    /// the caps and the health gates without ``ponTopology``, `pon_health` and `storm_hold`
    /// without ``planeHealth``. (`canary_spread` is applied at create.) Running such a campaign as if the keys were absent
    /// would push a whole PON at once, or keep pushing while ONTs go dark.
    ///
    /// - Throws: ``CampaignError`` naming the keys and what to give.
    func checkPONSources(_ rollout: Rollout) throws {
        let pon = rollout.pon
        var topologyKeys: [String] = []
        if pon.maxPerOLT != nil { topologyKeys.append("max_per_olt") }
        if pon.maxPerPON != nil { topologyKeys.append("max_per_pon") }
        if pon.health != nil { topologyKeys.append("pon_health") }
        if pon.stormHold == true { topologyKeys.append("storm_hold") }
        if !topologyKeys.isEmpty, ponTopology == nil {
            throw CampaignError(
                "the rollout uses \(topologyKeys.joined(separator: ", ")) but this runner has no PON topology; "
                    + "give one (`ferrule campaign run --topology FILE`, or `--voltha HOST:PORT` for VOLTHA's "
                    + "inventory). Nothing was pushed"
            )
        }
        var healthKeys: [String] = []
        if pon.health != nil { healthKeys.append("pon_health") }
        if pon.holdsStorms {
            healthKeys.append(pon.stormHold == true ? "storm_hold" : "storm_hold (on with pon_health)")
        }
        if !healthKeys.isEmpty, planeHealth == nil {
            throw CampaignError(
                "the rollout uses \(healthKeys.joined(separator: ", ")) but this runner reads no VOLTHA events; "
                    + "give the event store `ferrule events run` records (`ferrule campaign run --voltha-events "
                    + "DIR`). Nothing was pushed"
            )
        }
    }

    /// Records an `unplaced` event when caps are set and pending devices have no placement in
    /// the topology (their serial is not in VOLTHA's inventory, or is spelt differently): the caps
    /// do not hold those devices back, so the operator must know. Looks at the first
    /// ``unplacedSample`` pending devices.
    func noteUnplaced(_ campaignID: String, rollout: Rollout, lease: RunnerLease) async throws {
        let pon = rollout.pon
        guard let topology = ponTopology, pon.maxPerOLT != nil || pon.maxPerPON != nil else { return }
        let pending = try await store.targets(campaignID, states: [.pending], limit: Self.unplacedSample)
        guard !pending.isEmpty else { return }
        let placements = try await topology.placements(of: pending.map(\.deviceID))
        let unplaced = pending.filter { placements[$0.deviceID] == nil }
        guard let first = unplaced.first else { return }
        let caps = [pon.maxPerOLT.map { _ in "max_per_olt" }, pon.maxPerPON.map { _ in "max_per_pon" }]
            .compactMap { $0 }.joined(separator: " and ")
        let detail =
            "\(unplaced.count) of \(pending.count == Self.unplacedSample ? "the first " : "")\(pending.count) pending "
            + "device(s) have no PON placement (their serial is not in the topology), e.g. "
            + "\(DisplayText.value(first.deviceID)); \(caps) do not hold them back"
        try await store.commit(
            events: [CampaignEvent(campaignID: campaignID, at: clock.now(), kind: "unplaced", detail: detail)],
            lease: lease
        )
    }

    /// How many pending devices ``noteUnplaced(_:rollout:lease:)`` looks at.
    static var unplacedSample: Int { 10_000 }

    /// Due devices to push now, and why others wait (nil when none was held back).
    ///
    /// With caps or a storm hold, reads more due devices than there are slots (up to
    /// ``ponLookahead``) so that a capped or stormy PON at the head of the list does not stall
    /// the other PONs.
    func ponDue(
        _ campaignID: String,
        rollout: Rollout,
        now: Double,
        ordinalBelow: Int,
        slots: Int
    ) async throws -> (due: [TargetRecord], waiting: String?) {
        let pon = rollout.pon
        guard let topology = ponTopology,
            pon.maxPerOLT != nil || pon.maxPerPON != nil || (pon.holdsStorms && planeHealth != nil)
        else {
            return (try await store.dueTargets(campaignID, now: now, ordinalBelow: ordinalBelow, limit: slots), nil)
        }
        let lookahead = max(slots, min(slots * 8, ponLookahead))
        let candidates = try await store.dueTargets(campaignID, now: now, ordinalBelow: ordinalBelow, limit: lookahead)
        guard !candidates.isEmpty else { return ([], nil) }
        let flying = try await store.targets(campaignID, states: [.pushing, .pushed, .verifying])
        let placements = try await topology.placements(of: candidates.map(\.deviceID) + flying.map(\.deviceID))
        var storms: [PONPlacement] = []
        if pon.holdsStorms, let health = planeHealth { storms = try await health.activeStorms() }
        let admission = PONPlanner.admit(
            candidates,
            placements: placements,
            inFlight: flying.compactMap { placements[$0.deviceID] },
            storms: storms,
            rollout: pon,
            limit: slots
        )
        var waiting: [String] = []
        if !admission.stormHeld.isEmpty {
            let places = Set(admission.stormHeld.map(\.storm.description)).sorted()
            waiting.append(
                "holding \(admission.stormHeld.count) device(s) on \(places.joined(separator: ", ")) (active storm)"
            )
        }
        if admission.capped > 0 {
            waiting.append("\(admission.capped) device(s) wait for their OLT or PON port cap")
        }
        return (admission.admitted, waiting.isEmpty ? nil : waiting.joined(separator: "; "))
    }

    /// A pause reason when more of the devices pushed within `pon_health.window` than
    /// `max_signal_lost` lost signal or power after their push and stayed down for
    /// `pon_health.grace`; nil otherwise or without ``planeHealth``.
    ///
    /// An ONU that comes back within the grace (its loss cleared, or it was activated again) is not
    /// lost: an ONT firmware upgrade reboots the ONT, which VOLTHA reports as a dying gasp and a
    /// loss of signal that clears when the ONU ranges again (voltha-openolt-adapter
    /// `internal/pkg/core/openolt_eventmgr.go:363-389, 456-505`; `device_handler.go:1905-1935`).
    /// A device is watched for the window plus the grace, so a loss late in its window still counts.
    func ponHealthExceeded(rollout: Rollout, now: Double, watch: inout PONWatch) async throws -> String? {
        guard let gate = rollout.pon.health, let health = planeHealth else { return nil }
        watch.prune(before: now - (gate.windowSeconds + gate.graceSeconds) * 1000)
        guard let since = watch.earliest else { return nil }
        let ids = watch.devices
        let down = try await health.signalLost(ids, since: since)
        let lost = ids.filter { id in
            guard let downSince = down[id] else { return false }
            return downSince >= (watch.pushedAt[id] ?? since) && now - downSince >= gate.graceSeconds * 1000
        }
        guard gate.isExceeded(lost: lost.count, pushed: ids.count) else { return nil }
        let placements = try await ponTopology?.placements(of: lost) ?? [:]
        return PONPlanner.healthVerdict(pushed: ids.count, lost: lost, placements: placements, gate: gate)
    }
}

/// The devices this run pushed within the health window, with their push times (bounded: pruned
/// to the window on every check).
struct PONWatch: Sendable {
    private(set) var pushedAt: [String: Double] = [:]
    private var order: [(device: String, at: Double)] = []
    private var head = 0

    mutating func record(_ devices: [String], at instant: Double) {
        for device in devices {
            pushedAt[device] = instant
            order.append((device, instant))
        }
    }

    mutating func prune(before cutoff: Double) {
        while head < order.count, order[head].at < cutoff {
            let (device, at) = order[head]
            if pushedAt[device] == at { pushedAt[device] = nil }
            head += 1
        }
        if head > 1024, head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
    }

    var devices: [String] { pushedAt.keys.sorted() }
    var earliest: Double? { pushedAt.values.min() }
}

import Foundation

/// The pure decisions of a PON-aware rollout: which due devices may go now under the per-OLT
/// and per-PON caps and the storm hold, the canary spread, and the health gate's verdict.
///
/// No I/O: the runner gathers placements, in-flight devices, storms and raises, and asks here.
public enum PONPlanner {
    /// What ``admit(_:placements:inFlight:storms:rollout:limit:)`` decided.
    public struct Admission: Sendable, Equatable {
        /// Devices to push now, in candidate order.
        public var admitted: [TargetRecord] = []
        /// Devices held by an active storm, with the storm's placement.
        public var stormHeld: [(device: String, storm: PONPlacement)] = []
        /// Devices left pending because their OLT or PON port is at its cap.
        public var capped = 0

        public static func == (a: Admission, b: Admission) -> Bool {
            a.admitted == b.admitted && a.capped == b.capped
                && a.stormHeld.map(\.device) == b.stormHeld.map(\.device)
                && a.stormHeld.map(\.storm) == b.stormHeld.map(\.storm)
        }
    }

    /// Picks at most `limit` of `candidates` (due devices, in push order): a device on a PON
    /// or OLT with an active storm is held (when the rollout holds storms), one whose OLT or PON
    /// port already has its cap in flight (`inFlight`: placements of devices in flight, unknown
    /// ones omitted) waits. A device without a placement is never capped nor held.
    public static func admit(
        _ candidates: [TargetRecord],
        placements: [String: PONPlacement],
        inFlight: [PONPlacement],
        storms: [PONPlacement],
        rollout: PONRollout,
        limit: Int
    ) -> Admission {
        var perOLT: [String: Int] = [:]
        var perPON: [PONPlacement: Int] = [:]
        for p in inFlight {
            perOLT[p.olt, default: 0] += 1
            if p.pon != nil { perPON[p, default: 0] += 1 }
        }
        var out = Admission()
        for target in candidates {
            guard out.admitted.count < limit else { break }
            guard let place = placements[target.deviceID] else {
                out.admitted.append(target)
                continue
            }
            if rollout.holdsStorms, let storm = storms.first(where: { $0.covers(place) }) {
                out.stormHeld.append((device: target.deviceID, storm: storm))
                continue
            }
            if let cap = rollout.maxPerOLT, perOLT[place.olt, default: 0] >= cap {
                out.capped += 1
                continue
            }
            if let cap = rollout.maxPerPON, place.pon != nil, perPON[place, default: 0] >= cap {
                out.capped += 1
                continue
            }
            perOLT[place.olt, default: 0] += 1
            if place.pon != nil { perPON[place, default: 0] += 1 }
            out.admitted.append(target)
        }
        return out
    }

    /// The canary's `count` devices taken round-robin across OLTs, and within each OLT across
    /// models, keeping the original order inside each group; devices without a placement form
    /// one group of their own. Returns device ids: the canary first, then every other device in
    /// its original order. Linear in the number of devices (plus sorting the group keys).
    public static func spreadCanary(
        _ devices: [(id: String, model: String?)],
        placements: [String: PONPlacement],
        count: Int
    ) -> [String] {
        guard count > 0, !devices.isEmpty else { return devices.map(\.id) }
        // OLT → model → queue of indices.
        var groups: [String: [String: [Int]]] = [:]
        for (index, device) in devices.enumerated() {
            let olt = placements[device.id].map { "o:" + $0.olt } ?? "u:"
            groups[olt, default: [:]][device.model ?? "", default: []].append(index)
        }
        let olts = groups.keys.sorted()
        var modelOrder: [String: [String]] = [:]
        var modelTurn: [String: Int] = [:]
        var cursor: [String: [String: Int]] = [:]
        for olt in olts { modelOrder[olt] = groups[olt, default: [:]].keys.sorted() }
        var picked: [Int] = []
        var taken = Set<Int>()
        let want = min(count, devices.count)
        while picked.count < want {
            var progressed = false
            for olt in olts where picked.count < want {
                let models = modelOrder[olt] ?? []
                // The next model of this OLT that still has a device.
                for step in 0..<models.count {
                    let turn = (modelTurn[olt, default: 0] + step) % models.count
                    let model = models[turn]
                    let queue = groups[olt]?[model] ?? []
                    let at = cursor[olt, default: [:]][model, default: 0]
                    guard at < queue.count else { continue }
                    picked.append(queue[at])
                    taken.insert(queue[at])
                    cursor[olt, default: [:]][model] = at + 1
                    modelTurn[olt] = turn + 1
                    progressed = true
                    break
                }
            }
            if !progressed { break }
        }
        var out = picked.map { devices[$0].id }
        for (index, device) in devices.enumerated() where !taken.contains(index) { out.append(device.id) }
        return out
    }

    /// The health gate's verdict: nil while within the threshold, else a pause reason naming
    /// the PON or OLT with most losses and the counts. `pushed`: devices pushed within the
    /// window; `lost`: those of them that lost signal or power since their push and stayed down
    /// for the grace.
    public static func healthVerdict(
        pushed: Int,
        lost: [String],
        placements: [String: PONPlacement],
        gate: PONHealthGate
    ) -> String? {
        guard gate.isExceeded(lost: lost.count, pushed: pushed) else { return nil }
        var byPlace: [PONPlacement: Int] = [:]
        for id in lost { if let p = placements[id] { byPlace[p, default: 0] += 1 } }
        let worst = byPlace.max { a, b in a.value != b.value ? a.value < b.value : b.key < a.key }
        let limit: String
        switch gate.maxSignalLost {
        case .devices(let n): limit = "\(n) device(s)"
        case .fraction(let f): limit = String(format: "%.1f%%", f * 100)
        }
        let window = CampaignReader.durationText(gate.windowSeconds)
        var reason =
            "PON health: \(lost.count) of \(pushed) device(s) pushed in the last \(window) lost signal or power and "
            + "were not back within \(CampaignReader.durationText(gate.graceSeconds)) (limit \(limit))"
        if let worst {
            let olts = Set(byPlace.keys.map(\.olt)).count
            reason += "; most on \(worst.key.description) (\(worst.value))"
            if olts > 1 { reason += " across \(olts) OLTs" }
        }
        return reason
    }
}

// pon-bench: planning a PON-aware rollout (issue 11 item 7) — 100,000 devices over 2,000 PON ports on
// 50 OLTs, with a fair peer in the same run.
//
//   pon-bench [--devices 100000] [--pons 2000] [--runs 5] [--peer PYTHON]
//
// The run loop's decisions without I/O, as CampaignRunner+PON makes them each cycle: read the first
// 2,000 due devices (the runner's look-ahead), admit at most max_concurrent (2,000) of them under
// max_per_pon 4 and max_per_olt 120 with what is in flight (PONPlanner.admit); a device stays in
// flight for two cycles. Repeated until every device was admitted. Then the canary spread: 200
// canaries round-robin over OLTs and models (PONPlanner.spreadCanary). One core, median of --runs.
// The peer (Tools/bench-python-ponplan.py) runs the same greedy admission and spread in Python on
// the same devices and must find the same number of cycles and the same admission order.
import BenchSupport
import Campaigns
import Foundation

#if canImport(Glibc)
import Glibc
#endif

let deviceCount = intOption("--devices", 100_000)
let ponCount = max(40, intOption("--pons", 2000))
let runs = intOption("--runs", 5)
let arguments = CommandLine.arguments
let peer = arguments.firstIndex(of: "--peer").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
let ponsPerOLT = 40
let slots = 2000
let models = ["HG8245H", "EG8145V5", "G-240W-F", "F670L"]

// Device i sits on PON (i * 7919) mod pons, OLT = PON / 40: devices of one PON are spread through the id order.
let ids = (0..<deviceCount).map { String(format: "dev-%06d", $0) }
let placements: [String: PONPlacement] = {
    var out: [String: PONPlacement] = [:]
    for (i, id) in ids.enumerated() {
        let pon = (i * 7919) % ponCount
        out[id] = PONPlacement(olt: "olt-\(pon / ponsPerOLT)", pon: String(pon % ponsPerOLT))
    }
    return out
}()
let targets = ids.enumerated().map { i, id in
    TargetRecord(campaignID: "bench", deviceID: id, ordinal: i, state: .pending, updatedAt: 0)
}
let rollout = PONRollout(maxPerOLT: 120, maxPerPON: 4)

/// Plans the whole rollout; returns the number of cycles and a checksum of the admission order.
@MainActor func planRollout() -> (cycles: Int, checksum: UInt64) {
    var pending = targets[...]
    var waiting: [TargetRecord] = []
    var flying: [[TargetRecord]] = [[], []]
    var cycles = 0
    var checksum: UInt64 = 1_469_598_103_934_665_603
    while !pending.isEmpty || !waiting.isEmpty {
        cycles += 1
        // The due devices in order: those passed over before, then the next ones.
        let want = slots - waiting.count
        var candidates = waiting
        if want > 0 {
            let take = pending.prefix(want)
            candidates += take
            pending = pending.dropFirst(take.count)
        }
        let inFlight = flying.joined().compactMap { placements[$0.deviceID] }
        let admission = PONPlanner.admit(
            candidates,
            placements: placements,
            inFlight: inFlight,
            storms: [],
            rollout: rollout,
            limit: slots
        )
        var admitted = Set<String>()
        for target in admission.admitted {
            admitted.insert(target.deviceID)
            checksum = (checksum ^ UInt64(target.ordinal)) &* 1_099_511_628_211
        }
        waiting = candidates.filter { !admitted.contains($0.deviceID) }
        flying = [flying[1], admission.admitted]
    }
    return (cycles, checksum)
}

@MainActor func spread() -> [String] {
    PONPlanner.spreadCanary(
        ids.enumerated().map { (id: $1, model: models[$0 % models.count]) },
        placements: placements,
        count: 200
    )
}

let (cycles, checksum) = planRollout()
let canary = spread().prefix(200)
let plan = measure(runs) { _ = planRollout() }
let spreadTime = measure(runs) { _ = spread() }
print("pon-bench: \(deviceCount) devices, \(ponCount) PON ports on \(ponCount / ponsPerOLT) OLTs")
print(
    String(
        format: "  plan rollout (max_per_pon 4, max_per_olt 120, 2000 at once): %d cycles, "
            + "median %.1f ms (best %.1f), %.0f devices/s",
        cycles,
        plan.median,
        plan.best,
        Double(deviceCount) / plan.median * 1000
    )
)
print(
    String(
        format: "  canary spread (200 of %d): median %.1f ms (best %.1f)",
        deviceCount,
        spreadTime.median,
        spreadTime.best
    )
)

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pon-bench-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
// The peer prints to the same output: ours first.
fflush(nil)
if let peer {
    let workload: [String: Any] = [
        "devices": deviceCount, "pons": ponCount, "ponsPerOLT": ponsPerOLT, "slots": slots, "maxPerPON": 4,
        "maxPerOLT": 120, "models": models, "cycles": cycles, "checksum": String(checksum),
        "canary": Array(canary),
    ]
    let file = directory.appendingPathComponent("workload.json")
    try JSONSerialization.data(withJSONObject: workload).write(to: file)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: peer)
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "../../../Tools/bench-python-ponplan.py"
    ).standardized.path
    process.arguments = [script, file.path, "--runs", String(runs)]
    try process.run()
    process.waitUntilExit()
} else {
    print("  peer: add --peer python3 to run Tools/bench-python-ponplan.py on the same devices")
}

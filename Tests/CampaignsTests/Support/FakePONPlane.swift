import Campaigns
import Synchronization

/// A PON topology and alarm plane for runner tests: placements by device id, devices that raise
/// signal-lost as soon as they are asked about after their push, and storms active until a time.
final class FakePONPlane: PONTopology, PlaneHealth {
    let placements: [String: PONPlacement]
    private let clock: TestClock
    private let state = Mutex<(bricked: Set<String>, storms: [(PONPlacement, until: Double)])>(([], []))

    init(placements: [String: PONPlacement], clock: TestClock) {
        self.placements = placements
        self.clock = clock
    }

    /// Devices whose ONU raises signal-lost once pushed.
    func brick(_ devices: some Sequence<String>) { state.withLock { $0.bricked.formUnion(devices) } }

    /// A storm at `place` that clears at `until` (test-clock milliseconds).
    func storm(_ place: PONPlacement, until: Double) { state.withLock { $0.storms.append((place, until)) } }

    func placements(of deviceIDs: [String]) async throws -> [String: PONPlacement] {
        var out: [String: PONPlacement] = [:]
        for id in deviceIDs { if let p = placements[id] { out[id] = p } }
        return out
    }

    func signalLost(_ deviceIDs: [String], since: Double) async throws -> [String: Double] {
        let bricked = state.withLock { $0.bricked }
        let now = clock.now()
        var out: [String: Double] = [:]
        for id in deviceIDs where bricked.contains(id) { out[id] = now }
        return out
    }

    func activeStorms() async throws -> [PONPlacement] {
        let now = clock.now()
        return state.withLock { $0.storms.filter { now < $0.until }.map(\.0) }
    }
}

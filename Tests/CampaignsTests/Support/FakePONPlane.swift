import Campaigns
import Synchronization

/// A PON topology and alarm plane for runner tests: placements by device id, devices whose ONU goes
/// down the first time they are asked about (and stays down, or comes back after a time), and
/// storms active until a time.
final class FakePONPlane: PONTopology, PlaneHealth {
    let placements: [String: PONPlacement]
    private let clock: TestClock
    private let state = Mutex<
        (
            bricked: Set<String>, rebootFor: [String: Double], downSince: [String: Double],
            storms: [(PONPlacement, until: Double)]
        )
    >(([], [:], [:], []))

    init(placements: [String: PONPlacement], clock: TestClock) {
        self.placements = placements
        self.clock = clock
    }

    /// Devices whose ONU raises signal-lost once pushed and never comes back.
    func brick(_ devices: some Sequence<String>) { state.withLock { $0.bricked.formUnion(devices) } }

    /// Devices whose ONU goes down once pushed and is back `milliseconds` later (a reboot).
    func reboot(_ devices: some Sequence<String>, downFor milliseconds: Double) {
        state.withLock { for id in devices { $0.rebootFor[id] = milliseconds } }
    }

    /// A storm at `place` that clears at `until` (test-clock milliseconds).
    func storm(_ place: PONPlacement, until: Double) { state.withLock { $0.storms.append((place, until)) } }

    func placements(of deviceIDs: [String]) async throws -> [String: PONPlacement] {
        var out: [String: PONPlacement] = [:]
        for id in deviceIDs { if let p = placements[id] { out[id] = p } }
        return out
    }

    func signalLost(_ deviceIDs: [String], since: Double) async throws -> [String: Double] {
        let now = clock.now()
        return state.withLock { state in
            var out: [String: Double] = [:]
            for id in deviceIDs where state.bricked.contains(id) || state.rebootFor[id] != nil {
                let down = state.downSince[id] ?? now
                state.downSince[id] = down
                if let back = state.rebootFor[id], now >= down + back { continue }
                out[id] = down
            }
            return out
        }
    }

    func activeStorms() async throws -> [PONPlacement] {
        let now = clock.now()
        return state.withLock { $0.storms.filter { now < $0.until }.map(\.0) }
    }
}

import Campaigns
import FerruleTestSupport
import Foundation
import PONCampaigns
import Synchronization
import Testing

@testable import PONEvents

@Suite("Event store plane health")
struct EventStorePlaneHealthTests {
    static let start = 1_780_000_000_000.0

    /// The store's clock while ``record(_:_:skew:)`` records an event: when Ferrule received it.
    @TaskLocal static var receivedAt: Date?

    /// A store in a scratch directory, a topology of devices d1…d12 (d1–d10 on olt-1 PON 1, d11–d12 on PON 2)
    /// and a clock the test moves.
    static func fixture() throws -> (EventStore, StaticTopology, ManualClock) {
        let path = try Scratch.directory("plane-health").path + "/events.sqlite"
        let store = try EventStore(
            path: path,
            severities: .builtIn,
            retention: .standard,
            clock: { EventStorePlaneHealthTests.receivedAt ?? Date() }
        )
        let entries = (1...12).map { n in
            TopologyEntry(
                deviceID: "d\(n)",
                placement: PONPlacement(olt: "olt-1", pon: n <= 10 ? "1" : "2"),
                onuSerial: String(format: "HWTC%08X", n)
            )
        }
        return (store, StaticTopology(entries), ManualClock(start))
    }

    static func los(_ n: Int, _ phase: PONEventPhase, at ms: Double, pon: UInt32 = 1) -> PONEvent {
        PONEvent(
            name: "ONU_LOSS_OF_SIGNAL_\(phase == .raise ? "RAISE" : "CLEAR")_EVENT",
            alarmName: "ONU_LOSS_OF_SIGNAL",
            kind: .signalLost,
            phase: phase,
            headerID: "h-\(n)-\(phase)-\(ms)",
            oltDeviceID: "olt-1",
            onuSerial: String(format: "HWTC%08X", n),
            ponInterface: pon,
            onuNumber: UInt32(n),
            raisedAt: Date(timeIntervalSince1970: ms / 1000)
        )
    }

    /// Records `events`, each received when its OLT says it happened plus `skew` seconds (an OLT
    /// whose clock is behind: positive).
    static func record(_ store: EventStore, _ events: [PONEvent], skew: TimeInterval = 0) async throws {
        for event in events {
            try await $receivedAt.withValue(event.raisedAt.map { $0.addingTimeInterval(skew) }) {
                try await store.record(event, source: .file(path: UUID().uuidString, line: 1))
            }
        }
    }

    @Test("signal-lost raises since a time are found for the devices whose ONUs raised them")
    func signalLost() async throws {
        let (store, topology, clock) = try Self.fixture()
        try await Self.record(
            store,
            [Self.los(1, .raise, at: Self.start - 60_000), Self.los(2, .raise, at: Self.start + 5_000)]
        )
        let health = EventStorePlaneHealth(store: store, directory: topology, now: { clock.now() })
        let lost = try await health.signalLost(["d1", "d2", "d3"], since: Self.start)
        #expect(lost == ["d2": Self.start + 5_000], "d1 raised before the window, d3 never")
    }

    static func dyingGasp(_ n: Int, at ms: Double) -> PONEvent {
        var event = los(n, .raise, at: ms)
        event.name = "ONU_DYING_GASP_RAISE_EVENT"
        event.alarmName = "ONU_DYING_GASP"
        event.kind = .powerLost
        event.headerID = "dg-\(n)-\(ms)"
        return event
    }

    static func activated(_ n: Int, at ms: Double) -> PONEvent {
        PONEvent(
            name: "ONU_ACTIVATED_RAISE_EVENT",
            alarmName: "ONU_ACTIVATED",
            kind: .onuActivated,
            phase: .raise,
            headerID: "act-\(n)-\(ms)",
            oltDeviceID: "olt-1",
            onuSerial: String(format: "HWTC%08X", n),
            ponInterface: 1,
            onuNumber: UInt32(n),
            raisedAt: Date(timeIntervalSince1970: ms / 1000)
        )
    }

    @Test(
        "an ONU that rebooted (dying gasp and LOS, then the LOS clear or its activation) is not down; one still dark is"
    )
    func signalLostRecovered() async throws {
        let (store, topology, clock) = try Self.fixture()
        let t = Self.start + 5_000
        try await Self.record(
            store,
            [
                // d1: BBSim's reboot, as openolt reports it (openolt_eventmgr.go:363-389, 456-505;
                // device_handler.go:1905-1935): no dying gasp clear, the LOS clears on re-ranging.
                Self.dyingGasp(1, at: t), Self.los(1, .raise, at: t), Self.los(1, .clear, at: t + 2_000),
                // d2: back through its activation.
                Self.los(2, .raise, at: t), Self.activated(2, at: t + 60_000),
                // d3: down, and still down.
                Self.dyingGasp(3, at: t + 1_000), Self.los(3, .raise, at: t + 1_000),
                // d4: back, then down again: the second outage is the one that counts.
                Self.los(4, .raise, at: t), Self.los(4, .clear, at: t + 1_000), Self.los(4, .raise, at: t + 9_000),
            ]
        )
        let health = EventStorePlaneHealth(store: store, directory: topology, now: { clock.now() })
        let down = try await health.signalLost(["d1", "d2", "d3", "d4"], since: Self.start)
        #expect(down == ["d3": t + 1_000, "d4": t + 9_000])
    }

    @Test("an OLT clock three hours behind: a loss raised now is recent, counted from when it was received")
    func signalLostOLTBehind() async throws {
        let (store, topology, clock) = try Self.fixture()
        let hours: TimeInterval = 3 * 3600
        // Received 5 s after `since`, stamped three hours earlier by the OLT (and its clear for d2 too).
        try await Self.record(
            store,
            [
                Self.los(1, .raise, at: Self.start + 5_000 - hours * 1000),
                Self.los(2, .raise, at: Self.start + 5_000 - hours * 1000),
                Self.los(2, .clear, at: Self.start + 9_000 - hours * 1000),
            ],
            skew: hours
        )
        let health = EventStorePlaneHealth(store: store, directory: topology, now: { clock.now() })
        let lost = try await health.signalLost(["d1", "d2"], since: Self.start)
        #expect(lost == ["d1": Self.start + 5_000], "by the OLT's stamp d1 lost signal hours before the window")
    }

    @Test("an OLT clock three hours ahead: a loss from before the window is old; recovered ONUs stay recovered")
    func signalLostOLTAhead() async throws {
        let (store, topology, clock) = try Self.fixture()
        let hours: TimeInterval = 3 * 3600
        // d1 lost signal a minute before the window (stamped three hours in the future); d2 lost it
        // inside the window and came back through its activation, which the openonu adapter stamps
        // with the right time: by the stamps, the activation came first and d2 would still be down.
        try await Self.record(store, [Self.los(1, .raise, at: Self.start - 60_000 + hours * 1000)], skew: -hours)
        try await Self.record(store, [Self.los(2, .raise, at: Self.start + 5_000 + hours * 1000)], skew: -hours)
        try await Self.record(store, [Self.activated(2, at: Self.start + 60_000)])
        try await Self.record(store, [Self.los(3, .raise, at: Self.start + 7_000 + hours * 1000)], skew: -hours)
        let health = EventStorePlaneHealth(store: store, directory: topology, now: { clock.now() })
        let lost = try await health.signalLost(["d1", "d2", "d3"], since: Self.start)
        #expect(lost == ["d3": Self.start + 7_000], "\(lost)")
    }

    @Test("storms of an OLT stamping hours behind or ahead hold and end on Ferrule's clock")
    func stormsWithSkewedOLT() async throws {
        for skew in [3.0 * 3600, -3.0 * 3600] {
            let (store, topology, clock) = try Self.fixture()
            let settings = PONStormSettings(threshold: 8, window: 60, clearAfter: 120)
            let health = EventStorePlaneHealth(
                store: store,
                directory: topology,
                storms: settings,
                now: { clock.now() }
            )
            // Received at start + 1…8 s; stamped `skew` seconds earlier.
            try await Self.record(
                store,
                (1...8).map { Self.los($0, .raise, at: Self.start + Double($0) * 1000 - skew * 1000) },
                skew: skew
            )
            clock.set(Self.start + 10_000)
            #expect(try await health.activeStorms() == [PONPlacement(olt: "olt-1", pon: "1")], "skew \(skew)")
            clock.set(Self.start + 100_000)
            #expect(try await health.activeStorms() == [PONPlacement(olt: "olt-1", pon: "1")], "skew \(skew)")
            // Quiet for clear-after on Ferrule's clock: the storm ends.
            clock.set(Self.start + 8_000 + 121_000)
            #expect(try await health.activeStorms().isEmpty, "skew \(skew)")
        }
    }

    @Test("a dying gasp arriving after its ONU is back, stamped before, is the loss it recovered from")
    func lateDyingGasp() async throws {
        let (store, topology, clock) = try Self.fixture()
        let t = Self.start + 5_000
        try await Self.record(store, [Self.los(1, .raise, at: t), Self.los(1, .clear, at: t + 60_000)])
        try await Self.record(store, [Self.los(2, .raise, at: t), Self.activated(2, at: t + 60_000)])
        // openonu's ONU-G dying gasps, stamped around the loss, received 10 s after the recovery.
        try await Self.record(store, [Self.dyingGasp(1, at: t + 1_000), Self.dyingGasp(2, at: t + 1_000)], skew: 69)
        // d3: back, then a dying gasp stamped after its recovery: a new loss.
        try await Self.record(store, [Self.los(3, .raise, at: t), Self.los(3, .clear, at: t + 60_000)])
        try await Self.record(store, [Self.dyingGasp(3, at: t + 120_000)])
        let health = EventStorePlaneHealth(store: store, directory: topology, now: { clock.now() })
        let down = try await health.signalLost(["d1", "d2", "d3"], since: Self.start)
        #expect(down == ["d3": t + 120_000], "\(down)")
    }

    @Test("the topology's upper-case serial finds VOLTHA's lower-case one in the events")
    func signalLostSerialCase() async throws {
        let (store, _, clock) = try Self.fixture()
        let topology = StaticTopology([
            TopologyEntry(deviceID: "d1", placement: PONPlacement(olt: "olt-1", pon: "1"), onuSerial: "ALCL78DE45B1")
        ])
        var event = Self.los(1, .raise, at: Self.start + 5_000)
        event.onuSerial = "ALCL78de45b1"  // VOLTHA: the vendor-specific part in `%x`
        try await Self.record(store, [event])
        let health = EventStorePlaneHealth(store: store, directory: topology, now: { clock.now() })
        #expect(try await health.signalLost(["d1"], since: Self.start) == ["d1": Self.start + 5_000])
    }

    @Test("a LOS storm holds its PON until every ONU clears, or until it is quiet for clear-after")
    func storms() async throws {
        let (store, topology, clock) = try Self.fixture()
        let settings = PONStormSettings(threshold: 8, window: 60, clearAfter: 120)
        let health = EventStorePlaneHealth(
            store: store,
            directory: topology,
            storms: settings,
            now: { clock.now() }
        )
        #expect(try await health.activeStorms().isEmpty)
        try await Self.record(store, (1...8).map { Self.los($0, .raise, at: Self.start + Double($0) * 1000) })
        clock.set(Self.start + 10_000)
        #expect(try await health.activeStorms() == [PONPlacement(olt: "olt-1", pon: "1")])
        // Seven ONUs come back: the PON is still dark for one.
        try await Self.record(store, (1...7).map { Self.los($0, .clear, at: Self.start + 20_000 + Double($0)) })
        clock.set(Self.start + 30_000)
        #expect(try await health.activeStorms() == [PONPlacement(olt: "olt-1", pon: "1")])
        try await Self.record(store, [Self.los(8, .clear, at: Self.start + 40_000)])
        #expect(try await health.activeStorms().isEmpty, "every ONU is back")

        // A second storm that never clears ends after 120 s without a raise.
        try await Self.record(store, (1...8).map { Self.los($0, .raise, at: Self.start + 100_000 + Double($0) * 1000) })
        clock.set(Self.start + 110_000)
        #expect(try await health.activeStorms() == [PONPlacement(olt: "olt-1", pon: "1")])
        clock.set(Self.start + 108_000 + 121_000)
        #expect(try await health.activeStorms().isEmpty)
    }

    static func oltLOS(_ phase: PONEventPhase, at ms: Double, pon: UInt32 = 1) -> PONEvent {
        PONEvent(
            name: "OLT_LOSS_OF_SIGNAL_\(phase == .raise ? "RAISE" : "CLEAR")_EVENT",
            alarmName: "OLT_LOSS_OF_SIGNAL",
            kind: .ponDown,
            phase: phase,
            headerID: "olt-los-\(phase)-\(ms)",
            resourceID: "olt-1",
            oltDeviceID: "olt-1",
            ponInterface: pon,
            raisedAt: Date(timeIntervalSince1970: ms / 1000),
            context: ["intf-id": "\(pon)", "port-label": "pon-\(pon)"]
        )
    }

    @Test("OLT_LOSS_OF_SIGNAL on a PON holds it with two ONUs down (below the storm threshold) until the OLT clears it")
    func oltLossOfSignalHolds() async throws {
        let (store, topology, clock) = try Self.fixture()
        let settings = PONStormSettings(threshold: 8, window: 60, clearAfter: 120)
        // openolt: each ONU's LOS, then the port's (openolt_eventmgr.go:245-287).
        try await Self.record(
            store,
            [
                Self.los(1, .raise, at: Self.start), Self.los(2, .raise, at: Self.start),
                Self.oltLOS(.raise, at: Self.start),
            ]
        )
        let health = EventStorePlaneHealth(store: store, directory: topology, storms: settings, now: { clock.now() })
        clock.set(Self.start + 1_000)
        #expect(try await health.activeStorms() == [PONPlacement(olt: "olt-1", pon: "1")])
        clock.set(Self.start + 600_000)
        #expect(try await health.activeStorms() == [PONPlacement(olt: "olt-1", pon: "1")], "still dark 10 min on")
        try await Self.record(store, [Self.oltLOS(.clear, at: Self.start + 601_000)])
        clock.set(Self.start + 602_000)
        #expect(try await health.activeStorms().isEmpty, "the OLT sees light again")
    }

    @Test("an OLT_LOSS_OF_SIGNAL raised before the lookback and still active holds its PON (from the alarm)")
    func oltLossOfSignalFromAlarm() async throws {
        let (store, topology, clock) = try Self.fixture()
        try await Self.record(store, [Self.oltLOS(.raise, at: Self.start - 5 * 3_600_000, pon: 2)])
        let health = EventStorePlaneHealth(store: store, directory: topology, lookback: 3600, now: { clock.now() })
        #expect(try await health.activeStorms() == [PONPlacement(olt: "olt-1", pon: "2")])
    }

    @Test("the LOS clears of ONUs rediscovered after the repair (no OLT in them) end the hold")
    func stormEndsOnRediscovery() async throws {
        let (store, topology, clock) = try Self.fixture()
        let settings = PONStormSettings(threshold: 8, window: 60, clearAfter: 120)
        let health = EventStorePlaneHealth(store: store, directory: topology, storms: settings, now: { clock.now() })
        try await Self.record(store, (1...8).map { Self.los($0, .raise, at: Self.start + Double($0) * 1000) })
        clock.set(Self.start + 10_000)
        #expect(try await health.activeStorms() == [PONPlacement(olt: "olt-1", pon: "1")])
        // voltha-openolt-adapter device_handler.go:1905-1935: resource = the ONU, context without the OLT.
        let repaired = (1...8).map { n in
            var clear = Self.los(n, .clear, at: Self.start + 20_000 + Double(n))
            clear.oltDeviceID = nil
            clear.resourceID = "onu-\(n)"
            clear.onuDeviceID = "onu-\(n)"
            clear.context = ["intf-id": "1", "onu-id": "\(n)", "onu-device-id": "onu-\(n)"]
            return clear
        }
        try await Self.record(store, repaired)
        clock.set(Self.start + 30_000)
        #expect(try await health.activeStorms().isEmpty, "every ONU is back")
    }
}

/// Milliseconds the test sets.
final class ManualClock: Sendable {
    private let time: Mutex<Double>

    init(_ start: Double) { time = Mutex(start) }

    func now() -> Double { time.withLock { $0 } }

    func set(_ value: Double) { time.withLock { $0 = value } }
}

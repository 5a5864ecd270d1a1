import Foundation
import Synchronization
import Testing

@testable import PONEvents
@testable import VOLTHA

/// A port lister whose answers the test sets, counting calls.
final class FakePortLister: PONPortLister {
    struct Missing: Error {}

    private let state = Mutex<(ports: [String: [DevicePort]], calls: Int)>(([:], 0))

    func set(_ olt: String, up: [UInt32], down: [UInt32], disabled: [UInt32] = []) {
        let ports =
            up.map { Self.pon($0, oper: .active) } + down.map { Self.pon($0, oper: .discovered) }
            + disabled.map { Self.pon($0, oper: .discovered, admin: .disabled) }
            + [
                DevicePort(
                    number: 1 << 24,
                    label: "nni-16777216",
                    type: .ethernetNNI,
                    adminState: .enabled,
                    operStatus: .discovered
                )
            ]
        state.withLock { $0.ports[olt] = ports }
    }

    var calls: Int { state.withLock { $0.calls } }

    func ports(deviceID: String) async throws -> [DevicePort] {
        try state.withLock { value in
            value.calls += 1
            guard let ports = value.ports[deviceID] else { throw Missing() }
            return ports
        }
    }

    static func pon(_ intf: UInt32, oper: OperStatus, admin: AdminState = .enabled) -> DevicePort {
        DevicePort(number: 0x2 << 28 | intf, label: "pon-\(intf)", type: .ponOLT, adminState: admin, operStatus: oper)
    }
}

@Suite("Resolving the PON port of OLT_PON_INTERFACE_DOWN by listing the OLT's ports")
struct PONDownResolverTests {
    static func down(_ phase: PONEventPhase = .raise) throws -> PONEvent {
        var event = try EventFixtures.one("OLT_PON_INTERFACE_DOWN_\(phase == .raise ? "RAISE" : "CLEAR")_EVENT")
        event.oltDeviceID = "olt-1"
        return event
    }

    @Test("the one port that went down since the last listing is the event's port")
    func onePortChanged() async throws {
        let lister = FakePortLister()
        lister.set("olt-1", up: [0, 1, 2], down: [3])
        let resolver = PONDownResolver(lister: lister)
        try await resolver.remember(oltDeviceID: "olt-1")
        lister.set("olt-1", up: [0, 2], down: [1, 3])
        let resolution = try await resolver.resolve(try Self.down())
        #expect(resolution.resolved && resolution.event.ponInterface == 1)
        #expect(resolution.down == [1, 3] && resolution.changed == [1])
        // …and the clear names the port that came back.
        lister.set("olt-1", up: [0, 1, 2], down: [3])
        let clear = try await resolver.resolve(try Self.down(.clear))
        #expect(clear.event.ponInterface == 1 && clear.explanation.contains("went up"))
    }

    @Test("without an earlier listing a raise resolves only when a single enabled port is down")
    func firstListing() async throws {
        let lister = FakePortLister()
        lister.set("olt-1", up: [0, 1], down: [2], disabled: [3])
        let resolution = try await PONDownResolver(lister: lister).resolve(try Self.down())
        #expect(resolution.event.ponInterface == 2)
        lister.set("olt-2", up: [0], down: [1, 2])
        var two = try Self.down()
        two.oltDeviceID = "olt-2"
        let ambiguous = try await PONDownResolver(lister: lister).resolve(two)
        #expect(!ambiguous.resolved && ambiguous.down == [1, 2])
        #expect(ambiguous.explanation.contains("pon-1, pon-2"))
    }

    @Test("two ports changing at once are reported, not guessed")
    func twoChanged() async throws {
        let lister = FakePortLister()
        lister.set("olt-1", up: [0, 1, 2], down: [])
        let resolver = PONDownResolver(lister: lister)
        try await resolver.remember(oltDeviceID: "olt-1")
        lister.set("olt-1", up: [0], down: [1, 2])
        let resolution = try await resolver.resolve(try Self.down())
        #expect(!resolution.resolved && resolution.changed == [1, 2])
        #expect(resolution.explanation.hasPrefix("2 PON ports changed state (pon-1, pon-2)"))
    }

    @Test("other events are returned unchanged without listing anything")
    func otherEvents() async throws {
        let lister = FakePortLister()
        let los = try EventFixtures.one("ONU_LOSS_OF_SIGNAL_RAISE_EVENT")
        let resolution = try await PONDownResolver(lister: lister).resolve(los)
        #expect(resolution.event == los && lister.calls == 0)
    }
}

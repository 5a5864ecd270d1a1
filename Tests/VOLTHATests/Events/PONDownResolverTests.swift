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

/// A port lister answering from a list (PON interface → up), one answer per call, the last one
/// repeated.
final class SequencedPortLister: PONPortLister {
    private let state = Mutex<(answers: [[UInt32: Bool]], calls: Int)>(([], 0))

    var answers: [[UInt32: Bool]] {
        get { state.withLock { $0.answers } }
        set { state.withLock { $0.answers = newValue } }
    }

    var calls: Int { state.withLock { $0.calls } }

    func ports(deviceID: String) async throws -> [DevicePort] {
        state.withLock { value in
            value.calls += 1
            let answer = value.answers.count > 1 ? value.answers.removeFirst() : value.answers.first ?? [:]
            return answer.sorted { $0.key < $1.key }.map {
                FakePortLister.pon($0.key, oper: $0.value ? .active : .discovered)
            }
        }
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

    @Test("each report uses up only its own port: pon-1 down, then pon-2 down while pon-1 comes back")
    func secondPortKept() async throws {
        let lister = FakePortLister()
        lister.set("olt-1", up: [0, 1, 2, 3], down: [])
        let resolver = PONDownResolver(lister: lister, rereads: [])
        try await resolver.remember(oltDeviceID: "olt-1")
        lister.set("olt-1", up: [0, 2, 3], down: [1])
        #expect(try await resolver.resolve(try Self.down()).event.ponInterface == 1)
        lister.set("olt-1", up: [0, 1, 3], down: [2])
        let raise = try await resolver.resolve(try Self.down())
        let clear = try await resolver.resolve(try Self.down(.clear))
        #expect(raise.event.ponInterface == 2, "\(raise.explanation)")
        #expect(clear.event.ponInterface == 1, "pon-1's return was not used up by pon-2's report: \(clear.explanation)")
    }

    @Test("an event that comes before its port update is resolved by listing again shortly")
    func eventBeforePortUpdate() async throws {
        let lister = SequencedPortLister()
        let resolver = PONDownResolver(lister: lister, rereads: [.zero, .zero, .zero])
        lister.answers = [[0: true, 1: true]]
        try await resolver.remember(oltDeviceID: "olt-1")
        // The core still shows pon-1 up at the first two listings, down at the third.
        lister.answers = [[0: true, 1: true], [0: true, 1: true], [0: true, 1: false]]
        let resolution = try await resolver.resolve(try Self.down())
        #expect(resolution.event.ponInterface == 1 && lister.calls == 4)
        // No change at all: the rereads are bounded, then the event is left unresolved.
        lister.answers = [[0: true, 1: false]]
        let none = try await resolver.resolve(try Self.down(.raise))
        #expect(!none.resolved && lister.calls == 8 && none.explanation.hasPrefix("no PON port of OLT olt-1 changed"))
    }

    @Test("the start-up listing finds the PON that was already down when it comes back; a failed OLT is reported")
    func startUpListing() async throws {
        let lister = FakePortLister()
        lister.set("olt-1", up: [0, 1, 3], down: [2])
        let resolver = PONDownResolver(lister: lister, rereads: [])
        let failed = await resolver.rememberAll(["olt-1", "olt-missing"])
        #expect(failed.map(\.olt) == ["olt-missing"])
        lister.set("olt-1", up: [0, 1, 2, 3], down: [])
        let clear = try await resolver.resolve(try Self.down(.clear))
        #expect(clear.event.ponInterface == 2, "\(clear.explanation)")
        // Bounded: no more OLTs are listed than the resolver keeps.
        let small = PONDownResolver(lister: lister, capacity: 1, rereads: [])
        #expect(await small.rememberAll(["olt-1", "olt-missing"]).isEmpty)
    }

    @Test("other events are returned unchanged without listing anything")
    func otherEvents() async throws {
        let lister = FakePortLister()
        let los = try EventFixtures.one("ONU_LOSS_OF_SIGNAL_RAISE_EVENT")
        let resolution = try await PONDownResolver(lister: lister).resolve(los)
        #expect(resolution.event == los && lister.calls == 0)
    }
}

import Foundation
import Testing

@testable import PONEvents

/// An ONU's dying gasp reported by the openonu adapter's ONU-G alarm (voltha-openonu-adapter-go
/// `internal/pkg/almgr/alarm_manager.go:158, 741-778`: the ONU as resource, no OLT) reaches Kafka
/// from another producer than openolt's loss of signal and its clear on rediscovery
/// (voltha-openolt-adapter `internal/pkg/core/openolt_eventmgr.go:363-388`,
/// `internal/pkg/core/device_handler.go:1905-1935`), so it may arrive after the ONU is back. The
/// store follows the events' own times: a dying gasp stamped before the recovery is over.
@Suite("Event store: a dying gasp that arrives after its ONU is back leaves the ONU up")
struct EventStoreDyingGaspOrderTests {
    typealias F = EventStoreFixtures
    static let serial = "BBSM00000001"

    /// openonu's ONU-G dying gasp of ``serial``, stamped `seconds` after the fixtures' epoch.
    static func onuGasp(_ phase: PONEventPhase = .raise, at seconds: TimeInterval) -> PONEvent {
        var event = PONEventNormaliser.deviceEvent(
            name: "ONU_DYING_GASP_\(phase == .raise ? "RAISE" : "CLEAR")_EVENT",
            resourceID: "onudev1",
            description: "onu DYING_GASP Event - ONU_DYING_GASP - Raised",
            context: ["onu-id": "onudev1", "onu-intf-id": "\((2 << 28) | 0)", "onu-serial-number": serial]
        )
        event.raisedAt = F.time(seconds)
        return event
    }

    static func los(_ phase: PONEventPhase, at seconds: TimeInterval) -> PONEvent {
        F.onuAlarm(phase, serial: serial, at: seconds)
    }

    static func oltGasp(at seconds: TimeInterval) -> PONEvent {
        F.onuAlarm(.raise, name: "ONU_DYING_GASP", serial: serial, at: seconds, kind: .powerLost)
    }

    static func gaspAlarm(_ store: EventStore) async throws -> PONAlarm? {
        try await store.alarm(AlarmKey(name: "ONU_DYING_GASP", identity: "onu:\(serial)"))
    }

    @Test("LOS, LOS clear, then openonu's dying gasp stamped before the clear: recorded as over, the ONU is up")
    func lateGaspOnly() async throws {
        let store = try F.store()
        try await store.record(Self.los(.raise, at: 0), source: F.kafka(1))
        try await store.record(Self.los(.clear, at: 90), source: F.kafka(2))
        let outcome = try await store.record(Self.onuGasp(at: 1), source: F.kafka(3))
        guard case .recorded(let recorded) = outcome else {
            Issue.record("\(outcome)")
            return
        }
        #expect(recorded.alarmChange == .outOfOrder)
        let gasp = try #require(try await Self.gaspAlarm(store))
        #expect(gasp.state == .cleared, "the ONU was back at 90 s")
        #expect(gasp.raisedAt == F.time(1) && gasp.clearedAt == F.time(90) && gasp.raiseCount == 1)
        let lifecycle = try #require(try await store.onuLifecycles(serials: [Self.serial])[Self.serial])
        #expect(lifecycle.activeLossAlarms.isEmpty)
        #expect(lifecycle.lastLoss == 1, "the late dying gasp (event 3) is no new loss")
    }

    @Test("openolt's dying gasp and LOS, the LOS clear, then openonu's: the ONU's recovery ended the dying gasp")
    func recoveryEndsGasp() async throws {
        let store = try F.store()
        try await store.record(Self.oltGasp(at: 0), source: F.kafka(1))
        try await store.record(Self.los(.raise, at: 0), source: F.kafka(2))
        #expect(try await Self.gaspAlarm(store)?.state == .active)
        try await store.record(Self.los(.clear, at: 90), source: F.kafka(3))
        #expect(try await Self.gaspAlarm(store)?.state == .cleared, "openolt never cleared it; the ONU is back")
        try await store.record(Self.onuGasp(at: 1), source: F.kafka(4))
        let gasp = try #require(try await Self.gaspAlarm(store))
        #expect(gasp.state == .cleared && gasp.clearedAt == F.time(90))
        #expect(try await store.onuLifecycles(serials: [Self.serial])[Self.serial]?.activeLossAlarms == [])
    }

    @Test("an activation also ends it; a dying gasp stamped after the recovery is a new one")
    func newGaspAfterRecovery() async throws {
        let store = try F.store()
        try await store.record(Self.oltGasp(at: 0), source: F.kafka(1))
        try await store.record(F.activated(serial: Self.serial, device: "onudev1", at: 120), source: F.kafka(2))
        #expect(try await Self.gaspAlarm(store)?.state == .cleared)
        // Powered off again ten minutes later.
        try await store.record(Self.onuGasp(at: 720), source: F.kafka(3))
        let gasp = try #require(try await Self.gaspAlarm(store))
        #expect(gasp.state == .active && gasp.raisedAt == F.time(720))
        let lifecycle = try #require(try await store.onuLifecycles(serials: [Self.serial])[Self.serial])
        #expect(lifecycle.activeLossAlarms == ["ONU_DYING_GASP"] && !lifecycle.activatedSinceLoss)
    }
}

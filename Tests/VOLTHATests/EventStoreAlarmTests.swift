import Foundation
import Testing

@testable import PONEvents

@Suite("Event store: alarms derived from raise and clear events")
struct EventStoreAlarmTests {
    typealias F = EventStoreFixtures

    @Test("a raise opens an active alarm with its severity; the clear closes it with both times")
    func raiseThenClear() async throws {
        let store = try F.store()
        let raise = try await store.record(F.onuAlarm(.raise, at: 10), source: F.kafka(1))
        guard case .recorded(let raised) = raise else {
            Issue.record("not recorded")
            return
        }
        #expect(raised.alarmChange == .raised)
        let clear = try await store.record(F.onuAlarm(.clear, at: 70), source: F.kafka(2))
        guard case .recorded(let cleared) = clear else {
            Issue.record("not recorded")
            return
        }
        #expect(cleared.alarmChange == .cleared)
        #expect(cleared.alarmID == raised.alarmID)

        let alarm = try await store.required(raised.alarmID)
        #expect(alarm.name == "ONU_LOSS_OF_SIGNAL")
        #expect(alarm.identity == "onu:BBSM00000001")
        #expect(alarm.state == .cleared)
        #expect(alarm.severity == .major)
        #expect(alarm.raisedAt == F.time(10))
        #expect(alarm.clearedAt == F.time(70))
        #expect(alarm.changedAt == F.time(70))
        #expect(alarm.raiseCount == 1)
        #expect(alarm.clearCount == 1)
        #expect(alarm.oltDeviceID == "olt-1")
        #expect(alarm.ponInterface == 0)
        #expect(alarm.lastEventID == clear.eventID)
    }

    @Test("a clear never seen raised is stored as a cleared alarm without a raise time")
    func clearWithoutRaise() async throws {
        let store = try F.store()
        let outcome = try await store.record(F.onuAlarm(.clear, at: 50), source: F.kafka(1))
        guard case .recorded(let recorded) = outcome else {
            Issue.record("not recorded")
            return
        }
        #expect(recorded.alarmChange == .clearedWithoutRaise)
        let alarm = try await store.required(recorded.alarmID)
        #expect(alarm.state == .cleared)
        #expect(alarm.raisedAt == nil)
        #expect(alarm.clearedAt == F.time(50))
        #expect(alarm.raiseCount == 0)
        #expect(alarm.clearCount == 1)
    }

    @Test("a repeated raise keeps the alarm active from its first raise and counts both")
    func repeatedRaise() async throws {
        let store = try F.store()
        try await store.record(F.onuAlarm(.raise, name: "ONU_DYING_GASP", at: 10, kind: .powerLost), source: F.kafka(1))
        // The same dying gasp, reported by the ONU's OMCI alarm a second later.
        var omci = F.onuAlarm(.raise, name: "ONU_DYING_GASP", at: 11, kind: .powerLost)
        omci.resourceID = "onu-device-1"
        omci.onuDeviceID = "onu-device-1"
        let second = try await store.record(omci, source: F.kafka(2))
        guard case .recorded(let recorded) = second else {
            Issue.record("not recorded")
            return
        }
        #expect(recorded.alarmChange == .repeated)
        let alarm = try await store.required(recorded.alarmID)
        #expect(alarm.state == .active)
        #expect(alarm.raisedAt == F.time(10))
        #expect(alarm.raiseCount == 2)
        #expect(alarm.severity == .major)
        // The ONU's device id, missing from the OLT's report, is learnt from the second.
        #expect(alarm.onuDeviceID == "onu-device-1")
        let page = try await store.alarms(AlarmQuery())
        #expect(page.total == 1)
    }

    @Test("a clear that overtook its raise leaves the alarm cleared; the late raise only fills the raise time")
    func clearBeforeRaise() async throws {
        let store = try F.store()
        try await store.record(F.onuAlarm(.clear, at: 20), source: F.kafka(1))
        let late = try await store.record(F.onuAlarm(.raise, at: 10), source: F.kafka(2))
        guard case .recorded(let recorded) = late else {
            Issue.record("not recorded")
            return
        }
        #expect(recorded.alarmChange == .outOfOrder)
        let alarm = try await store.required(recorded.alarmID)
        #expect(alarm.state == .cleared)
        #expect(alarm.raisedAt == F.time(10))
        #expect(alarm.clearedAt == F.time(20))
        #expect(alarm.raiseCount == 1)
    }

    @Test("an old clear arriving after a newer raise does not clear the new episode")
    func staleClear() async throws {
        let store = try F.store()
        try await store.record(F.onuAlarm(.raise, at: 10), source: F.kafka(1))
        try await store.record(F.onuAlarm(.clear, at: 20), source: F.kafka(2))
        try await store.record(F.onuAlarm(.raise, at: 30), source: F.kafka(3))
        // A clear from before the second raise (at 15), delivered last.
        let stale = try await store.record(F.onuAlarm(.clear, at: 15), source: F.kafka(4))
        guard case .recorded(let recorded) = stale else {
            Issue.record("not recorded")
            return
        }
        #expect(recorded.alarmChange == .outOfOrder)
        let alarm = try await store.required(recorded.alarmID)
        #expect(alarm.state == .active)
        #expect(alarm.raisedAt == F.time(30))
        #expect(alarm.clearedAt == nil)
        #expect(alarm.raiseCount == 2)
        #expect(alarm.clearCount == 2)
    }

    @Test("raised again after a clear: active, new raise time, acknowledgement and operator clear reset")
    func raisedAgain() async throws {
        let clock = F.Clock()
        clock.set(F.time(15))
        let store = try F.store(clock: clock)
        let first = try await store.record(F.onuAlarm(.raise, at: 10), source: F.kafka(1))
        let id = try #require(first.recordedAlarmID)
        _ = try await store.acknowledge(alarm: id, by: "noc-anna", note: "truck rolled")
        let cleared = try await store.clear(alarm: id, by: "noc-anna")
        #expect(cleared.changed)
        #expect(cleared.alarm.state == .cleared)
        #expect(cleared.alarm.operatorClear?.by == "noc-anna")
        // A redelivered copy of the old raise (new position, same header id) is the same event: it
        // does not reopen the alarm nor count as a raise.
        let old = try await store.record(F.onuAlarm(.raise, at: 10), source: F.kafka(9))
        #expect(old.isDuplicate)
        #expect(old.eventID == first.eventID)
        // VOLTHA raises it again later.
        let again = try await store.record(F.onuAlarm(.raise, at: 40), source: F.kafka(2))
        #expect(again.change == .raised)
        let alarm = try #require(try await store.alarm(id: id))
        #expect(alarm.state == .active)
        #expect(alarm.raisedAt == F.time(40))
        #expect(alarm.clearedAt == nil)
        #expect(alarm.acknowledgement == nil)
        #expect(alarm.operatorClear == nil)
        #expect(alarm.raiseCount == 2)
    }

    @Test("bare events and notifications (discovery, activation) make no alarm")
    func notificationsAreEventsOnly() async throws {
        let store = try F.store()
        let activated = try await store.record(
            F.activated(serial: "BBSM00000001", device: "onu-1", at: 5),
            source: F.kafka(1)
        )
        #expect(activated.recordedAlarmID == nil)
        var disable = F.onuAlarm(.raise, name: "ONU_DISABLE", at: 6, kind: .unknown)
        disable.name = "ONU_DISABLE"
        disable.phase = .bare
        let bare = try await store.record(disable, source: F.kafka(2))
        #expect(bare.recordedAlarmID == nil)
        #expect(try await store.alarms(AlarmQuery()).total == 0)
        #expect(try await store.events(EventQuery()).total == 2)
    }

    @Test("an ONU is one alarm whichever family reports it; another ONU or alarm name is another alarm")
    func identity() async throws {
        let store = try F.store()
        let a = try await store.record(F.onuAlarm(.raise, serial: "BBSM00000001", at: 1), source: F.kafka(1))
        let b = try await store.record(F.onuAlarm(.raise, serial: "BBSM00000002", onu: 2, at: 1), source: F.kafka(2))
        let c = try await store.record(
            F.onuAlarm(.raise, name: "ONU_LOW_RX_OPTICAL", serial: "BBSM00000001", at: 1, kind: .alarm),
            source: F.kafka(3)
        )
        let ids = [a.recordedAlarmID, b.recordedAlarmID, c.recordedAlarmID].compactMap { $0 }
        #expect(Set(ids).count == 3)
        // An OLT-level alarm without an ONU: keyed by the PON.
        var pon = F.onuAlarm(.raise, name: "OLT_LOSS_OF_SIGNAL", at: 2, kind: .signalLost)
        pon.onuSerial = nil
        pon.onuNumber = nil
        pon.ponInterface = 3
        let olt = try await store.record(pon, source: F.kafka(4))
        let alarm = try await store.required(olt.recordedAlarmID)
        #expect(alarm.identity == "pon:olt-1/3")
        #expect(alarm.severity == .critical)
    }
}

extension RecordOutcome {
    /// The alarm a newly recorded event touched.
    var recordedAlarmID: Int64? {
        if case .recorded(let recorded) = self { return recorded.alarmID }
        return nil
    }

    /// What a newly recorded event did to its alarm.
    var change: AlarmChange? {
        if case .recorded(let recorded) = self { return recorded.alarmChange }
        return nil
    }
}

@Suite("Event store: OLT_PON_INTERFACE_DOWN without its port is one alarm per OLT that counts its ports")
struct PortlessPONDownAlarmTests {
    typealias F = EventStoreFixtures

    /// openolt's report of a PON port's oper state: the OLT as resource, context `oper-state` only,
    /// no port (voltha-openolt-adapter `internal/pkg/core/openolt_eventmgr.go:660-690`).
    static func ponInterface(_ phase: PONEventPhase, at seconds: TimeInterval) -> PONEvent {
        var event = PONEventNormaliser.deviceEvent(
            name: "OLT_PON_INTERFACE_DOWN_\(phase == .raise ? "RAISE" : "CLEAR")_EVENT",
            resourceID: "olt-1",
            description: "",
            context: ["oper-state": phase == .raise ? "down" : "up"]
        )
        event.raisedAt = F.time(seconds)
        return event
    }

    static func change(_ outcome: RecordOutcome) -> AlarmChange? {
        if case .recorded(let recorded) = outcome { recorded.alarmChange } else { nil }
    }

    @Test("two ports down, one back: the alarm stays active (partly-cleared) until the second clear")
    func staysActiveWhileAPortIsDown() async throws {
        let store = try F.store()
        #expect(Self.change(try await store.record(Self.ponInterface(.raise, at: 10), source: F.kafka(1))) == .raised)
        #expect(Self.change(try await store.record(Self.ponInterface(.raise, at: 20), source: F.kafka(2))) == .repeated)
        let first = try await store.record(Self.ponInterface(.clear, at: 30), source: F.kafka(3))
        #expect(Self.change(first) == .partlyCleared)
        guard case .recorded(let recorded) = first, let id = recorded.alarmID else {
            Issue.record("not recorded")
            return
        }
        var alarm = try await store.required(id)
        #expect(alarm.identity == "olt:olt-1" && alarm.state == .active && alarm.clearCount == 1)
        #expect(Self.change(try await store.record(Self.ponInterface(.clear, at: 40), source: F.kafka(4))) == .cleared)
        alarm = try await store.required(id)
        #expect(alarm.state == .cleared && alarm.clearedAt == F.time(40))
        // A new episode counts from its own raise: one port down, its clear clears it.
        #expect(Self.change(try await store.record(Self.ponInterface(.raise, at: 50), source: F.kafka(5))) == .raised)
        #expect(Self.change(try await store.record(Self.ponInterface(.clear, at: 60), source: F.kafka(6))) == .cleared)
    }
}

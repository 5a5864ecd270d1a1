import Foundation
import Testing

@testable import PONEvents

/// One ONU, one serial: VOLTHA spells a GPON serial's vendor-specific part in lower-case hex
/// (voltha-openolt-adapter `internal/pkg/core/device_handler.go:2256-2270`), labels and operators in
/// upper case; openonu reports `0000000000000000` for an ONU whose serial it could not read
/// (voltha-openonu-adapter-go `internal/pkg/mib/mib_sync.go:1227-1231`, `onu_device_entry.go:134`).
@Suite("Event store: ONU serials in one form; openonu's placeholder serial names no ONU")
struct EventStoreSerialTests {
    typealias F = EventStoreFixtures

    @Test("a clear spelt in upper case clears VOLTHA's lower-case raise; a query in either case finds both")
    func caseOfLetters() async throws {
        let store = try F.store()
        try await store.record(F.onuAlarm(.raise, serial: "ALCL78de45b1", at: 0), source: F.kafka(1))
        try await store.record(F.onuAlarm(.clear, serial: "ALCL78DE45B1", at: 5), source: F.kafka(2))
        let all = try await store.alarms(AlarmQuery())
        #expect(all.total == 1, "\(all.alarms.map(\.identity))")
        #expect(all.alarms.first?.state == .cleared)
        #expect(all.alarms.first?.identity == "onu:ALCL78de45b1")
        for spelling in ["ALCL78DE45B1", "alcl78de45b1", "ALCL78de45b1"] {
            #expect(try await store.alarms(AlarmQuery(onuSerial: spelling)).total == 1, "\(spelling)")
            #expect(try await store.events(EventQuery(onuSerial: spelling)).total == 2, "\(spelling)")
        }
        let lifecycles = try await store.onuLifecycles(serials: ["ALCL78DE45B1"])
        #expect(lifecycles["ALCL78de45b1"]?.lastLoss != nil)
    }

    @Test(
        "a store written before: its serials take the one form, and an alarm raised under another spelling is cleared"
    )
    func migration() async throws {
        let store = try F.store()
        try await store.record(F.onuAlarm(.raise, serial: "ALCL78de45b1", at: 0), source: F.kafka(1))
        try await store.record(
            F.onuAlarm(.raise, name: "ONU_DYING_GASP", serial: "HWTC0000000a", at: 1, kind: .powerLost),
            source: F.kafka(2)
        )
        // As the previous version wrote them: the raise's spelling, and no v6 migration yet.
        try await store.executeForTesting(
            """
            UPDATE events SET onu_serial = 'ALCL78DE45B1' WHERE onu_serial = 'ALCL78de45b1';
            UPDATE alarms SET onu_serial = 'ALCL78DE45B1', identity = 'onu:ALCL78DE45B1' WHERE onu_serial = 'ALCL78de45b1';
            UPDATE events SET onu_serial = 'hwtc0000000A' WHERE onu_serial = 'HWTC0000000a';
            UPDATE alarms SET onu_serial = 'hwtc0000000A', identity = 'onu:hwtc0000000A' WHERE onu_serial = 'HWTC0000000a';
            DELETE FROM grdb_migrations WHERE identifier = 'v6-canonical-serials';
            """
        )
        let reopened = try F.store(path: store.path)
        let alarms = try await reopened.alarms(AlarmQuery()).alarms
        #expect(Set(alarms.map(\.identity)) == ["onu:ALCL78de45b1", "onu:HWTC0000000a"])
        #expect(Set(alarms.compactMap(\.onuSerial)) == ["ALCL78de45b1", "HWTC0000000a"])
        #expect(try await reopened.events(EventQuery(onuSerial: "ALCL78DE45B1")).total == 1)
        try await reopened.record(F.onuAlarm(.clear, serial: "ALCL78DE45B1", at: 9), source: F.kafka(3))
        let los = try await reopened.alarms(AlarmQuery(name: "ONU_LOSS_OF_SIGNAL")).alarms
        #expect(los.count == 1 && los.first?.state == .cleared, "the old raise is cleared, not left active")
    }

    @Test("the migration keeps both alarms when a raise and a clear differing in case had made two")
    func migrationKeepsBoth() async throws {
        let store = try F.store()
        try await store.record(F.onuAlarm(.raise, serial: "ALCL78de45b1", at: 0), source: F.kafka(1))
        try await store.executeForTesting(
            """
            INSERT INTO alarms (alarm_name, identity, state, severity, category, sub_category, resource_id,
            onu_serial, description, context_json, changed_at, cleared_at, raise_count, clear_count, last_event_id)
            SELECT alarm_name, 'onu:ALCL78DE45B1', 'cleared', severity, category, sub_category, resource_id,
            'ALCL78DE45B1', description, context_json, changed_at, changed_at, 0, 1, last_event_id FROM alarms;
            DELETE FROM grdb_migrations WHERE identifier = 'v6-canonical-serials';
            """
        )
        let reopened = try F.store(path: store.path)
        let alarms = try await reopened.alarms(AlarmQuery(onuSerial: "ALCL78de45b1")).alarms
        #expect(Set(alarms.map(\.identity)) == ["onu:ALCL78de45b1", "onu:ALCL78DE45B1"], "nothing merged or lost")
    }

    @Test(
        "two ONUs with openonu's placeholder serial are two alarms, named by their device ids, and neither is a duplicate"
    )
    func placeholderSerial() async throws {
        func omci(_ device: String, at seconds: Double) -> PONEvent {
            var event = PONEventNormaliser.deviceEvent(
                name: "ONU_LOW_RX_OPTICAL_RAISE_EVENT",
                resourceID: device,
                description: "",
                // alarm_manager.go:748-755: onu-id is the device id, onu-serial-number the persisted serial.
                context: ["onu-intf-id": "536870913", "onu-id": device, "onu-serial-number": "0000000000000000"]
            )
            event.raisedAt = F.time(seconds)
            return event
        }
        let a = omci("onu-dev-A", at: 0)
        let b = omci("onu-dev-B", at: 1)
        #expect(a.onuSerial == nil && a.onuDeviceID == "onu-dev-A", "the placeholder names no ONU")
        #expect(AlarmKey(a)?.identity == "onu-device:onu-dev-A")
        var deduplicator = PONEventDeduplicator()
        let aDuplicate = deduplicator.isDuplicate(a)
        let bDuplicate = deduplicator.isDuplicate(b)
        #expect(!aDuplicate)
        #expect(!bDuplicate, "ONU B's alarm is its own")
        let store = try F.store()
        try await store.record(a, source: F.kafka(1))
        try await store.record(b, source: F.kafka(2))
        #expect(try await store.alarms(AlarmQuery(state: .active)).total == 2)
    }
}

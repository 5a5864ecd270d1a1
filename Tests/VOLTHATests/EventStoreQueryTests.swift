import Foundation
import Testing

@testable import PONEvents

@Suite("Event store: queries with totals, and retention")
struct EventStoreQueryTests {
    typealias F = EventStoreFixtures

    /// Three ONUs on two OLTs: LOS raised on two (one cleared), a low optical level on one, an
    /// OLT-level LOS, and an activation.
    static func seeded(clock: F.Clock = F.Clock()) async throws -> EventStore {
        let store = try F.store(clock: clock)
        var offset: Int64 = 0
        func record(_ event: PONEvent) async throws {
            offset += 1
            try await store.record(event, source: F.kafka(offset))
        }
        try await record(F.onuAlarm(.raise, serial: "BBSM00000001", olt: "olt-1", pon: 0, onu: 1, at: 10))
        try await record(F.onuAlarm(.raise, serial: "BBSM00000002", olt: "olt-1", pon: 1, onu: 1, at: 20))
        try await record(F.onuAlarm(.clear, serial: "BBSM00000002", olt: "olt-1", pon: 1, onu: 1, at: 30))
        try await record(
            F.onuAlarm(
                .raise,
                name: "ONU_LOW_RX_OPTICAL",
                serial: "ALCL00000003",
                olt: "olt-2",
                pon: 0,
                at: 40,
                kind: .alarm
            )
        )
        var pon = F.onuAlarm(.raise, name: "OLT_LOSS_OF_SIGNAL", olt: "olt-2", pon: 5, at: 50)
        pon.onuSerial = nil
        pon.onuNumber = nil
        try await record(pon)
        try await record(F.activated(serial: "BBSM00000001", device: "onu-dev-1", at: 60))
        return store
    }

    @Test("alarms filter by device, serial, OLT, PON, severity, state and time, with total, active and cleared")
    func alarmFilters() async throws {
        let store = try await Self.seeded()
        let all = try await store.alarms(AlarmQuery())
        #expect((all.total, all.active, all.cleared) == (4, 3, 1))
        // Most recently changed first.
        #expect(
            all.alarms.map(\.name) == [
                "OLT_LOSS_OF_SIGNAL", "ONU_LOW_RX_OPTICAL", "ONU_LOSS_OF_SIGNAL", "ONU_LOSS_OF_SIGNAL",
            ]
        )

        let olt1 = try await store.alarms(AlarmQuery(deviceID: "olt-1"))
        #expect((olt1.total, olt1.active, olt1.cleared) == (2, 1, 1))
        #expect(try await store.alarms(AlarmQuery(onuSerial: "BBSM00000002")).alarms.map(\.state) == [.cleared])
        #expect(
            try await store.alarms(AlarmQuery(oltDeviceID: "olt-2", ponInterface: 5)).alarms.map(\.name) == [
                "OLT_LOSS_OF_SIGNAL"
            ]
        )
        let serious = try await store.alarms(AlarmQuery(severities: [.critical, .major], state: .active))
        #expect(serious.alarms.map(\.severity) == [.critical, .major])
        #expect((serious.total, serious.active, serious.cleared) == (2, 2, 0))
        #expect(try await store.alarms(AlarmQuery(severities: [.minor])).alarms.map(\.onuSerial) == ["ALCL00000003"])
        #expect(try await store.alarms(AlarmQuery(name: "ONU_LOSS_OF_SIGNAL_RAISE_EVENT")).total == 2)
        let recent = try await store.alarms(AlarmQuery(since: F.time(30), until: F.time(50)))
        #expect(recent.alarms.map(\.name) == ["ONU_LOW_RX_OPTICAL", "ONU_LOSS_OF_SIGNAL"])
        // Notifications are not alarms.
        #expect(try await store.alarms(AlarmQuery(deviceID: "onu-dev-1")).total == 0)
    }

    @Test("alarm pages: limit and offset page through, totals count every match, the limit is capped")
    func alarmPages() async throws {
        let store = try await Self.seeded()
        let first = try await store.alarms(AlarmQuery(limit: 3))
        let second = try await store.alarms(AlarmQuery(limit: 3, offset: 3))
        #expect(first.alarms.count == 3)
        #expect(second.alarms.count == 1)
        #expect(first.total == 4 && second.total == 4)
        #expect(Set(first.alarms.map(\.id) + second.alarms.map(\.id)).count == 4)
        #expect(EventStore.clamp(1_000_000) == EventStore.maxLimit)
        #expect(EventStore.clamp(0) == 1)
    }

    @Test("events filter by device, serial, type (kind, alarm name or full name) and time, newest first")
    func eventFilters() async throws {
        let store = try await Self.seeded()
        let all = try await store.events(EventQuery())
        #expect(all.total == 6)
        #expect(all.events.map(\.id) == all.events.map(\.id).sorted(by: >))
        #expect(try await store.events(EventQuery(deviceID: "onu-dev-1")).events.map(\.event.kind) == [.onuActivated])
        #expect(try await store.events(EventQuery(onuSerial: "BBSM00000002")).total == 2)
        #expect(try await store.events(EventQuery(type: "onu_activated")).total == 1)
        #expect(try await store.events(EventQuery(type: "ONU_LOSS_OF_SIGNAL")).total == 3)
        let clears = try await store.events(EventQuery(type: "ONU_LOSS_OF_SIGNAL_CLEAR_EVENT"))
        #expect(clears.events.map(\.event.phase) == [.clear])
        #expect(try await store.events(EventQuery(since: F.time(40), until: F.time(60))).total == 2)
        let oldest = try await store.events(EventQuery(limit: 2, oldestFirst: true))
        #expect(oldest.events.map(\.at) == [F.time(10), F.time(20)])
        // A follower reads what came after the last id it printed.
        let after = try await store.events(EventQuery(afterID: oldest.events[1].id, oldestFirst: true))
        #expect(after.total == 4)
        #expect(try await store.lastEventID() == all.events[0].id)
        // What the store gives back is what was recorded.
        let stored = try #require(all.events.last)
        #expect(stored.event == F.onuAlarm(.raise, serial: "BBSM00000001", olt: "olt-1", pon: 0, onu: 1, at: 10))
        #expect(stored.source == F.kafka(1))
    }

    @Test("a row of a kind, phase or severity this build does not know is listed as unknown, not a failure")
    func newerRows() async throws {
        let store = try await Self.seeded()
        try await store.executeForTesting(
            "UPDATE events SET kind = 'quantum_flux', phase = 'maybe' WHERE onu_serial = 'ALCL00000003'"
        )
        try await store.executeForTesting(
            "UPDATE alarms SET severity = 'apocalyptic' WHERE onu_serial = 'ALCL00000003'"
        )
        let events = try await store.events(EventQuery(onuSerial: "ALCL00000003"))
        #expect(events.events.map(\.event.kind) == [.unknown])
        #expect(events.events.map(\.event.phase) == [.bare])
        #expect(events.events.first?.event.name == "ONU_LOW_RX_OPTICAL_RAISE_EVENT")
        let all = try await store.events(EventQuery())
        #expect(all.events.count == 6)
        let alarms = try await store.alarms(AlarmQuery(onuSerial: "ALCL00000003"))
        #expect(alarms.alarms.map(\.severity) == [.indeterminate])
    }

    @Test("a stored context that is not a JSON object of strings is reported as unreadable, not shown as empty")
    func unreadableContext() async throws {
        let store = try await Self.seeded()
        try await store.executeForTesting(
            "UPDATE events SET context_json = '{\"intf-id\": 7' WHERE onu_serial = 'BBSM00000001'"
        )
        try await store.executeForTesting("UPDATE alarms SET context_json = '[1]' WHERE onu_serial = 'BBSM00000001'")
        let damaged = try await store.events(EventQuery(onuSerial: "BBSM00000001"))
        #expect(!damaged.events.isEmpty)
        #expect(damaged.events.allSatisfy { $0.unreadableContext == "{\"intf-id\": 7" && $0.event.context.isEmpty })
        let alarm = try await store.alarms(AlarmQuery(onuSerial: "BBSM00000001"))
        #expect(alarm.alarms.map(\.unreadableContext) == ["[1]"])
        let intact = try await store.events(EventQuery(onuSerial: "BBSM00000002"))
        #expect(intact.events.allSatisfy { $0.unreadableContext == nil && !$0.event.context.isEmpty })
    }

    @Test("queries by device and serial use an index, not a scan of the table")
    func indexes() async throws {
        let store = try await Self.seeded()
        for (sql, argument) in [
            ("SELECT id FROM events WHERE onu_serial = ? ORDER BY id DESC", "BBSM00000001"),
            ("SELECT id FROM alarms WHERE onu_serial = ?", "BBSM00000001"),
            (
                "SELECT id FROM events WHERE source_kind = 'kafka' AND source_name = ? AND source_partition = 0 AND source_offset = 1",
                "voltha.events"
            ),
        ] {
            let plan = try await store.queryPlan(sql, arguments: [argument]).joined(separator: "; ")
            #expect(plan.contains("USING INDEX") || plan.contains("USING COVERING INDEX"), "\(sql): \(plan)")
        }
    }

    @Test("retention keeps the newest events up to the count, pruning in batches as events are recorded")
    func retentionByCount() async throws {
        let retention = EventRetention(maxAge: nil, maxEvents: 50, batchSize: 20, pruneInterval: 10)
        let store = try F.store(retention: retention)
        for offset in 1...200 {
            try await store.record(F.onuAlarm(.raise, at: TimeInterval(offset)), source: F.kafka(Int64(offset)))
        }
        let kept = try await store.events(EventQuery(limit: 1_000))
        // Bounded while recording: at most one interval of events beyond the cap.
        #expect(kept.total <= 50 + retention.pruneInterval)
        try await store.prune()
        let after = try await store.events(EventQuery(limit: 1_000, oldestFirst: true))
        #expect(after.total == 50)
        #expect(after.events.first?.source == F.kafka(151))
        // The alarm, active, stays; its position history went with the events.
        #expect(try await store.alarms(AlarmQuery(state: .active)).total == 1)
    }

    @Test("retention by age removes old events, old cleared alarms and old finished actions, never active ones")
    func retentionByAge() async throws {
        let clock = F.Clock()
        let retention = EventRetention(maxAge: .seconds(3_600), maxEvents: 1_000, batchSize: 2, pruneInterval: 1_000)
        let store = try F.store(clock: clock, retention: retention)
        try await store.record(F.onuAlarm(.raise, serial: "A", at: 0), source: F.kafka(1))
        try await store.record(F.onuAlarm(.raise, serial: "B", at: 0), source: F.kafka(2))
        try await store.record(
            F.onuAlarm(.clear, serial: "B", at: 1),
            source: F.kafka(3),
            actions: [PendingAction(key: "done", payload: Data()), PendingAction(key: "pending", payload: Data())]
        )
        let done = try #require(try await store.pendingActions().first)
        try await store.markDone(done.id, outcome: ActionOutcome(.succeeded))
        clock.advance(7_200)
        try await store.record(F.onuAlarm(.raise, serial: "C", at: 7_200), source: F.kafka(4))
        let pruned = try await store.prune()
        #expect(pruned.events == 3)
        #expect(pruned.alarms == 1)
        #expect(pruned.actions == 1)
        #expect(try await store.events(EventQuery()).events.map(\.source) == [F.kafka(4)])
        #expect(Set(try await store.alarms(AlarmQuery()).alarms.compactMap(\.onuSerial)) == ["A", "C"])
        #expect(try await store.pendingActions().map(\.key) == ["pending"])
    }
}

import Foundation
import Testing

@testable import PONEvents

@Suite("Event store: one alarm per UNI, and stores written before keep their UNI alarms")
struct EventStoreAlarmsPerUNITests {
    typealias F = EventStoreFixtures
    typealias O = OMCISamples

    static func alarmID(_ outcome: RecordOutcome) throws -> Int64 {
        guard case .recorded(let recorded) = outcome else { throw StoreTestError("not recorded: \(outcome)") }
        return try #require(recorded.alarmID)
    }

    @Test("UNI 0's clear clears UNI 0's alarm and leaves UNI 1's active")
    func alarmPerUNI() async throws {
        let store = try F.store()
        let uni0 = try Self.alarmID(try await store.record(O.lan(.raise, uni: 0, at: 0), source: F.kafka(1)))
        let uni1 = try Self.alarmID(try await store.record(O.lan(.raise, uni: 1, at: 5), source: F.kafka(2)))
        #expect(uni0 != uni1)
        let clear = try await store.record(O.lan(.clear, uni: 0, at: 100), source: F.kafka(3))
        #expect(try Self.alarmID(clear) == uni0)
        #expect(try await store.required(uni0).state == .cleared)
        let down = try await store.required(uni1)
        #expect(down.state == .active && down.identity == "onu:BBSM00000003/uni-1")
    }

    @Test("a store written before: its UNI alarm gets the UNI's identity, and that UNI's clear clears it")
    func migration() async throws {
        let store = try F.store()
        let old = try Self.alarmID(try await store.record(O.lan(.raise, uni: 1, at: 0), source: F.kafka(1)))
        let gasp = try Self.alarmID(
            try await store.record(O.alarm("ONU_DYING_GASP", .raise, port: O.ponPort, at: 1), source: F.kafka(2))
        )
        // As the previous version wrote them: one identity per ONU, and no v4 migration yet.
        try await store.executeForTesting(
            """
            UPDATE alarms SET identity = 'onu:BBSM00000003' WHERE id = \(old);
            DELETE FROM grdb_migrations WHERE identifier = 'v4-alarms-per-uni';
            """
        )
        let reopened = try F.store(path: store.path)
        #expect(try await reopened.required(old).identity == "onu:BBSM00000003/uni-1")
        #expect(try await reopened.required(gasp).identity == "onu:BBSM00000003")
        let clear = try await reopened.record(O.lan(.clear, uni: 1, at: 50), source: F.kafka(3))
        #expect(try Self.alarmID(clear) == old)
        #expect(try await reopened.required(old).state == .cleared)
    }
}

private struct StoreTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

@Suite("Event store: the repair's LOS clear is stored with the OLT of its alarm")
struct EventStoreRediscoveryClearTests {
    typealias F = EventStoreFixtures
    typealias R = RediscoverySamples

    @Test("the clear that names the ONU as resource is listed under the OLT its loss was raised on")
    func clearUnderItsOLT() async throws {
        let store = try F.store()
        var raise = R.raised(1, at: 0)
        var clear = R.repaired(1, at: 61)
        raise.raisedAt = F.time(0)
        clear.raisedAt = F.time(61)
        try await store.record(raise, source: F.kafka(1))
        try await store.record(clear, source: F.kafka(2))
        let page = try await store.events(EventQuery(oltDeviceID: R.olt))
        #expect(page.events.map(\.event.phase) == [.clear, .raise])
        #expect(page.events.first?.event.resourceID == R.device(1))
    }
}

import Foundation
import Testing

@testable import PONEvents

@Suite("Event store: operators acknowledge and clear; concurrent writers")
struct EventStoreOperatorTests {
    typealias F = EventStoreFixtures

    @Test("acknowledge keeps the state and records who, when and why; clear of a cleared alarm changes nothing")
    func acknowledgeAndClear() async throws {
        let clock = F.Clock()
        clock.set(F.time(100))
        let store = try F.store(clock: clock)
        let id = try #require(try await store.record(F.onuAlarm(.raise, at: 10), source: F.kafka(1)).recordedAlarmID)
        let acknowledged = try await store.acknowledge(alarm: id, by: "noc-anna", note: "fibre cut, crew sent")
        #expect(acknowledged.changed)
        #expect(acknowledged.alarm.state == .active)
        #expect(
            acknowledged.alarm.acknowledgement
                == OperatorNote(by: "noc-anna", at: F.time(100), note: "fibre cut, crew sent")
        )
        #expect(acknowledged.at == F.time(100))

        clock.advance(60)
        let cleared = try await store.clear(alarm: id, by: "noc-ben")
        #expect(cleared.changed)
        #expect(cleared.alarm.state == .cleared)
        #expect(cleared.alarm.clearedAt == F.time(160))
        #expect(cleared.alarm.operatorClear == OperatorNote(by: "noc-ben", at: F.time(160)))
        // The acknowledgement stays with the episode.
        #expect(cleared.alarm.acknowledgement?.by == "noc-anna")
        #expect(try await store.alarms(AlarmQuery(state: .cleared)).total == 1)

        clock.advance(60)
        let again = try await store.clear(alarm: id, by: "noc-carl")
        #expect(!again.changed)
        #expect(again.alarm.operatorClear?.by == "noc-ben")
    }

    @Test("an unknown alarm is not-found; an empty or oversized operator name is refused; nothing is written")
    func refused() async throws {
        let store = try F.store()
        let missing = await #expect(throws: EventStoreError.self) { try await store.acknowledge(alarm: 42, by: "noc") }
        #expect(missing?.code == .notFound)
        #expect(missing?.description.contains("there is no alarm 42") == true)
        let id = try #require(try await store.record(F.onuAlarm(.raise, at: 10), source: F.kafka(1)).recordedAlarmID)
        let empty = await #expect(throws: EventStoreError.self) { try await store.clear(alarm: id, by: "  ") }
        #expect(empty?.code == .invalidArgument)
        let long = String(repeating: "x", count: EventStore.maxOperatorTextLength + 1)
        await #expect(throws: EventStoreError.self) { try await store.acknowledge(alarm: id, by: "noc", note: long) }
        let alarm = try await store.required(id)
        #expect(alarm.state == .active && alarm.acknowledgement == nil)
    }

    @Test("two writers recording the same positions at once: each is recorded exactly once")
    func concurrentWriters() async throws {
        let first = try F.store()
        let second = try F.store(path: first.path)
        let outcomes = try await withThrowingTaskGroup(of: [RecordOutcome].self) { group in
            for store in [first, second] {
                group.addTask {
                    var outcomes: [RecordOutcome] = []
                    for offset in 0..<50 {
                        let event = F.onuAlarm(.raise, serial: "ONU\(offset)", at: TimeInterval(offset))
                        outcomes.append(try await store.record(event, source: F.kafka(Int64(offset))))
                    }
                    return outcomes
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(outcomes.count { !$0.isDuplicate } == 50)
        #expect(outcomes.count(where: \.isDuplicate) == 50)
        #expect(try await first.events(EventQuery()).total == 50)
        let alarms = try await first.alarms(AlarmQuery(limit: 100))
        #expect(alarms.total == 50 && alarms.alarms.allSatisfy { $0.raiseCount == 1 })
    }
}

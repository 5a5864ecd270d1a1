import Foundation
import Testing

@testable import PONEvents

@Suite("Event store: exactly once per position, and the outbox")
struct EventStoreRecordTests {
    typealias F = EventStoreFixtures

    struct TagAction: Codable, Equatable {
        var tag: String
        var serial: String
    }

    @Test("a redelivered Kafka record is a duplicate: no second event, no alarm change, no second action")
    func duplicatePosition() async throws {
        let store = try F.store()
        let event = F.onuAlarm(.raise, at: 10)
        let action = try PendingAction(key: "tag:BBSM00000001", encoding: TagAction(tag: "los", serial: "BBSM00000001"))
        let first = try await store.record(event, source: F.kafka(42), actions: [action])
        #expect(!first.isDuplicate)
        let again = try await store.record(event, source: F.kafka(42), actions: [action])
        #expect(again == .duplicate(eventID: first.eventID))
        #expect(try await store.events(EventQuery()).total == 1)
        #expect(try await store.pendingActions().count == 1)
        let alarm = try #require(try await store.alarm(for: event))
        #expect(alarm.raiseCount == 1)
    }

    @Test(
        "an event with the same action keys at another offset (reported again later) is recorded but queues no action whose key the outbox holds, pending or done"
    )
    func sameKeysAtAnotherOffset() async throws {
        let store = try F.store()
        var event = F.onuAlarm(.raise, at: 10)
        let tag = try PendingAction(key: "trg-a", encoding: TagAction(tag: "los", serial: "BBSM00000001"))
        let hook = PendingAction(key: "trg-b", payload: Data("{}".utf8))
        guard case .recorded(let first) = try await store.record(event, source: F.kafka(42), actions: [tag, hook])
        else {
            Issue.record("not recorded")
            return
        }
        #expect(first.actionIDs.count == 2)
        #expect(try await store.markDone(first.actionIDs[0], outcome: ActionOutcome(.succeeded)))
        let other = PendingAction(key: "trg-c", payload: Data("{}".utf8))
        // Reported again a second later: another event (its fingerprint differs), the same actions.
        event.reportedAt = event.reportedAt?.addingTimeInterval(1)
        guard
            case .recorded(let again) = try await store.record(event, source: F.kafka(43), actions: [tag, hook, other])
        else {
            Issue.record("the copy at offset 43 was not recorded")
            return
        }
        #expect(try await store.events(EventQuery()).total == 2)
        #expect(again.actionIDs.count == 1, "only the new key is queued")
        #expect(try await store.pendingActions().map(\.key) == ["trg-b", "trg-c"])
    }

    @Test(
        "the same event at another offset, partition, topic or line (a producer's retry) is a duplicate of the first: one event, one raise, no second action"
    )
    func otherPositions() async throws {
        let store = try F.store()
        let event = F.onuAlarm(.raise, at: 10)
        let action = PendingAction(key: "trg-a", payload: Data("{}".utf8))
        let first = try await store.record(event, source: F.kafka(42), actions: [action])
        #expect(!first.isDuplicate)
        for position in [
            F.kafka(43), F.kafka(42, partition: 1), .kafka(topic: "other.events", partition: 0, offset: 42),
            .file(path: "replay.jsonl", line: 42),
        ] {
            let again = try await store.record(event, source: position, actions: [action])
            #expect(again == .duplicate(eventID: first.eventID), "\(position)")
        }
        #expect(try await store.events(EventQuery()).total == 1)
        #expect(try await store.pendingActions().count == 1)
        #expect(try await store.alarm(for: event)?.raiseCount == 1)
        #expect(try await store.lastOffset(topic: "voltha.events", partition: 0) == 42)
        // Another raise of the same alarm (VOLTHA repeats some, with a new header id) still counts.
        let repeated = F.onuAlarm(.raise, at: 11)
        #expect(!(try await store.record(repeated, source: F.kafka(44))).isDuplicate)
        #expect(try await store.alarm(for: event)?.raiseCount == 2)
    }

    @Test("a replay file read twice is recorded once; a different event on a recorded line is new")
    func fileReplay() async throws {
        let store = try F.store()
        let lines = [F.onuAlarm(.raise, at: 1), F.onuAlarm(.clear, at: 2)]
        for pass in 0..<2 {
            for (index, event) in lines.enumerated() {
                let outcome = try await store.record(event, source: .file(path: "replay.jsonl", line: Int64(index + 1)))
                #expect(outcome.isDuplicate == (pass == 1))
            }
        }
        // The topic was recreated (or the file rewritten): offsets start again with other events.
        let other = F.onuAlarm(.raise, serial: "BBSM00000009", at: 99)
        #expect(!(try await store.record(other, source: .file(path: "replay.jsonl", line: 1))).isDuplicate)
        #expect(try await store.events(EventQuery()).total == 3)
    }

    @Test("actions are queued with their event and offered again after a restart until marked done")
    func outboxResume() async throws {
        let directory = try F.directory()
        let path = EventStore.path(inStateDirectory: directory.path)
        let clock = F.Clock()
        do {
            let store = try F.store(clock: clock, path: path)
            let outcome = try await store.record(
                F.activated(serial: "BBSM00000001", device: "onu-1", at: 1),
                source: F.kafka(1),
                actions: [
                    try PendingAction(key: "tag:1", encoding: TagAction(tag: "up", serial: "BBSM00000001")),
                    PendingAction(key: "provision:1", payload: Data("{\"provision\":\"wifi\"}".utf8)),
                ]
            )
            guard case .recorded(let recorded) = outcome else {
                Issue.record("not recorded")
                return
            }
            #expect(recorded.actionIDs.count == 2)
            let pending = try await store.pendingActions(limit: 10)
            #expect(pending.map(\.key) == ["tag:1", "provision:1"])
            #expect(try pending[0].decode(TagAction.self) == TagAction(tag: "up", serial: "BBSM00000001"))
            #expect(pending.allSatisfy { $0.eventID == recorded.eventID })
            // The executor performs the first and crashes before the second.
            clock.advance(5)
            #expect(try await store.markDone(pending[0].id, outcome: ActionOutcome(.succeeded, detail: "task 17")))
        }
        // A new process opens the store: only the unfinished action is offered.
        let reopened = try F.store(clock: clock, path: path)
        let pending = try await reopened.pendingActions()
        #expect(pending.map(\.key) == ["provision:1"])
        #expect(try await reopened.pendingActionCount() == 1)
        let done = try #require(try await reopened.action(pending[0].id - 1))
        #expect(done.outcome == ActionOutcome(.succeeded, detail: "task 17"))
        #expect(done.doneAt == clock.date)
        // Marking twice keeps the first outcome.
        #expect(try await reopened.markDone(done.id, outcome: ActionOutcome(.failed)) == false)
        #expect(try await reopened.action(done.id)?.outcome?.status == .succeeded)
        await #expect(throws: EventStoreError.self) {
            try await reopened.markDone(999, outcome: ActionOutcome(.skipped))
        }
    }

    @Test("a write that fails (disk full) records nothing: no event, no alarm, no action; the retry records once")
    func atomicity() async throws {
        let store = try F.store()
        try await store.record(F.onuAlarm(.raise, serial: "BBSM00000000", at: 1), source: F.kafka(0))
        let pages = try await store.pageCountForTesting()
        try await store.limitSizeForTesting(pages: pages)
        // A payload too big for the remaining pages: the event row fits, the action does not.
        let big = PendingAction(key: "big", payload: Data(repeating: 0x41, count: 512 * 1024))
        let event = F.onuAlarm(.raise, at: 10)
        await #expect(throws: EventStoreError.self) {
            try await store.record(event, source: F.kafka(1), actions: [big])
        }
        #expect(try await store.events(EventQuery()).total == 1)
        #expect(try await store.alarm(for: event) == nil)
        #expect(try await store.pendingActionCount() == 0)
        try await store.limitSizeForTesting(pages: 1_000_000)
        #expect(!(try await store.record(event, source: F.kafka(1), actions: [big])).isDuplicate)
        #expect(try await store.record(event, source: F.kafka(1), actions: [big]).isDuplicate)
        #expect(try await store.pendingActionCount() == 1)
    }

    @Test("oversized actions are refused with the limit, and nothing is recorded")
    func refusedActions() async throws {
        let store = try F.store()
        let tooMany = (0...EventStore.maxActionsPerEvent).map { PendingAction(key: "a\($0)", payload: Data()) }
        let error = await #expect(throws: EventStoreError.self) {
            try await store.record(F.onuAlarm(.raise, at: 1), source: F.kafka(1), actions: tooMany)
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.description.contains("at most \(EventStore.maxActionsPerEvent)") == true)
        let emptyKey = PendingAction(key: "", payload: Data())
        await #expect(throws: EventStoreError.self) {
            try await store.record(F.onuAlarm(.raise, at: 1), source: F.kafka(1), actions: [emptyKey])
        }
        #expect(try await store.events(EventQuery()).total == 0)
    }

    @Test("the store is a WAL database with full sync, readable while another connection writes")
    func durability() async throws {
        let store = try F.store()
        #expect(try await store.pragma("journal_mode") == "wal")
        #expect(try await store.pragma("synchronous") == "2")
        let reader = try F.store(path: store.path)
        try await store.record(F.onuAlarm(.raise, at: 1), source: F.kafka(1))
        #expect(try await reader.events(EventQuery()).total == 1)
    }

    @Test("a file that is not a database is refused with its path and what to do")
    func notADatabase() async throws {
        let directory = try F.directory()
        let path = directory.appendingPathComponent("events.sqlite").path
        try Data(repeating: 0x58, count: 4096).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: EventStoreError.self) { try F.store(path: path) }
        // Refused before SQLite opens it (FerruleStore's StateFileProbe), the file untouched.
        #expect(error?.code == .notAStore)
        #expect(error?.description.hasPrefix("\(path): error[event-store-not-a-store]: open:") == true)
        #expect(error?.description.contains("not an SQLite database") == true, "\(String(describing: error))")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(repeating: 0x58, count: 4096))
    }

    @Test("a store path with control bytes is printed escaped: the error line cannot clear the terminal")
    func controlBytesInPath() async throws {
        let directory = try F.directory()
        let path = directory.appendingPathComponent("ev\u{1B}[2J\nents.sqlite").path
        try Data(repeating: 0x58, count: 4096).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: EventStoreError.self) { try F.store(path: path) }
        let line = try #require(error?.description)
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(line)")
        #expect(
            line.hasPrefix("\(directory.path)/ev\\u{1B}[2J\\nents.sqlite: error[event-store-not-a-store]"),
            "\(line)"
        )
        // Built directly: an operation naming an event with control bytes is escaped too.
        let built = EventStoreError(.locked, path: "a\u{7}b", operation: "record X\u{1B}Y", detail: "busy")
        #expect(
            built.description
                == "a\\u{7}b: error[event-store-locked]: record X\\u{1B}Y: busy; another ferrule process kept it locked; retry when it has finished"
        )
    }
}

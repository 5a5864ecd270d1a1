import FerruleJSON
import FerruleStore
import FerruleTestSupport
import Foundation
import PONEvents
import PONTriggers
import Rules
import Testing

/// `ferrule events actions list | skip | retry` through the built executable, on an outbox seeded
/// through the library as `ferrule events run` fills it.
@Suite("ferrule events actions: end to end on a recorded outbox")
struct EventsActionsEndToEndTests {
    /// One event with two planned actions: a provision whose argument is a secret placeholder, and a
    /// webhook whose URL has user info. The first has failed twice in a retryable way.
    static func seeded() async throws -> (URL, EventStore, [Int64]) {
        let directory = try Scratch.directory("ferrule-actions")
        let store = try EventStore(path: EventStore.path(inStateDirectory: directory.path))
        let onu = ONUReference(serial: "BBSM00000002", oltID: "olt-1", ponPort: 1)
        let provision = PlannedAction(
            key: "trg-0001",
            rule: "bind-gateway",
            trigger: .onuActivated,
            eventID: "e1",
            onu: onu,
            step: .provision(name: "bind-gateway", args: [PlannedArgument(kind: .string, template: "${secret:ACS_PW}")])
        )
        let hook = PlannedAction(
            key: "trg-0002",
            rule: "notify-noc",
            trigger: .onuActivated,
            eventID: "e1",
            onu: onu,
            step: .webhook(WebhookRequest(url: "https://noc:hunter2@hooks.example/onu"))
        )
        let outcome = try await store.record(
            VolthaEventSamples.alarm(.raise, serial: "BBSM00000002", pon: 1, at: Date()),
            source: .kafka(topic: "voltha.events", partition: 0, offset: 0),
            actions: [
                try PendingAction(key: provision.key, encoding: provision),
                try PendingAction(key: hook.key, encoding: hook),
            ]
        )
        guard case .recorded(let recorded) = outcome else { throw CancellationError() }
        _ = try await store.recordFailedAttempt(recorded.actionIDs[0], reason: "GenieACS unreachable: refused")
        _ = try await store.recordFailedAttempt(recorded.actionIDs[0], reason: "GenieACS unreachable: refused")
        return (directory, store, recorded.actionIDs)
    }

    static func actions(_ arguments: [String], _ directory: URL) async throws -> FerruleRunner.Output {
        try await FerruleRunner.execute(["events", "actions"] + arguments + ["--state", directory.path])
    }

    @Test("list shows the stuck head with attempts and last failure, secrets as placeholders, user info hidden")
    func list() async throws {
        let (directory, _, ids) = try await Self.seeded()
        defer { try? FileManager.default.removeItem(at: directory) }
        let json = try await Self.actions(["list", "--format", "json"], directory)
        #expect(json.status == 0, "\(json.stderr)")
        let document = try JSONValue.parse(json.stdout)
        #expect(document["pendingTotal"]?.intValue == 2 && document["finishedTotal"]?.intValue == 0)
        let pending = try #require(document["pending"]?.arrayValue)
        #expect(pending.map { $0["id"]?.intValue } == ids.map { Int($0) })
        let head = pending[0]
        #expect(head["state"]?.stringValue == "pending" && head["attempts"]?.intValue == 2)
        #expect(head["rule"]?.stringValue == "bind-gateway" && head["trigger"]?.stringValue == "onu_activated")
        #expect(head["kind"]?.stringValue == "provision" && head["target"]?.stringValue == "BBSM00000002")
        #expect(head["summary"]?.stringValue == "provision bind-gateway(\"${secret:ACS_PW}\")")
        #expect(head["lastOutcome"]?.stringValue == "GenieACS unreachable: refused")
        #expect(pending[1]["target"]?.stringValue == "https://***@hooks.example/onu")
        #expect(!json.combined.contains("hunter2"))

        let table = try await Self.actions(["list"], directory)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.hasPrefix("ID "), "\(table.stdout)")
        #expect(table.stdout.contains("action \(ids[0]) is retrying and holds back the rest"), "\(table.stdout)")
        #expect(!table.stdout.contains("hunter2"))
    }

    @Test(
        "skip refuses while a consumer holds the store, then skips with who and why; retry queues it again at the end"
    )
    func skipAndRetry() async throws {
        let (directory, store, ids) = try await Self.seeded()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A running `ferrule events run`: this test process holds the consumer's lease.
        let consumer = EventStoreLease.forThisProcess(key: "events-run", now: Date().timeIntervalSince1970 * 1000)
        #expect(try await store.acquire(consumer, timeout: 30_000).held == nil)
        let held = try await Self.actions(
            ["skip", String(ids[0]), "--note", "GenieACS retired", "--by", "alice"],
            directory
        )
        #expect(held.status == 3, "\(held.combined)")
        #expect(held.stderr.contains("error[lease-held]") && held.stderr.contains(consumer.holder), "\(held.stderr)")
        #expect(try await store.action(ids[0])?.outcome == nil, "nothing changed")
        try await store.release(consumer)

        let unknown = try await Self.actions(["skip", "999", "--note", "x", "--by", "alice"], directory)
        #expect(unknown.status == 1 && unknown.stderr.contains("error[action-not-found]"), "\(unknown.combined)")
        let skipped = try await Self.actions(
            ["skip", String(ids[0]), "--note", "GenieACS retired", "--by", "alice"],
            directory
        )
        #expect(skipped.status == 0, "\(skipped.combined)")
        #expect(skipped.stdout.contains("skipped action \(ids[0])"), "\(skipped.stdout)")
        #expect(try await store.pendingActions().map(\.id) == [ids[1]], "the outbox goes on past it")
        let again = try await Self.actions(["skip", String(ids[0]), "--note", "twice", "--by", "alice"], directory)
        #expect(again.status == 1 && again.stderr.contains("error[action-not-pending]"), "\(again.combined)")
        let noNote = try await Self.actions(["skip", String(ids[1]), "--by", "alice"], directory)
        #expect(noNote.status == 64, "\(noNote.combined)")

        let listed = try JSONValue.parse(try await Self.actions(["list", "--format", "json"], directory).stdout)
        let finished = try #require(listed["finished"]?.arrayValue?.first)
        #expect(finished["state"]?.stringValue == "skipped")
        #expect(finished["lastOutcome"]?.stringValue == "skipped by alice: GenieACS retired")

        let retried = try await Self.actions(["retry", String(ids[0]), "--note", "new ACS", "--by", "bob"], directory)
        #expect(retried.status == 0, "\(retried.combined)")
        let pending = try await store.pendingActions()
        #expect(pending.map(\.key) == ["trg-0002", "trg-0001"], "queued after what was queued before")
        #expect(try await store.action(ids[0])?.retriedAs == pending[1].id)
        let twice = try await Self.actions(["retry", String(ids[0]), "--note", "again", "--by", "bob"], directory)
        #expect(
            twice.status == 1 && twice.stderr.contains("already retried as action \(pending[1].id)"),
            "\(twice.stderr)"
        )
    }
}

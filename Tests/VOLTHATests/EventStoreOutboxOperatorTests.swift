import FerruleStore
import Foundation
import Testing

@testable import PONEvents

/// The outbox as operators handle it (`ferrule events actions`): listing, skipping a stuck action
/// so the outbox goes on, retrying a finished one, and the one-writer rule against a running consumer.
@Suite("Event store: operating the outbox")
struct EventStoreOutboxOperatorTests {
    typealias F = EventStoreFixtures

    static let lease = "events-run"
    static let timeout: Double = 30_000

    /// A store holding one event with three queued actions `a`, `b`, `c` (ids in that order).
    static func seeded(_ clock: F.Clock) async throws -> (EventStore, [Int64]) {
        let store = try F.store(clock: clock)
        let outcome = try await store.record(
            F.activated(serial: "BBSM00000001", device: "onu-1", at: 1),
            source: F.kafka(1),
            actions: ["a", "b", "c"].map { PendingAction(key: $0, payload: Data("{\"k\":\"\($0)\"}".utf8)) }
        )
        guard case .recorded(let recorded) = outcome else { throw CancellationError() }
        return (store, recorded.actionIDs)
    }

    static func skip(_ store: EventStore, _ id: Int64, note: String = "GenieACS rejects it for good") async throws
        -> OperatorChange
    {
        try await store.skipAction(id, by: "noc-alice", note: note, unlessHeld: lease, timeout: timeout)
    }

    @Test("a stuck action shows its attempts and last failure; skipping it lets the next one be the outbox's head")
    func skipUnblocks() async throws {
        let clock = F.Clock()
        let (store, ids) = try await Self.seeded(clock)
        #expect(try await store.recordFailedAttempt(ids[0], reason: "GenieACS unreachable: connection refused") == 1)
        #expect(try await store.recordFailedAttempt(ids[0], reason: "GenieACS unreachable: timed out") == 2)
        var listing = try await store.outbox()
        #expect(listing.pending.map(\.id) == ids && listing.pendingTotal == 3)
        #expect(listing.pending[0].attempts == 2)
        #expect(listing.pending[0].lastFailure == "GenieACS unreachable: timed out")
        #expect(listing.finished.isEmpty && listing.finishedTotal == 0)

        clock.advance(5)
        guard case .changed(let skipped) = try await Self.skip(store, ids[0]) else {
            Issue.record("not skipped")
            return
        }
        #expect(
            skipped.outcome == ActionOutcome(.skipped, detail: "skipped by noc-alice: GenieACS rejects it for good")
        )
        #expect(skipped.doneAt == clock.date)
        // The executor's next read starts after it: the outbox goes on.
        #expect(try await store.pendingActions().map(\.id) == [ids[1], ids[2]])
        listing = try await store.outbox()
        #expect(listing.finished.map(\.id) == [ids[0]] && listing.finishedTotal == 1 && listing.pendingTotal == 2)
        // An executor that had it in hand cannot overwrite the operator's outcome.
        #expect(try await store.markDone(ids[0], outcome: ActionOutcome(.succeeded)) == false)
        #expect(try await store.action(ids[0])?.outcome?.status == .skipped)
    }

    @Test("skip refuses an unknown id and an action that is not pending, changing nothing")
    func skipRefusals() async throws {
        let (store, ids) = try await Self.seeded(F.Clock())
        #expect(try await Self.skip(store, 999) == .unknown)
        try await store.markDone(ids[1], outcome: ActionOutcome(.succeeded, detail: "task 17"))
        guard case .refused(let action) = try await Self.skip(store, ids[1]) else {
            Issue.record("a done action was skipped")
            return
        }
        #expect(action.outcome == ActionOutcome(.succeeded, detail: "task 17"))
        await #expect(throws: EventStoreError.self) { try await Self.skip(store, ids[0], note: " ") }
        await #expect(throws: EventStoreError.self) { try await Self.skip(store, ids[0], note: "two\nlines") }
        #expect(try await store.pendingActions().map(\.id) == [ids[0], ids[2]])
    }

    @Test("while a live consumer holds the writer lease nothing is changed; a stale lease is no obstacle")
    func oneWriter() async throws {
        let clock = F.Clock()
        let (store, ids) = try await Self.seeded(clock)
        let consumer = EventStoreLease.forThisProcess(key: Self.lease, now: clock.date.timeIntervalSince1970 * 1000)
        #expect(try await store.acquire(consumer, timeout: Self.timeout).held == nil)
        #expect(try await Self.skip(store, ids[0]) == .consumerRunning(consumer))
        try await store.markDone(ids[1], outcome: ActionOutcome(.failed, detail: "no such provision"))
        let retry = try await store.retryAction(
            ids[1],
            by: "noc-alice",
            note: "provision fixed",
            unlessHeld: Self.lease,
            timeout: Self.timeout
        )
        #expect(retry == .consumerRunning(consumer))
        #expect(try await store.pendingActions().map(\.id) == [ids[0], ids[2]])
        #expect(try await store.action(ids[1])?.retriedAs == nil)

        // No heartbeat for the lease's timeout: the holder is taken to be dead, as a consumer would.
        clock.advance(31)
        guard case .changed = try await Self.skip(store, ids[0]) else {
            Issue.record("a stale lease blocked the skip")
            return
        }
    }

    @Test(
        "retry queues a failed or skipped action again at the end of the outbox, once; never a succeeded or pending one"
    )
    func retry() async throws {
        let clock = F.Clock()
        let (store, ids) = try await Self.seeded(clock)
        func retry(_ id: Int64) async throws -> OperatorChange {
            try await store.retryAction(
                id,
                by: "noc-bob",
                note: "CPE found",
                unlessHeld: Self.lease,
                timeout: Self.timeout
            )
        }
        try await store.markDone(ids[0], outcome: ActionOutcome(.failed, detail: "given up after 20 attempts"))
        try await store.markDone(ids[1], outcome: ActionOutcome(.succeeded))
        guard case .changed(let again) = try await retry(ids[0]) else {
            Issue.record("not retried")
            return
        }
        #expect(again.id > ids[2] && again.key == "a" && again.eventID != 0 && again.outcome == nil)
        #expect(again.payload == Data("{\"k\":\"a\"}".utf8) && again.attempts == 0)
        #expect(again.lastFailure == "retried by noc-bob from action \(ids[0]): CPE found")
        #expect(try await store.pendingActions().map(\.id) == [ids[2], again.id], "after what was queued before")
        #expect(try await store.action(ids[0])?.retriedAs == again.id)
        #expect(try await store.action(ids[0])?.outcome?.status == .failed, "the old outcome is kept")

        guard case .refused = try await retry(ids[0]) else {
            Issue.record("retried twice")
            return
        }
        guard case .refused = try await retry(ids[1]) else {
            Issue.record("a succeeded action retried")
            return
        }
        guard case .refused = try await retry(ids[2]) else {
            Issue.record("a pending action retried")
            return
        }
        #expect(try await retry(999) == .unknown)
        #expect(try await store.pendingActionCount() == 2)
    }
}

import FerruleJSON
import FerruleStore
import FerruleTestSupport
import Foundation
import GenieACS
import GenieACSStandIn
import PONEvents
import PONTriggers
import Rules
import Synchronization
import Testing

@Suite("Draining the event store's outbox: each action performed, then marked, once")
struct OutboxExecutorTests {
    static func store() throws -> EventStore {
        try EventStore(path: EventStore.path(inStateDirectory: Scratch.directory("ferrule-outbox").path))
    }

    /// Records the activation of `serial` at `offset` with what `rules` plan for it.
    static func record(_ store: EventStore, _ rules: String, serial: String, offset: Int64) async throws -> Int {
        let event = Events.onu(
            "ONU_ACTIVATED_RAISE_EVENT",
            .onuActivated,
            serial: serial,
            header: "Voltha.openolt.X.\(offset)"
        )
        let actions = TriggerPlanner(rules: try RuleText.load(rules).triggerRules).plan(event).actions
        try await store.record(
            event,
            source: .kafka(topic: "voltha.events", partition: 0, offset: offset),
            actions: try actions.map { try PendingAction(key: $0.key, encoding: $0) }
        )
        return actions.count
    }

    static let tagAndProvision = """
        rules:
          - name: bind
            on: voltha.onu_activated
            actions:
              - tag: pon-active
              - provision: {name: bind-gateway, args: ["${event.serial}"]}
        """

    @Test(
        "pending actions are performed in order and marked; unmatched ONUs are skipped with the reason; a second pass does nothing"
    )
    func drains() async throws {
        let store = try Self.store()
        let acs = try ActionExecutorTests.acs()
        #expect(try await Self.record(store, Self.tagAndProvision, serial: "HWTC00000001", offset: 0) == 2)
        #expect(try await Self.record(store, Self.tagAndProvision, serial: "ALCL0000BEEF", offset: 1) == 2)
        let lines = Mutex<[String]>([])
        let outbox = OutboxExecutor(store: store, executor: ActionExecutorTests.executor(acs)) { line in
            lines.withLock { $0.append(line) }
        }
        let pass = try await outbox.drain()
        #expect(pass.done == 2 && pass.skipped == 2 && pass.failed == 0 && !pass.blocked && !pass.cancelled)
        #expect(try await store.pendingActionCount() == 0)
        let first = try #require(try await store.action(1))
        #expect(first.outcome?.status == .succeeded && first.outcome?.detail.hasPrefix("tag +pon-active on ") == true)
        let unmatched = try #require(try await store.action(3))
        #expect(unmatched.outcome?.status == .skipped)
        #expect(unmatched.outcome?.detail.contains("no CPE matches ONU ALCL0000BEEF") == true)
        #expect(lines.withLock { $0 }.count == 4)
        let tasks = try await acs.nbi.query(.tasks, CollectionQuery(query: .object([("name", .string("provisions"))])))
        #expect(tasks.items.count == 1)

        let again = try await outbox.drain()
        #expect(again.done == 0 && again.skipped == 0)
        let tasksAfter = try await acs.nbi.query(
            .tasks,
            CollectionQuery(query: .object([("name", .string("provisions"))]))
        )
        #expect(tasksAfter.items.count == 1, "nothing is performed twice")
    }

    static let webhookThenTag = """
        rules:
          - name: notify
            on: voltha.onu_activated
            actions:
              - webhook: {url: "https://noc.example.net/up", retries: 0}
              - tag: pon-active
        """

    @Test(
        "a webhook whose attempts (retries + 1) are used up is marked failed with the reason; the tag after it is done"
    )
    func webhookAttemptsUsedUp() async throws {
        let store = try Self.store()
        let acs = try ActionExecutorTests.acs()
        _ = try await Self.record(store, Self.webhookThenTag, serial: "HWTC00000001", offset: 0)
        let hook = ScriptedWebhook([503, 200])
        let outbox = OutboxExecutor(store: store, executor: ActionExecutorTests.executor(acs, webhook: hook)) { _ in }
        let pass = try await outbox.drain()
        #expect(!pass.blocked && pass.failed == 1 && pass.done == 1, "\(pass)")
        #expect(try await store.pendingActionCount() == 0)
        let webhook = try #require(try await store.action(1))
        #expect(webhook.outcome?.status == .failed)
        #expect(
            webhook.outcome?.detail.contains("failed 1 time(s), last: 503 R; given up (retries: 0)") == true,
            "\(webhook)"
        )
        #expect(try await store.action(2)?.outcome?.status == .succeeded)
        #expect(hook.requests.count == 1, "retries: 0 is one request")
    }

    @Test(
        "a retryable failure leaves the action pending and stops the pass, up to maxAttempts counted across restarts; then failed, and the outbox moves on"
    )
    func retryableFailureBounded() async throws {
        let store = try Self.store()
        let acs = try ActionExecutorTests.acs()
        let rules = """
            rules:
              - name: notify
                on: voltha.onu_activated
                actions:
                  - webhook: {url: "https://noc.example.net/up", retries: 1}
                  - tag: pon-active
            """
        _ = try await Self.record(store, rules, serial: "HWTC00000001", offset: 0)
        // A 503, then the wait before the retry is cancelled: a retryable failure every pass.
        let hook = ScriptedWebhook([503, 503, 503])
        let executor = ActionExecutor(
            acs: acs.nbi,
            webhooks: hook,
            now: { Double(ActionExecutorTests.now) },
            sleep: { _ in throw CancellationError() }
        )
        let lines = Mutex<[String]>([])
        var outbox = OutboxExecutor(store: store, executor: executor) { line in lines.withLock { $0.append(line) } }
        outbox.maxAttempts = 3
        for _ in 0..<2 {
            let blocked = try await outbox.drain()
            #expect(blocked.blocked && blocked.done == 0 && blocked.failed == 0)
            #expect(try await store.pendingActionCount() == 2, "the tag does not overtake the failing webhook")
        }
        #expect(lines.withLock { $0 }.last?.hasSuffix("attempt 2 of 3, will retry") == true, "\(lines.withLock { $0 })")
        // A restart: a new executor on the same store keeps the count.
        var restarted = OutboxExecutor(store: store, executor: executor) { line in lines.withLock { $0.append(line) } }
        restarted.maxAttempts = 3
        let last = try await restarted.drain()
        #expect(!last.blocked && last.failed == 1 && last.done == 1, "\(last)")
        let webhook = try #require(try await store.action(1))
        #expect(webhook.outcome?.status == .failed)
        #expect(webhook.outcome?.detail.hasSuffix("given up after 3 attempts") == true, "\(webhook)")
        #expect(try await store.action(2)?.outcome?.status == .succeeded)
    }

    @Test("a payload this version cannot read is marked failed, not retried for ever")
    func undecodable() async throws {
        let store = try Self.store()
        try await store.record(
            Events.onu("ONU_ACTIVATED_RAISE_EVENT", .onuActivated),
            source: .kafka(topic: "voltha.events", partition: 0, offset: 0),
            actions: [PendingAction(key: "trg-x", payload: Data("{\"step\":42}".utf8))]
        )
        let outbox = OutboxExecutor(store: store, executor: ActionExecutorTests.executor(try ActionExecutorTests.acs()))
        {
            _ in
        }
        let pass = try await outbox.drain()
        #expect(pass.failed == 1)
        #expect(try await store.action(1)?.outcome?.status == .failed)
    }

    @Test("the worker drains at start and on every wake, and returns after finish")
    func worker() async throws {
        let store = try Self.store()
        let acs = try ActionExecutorTests.acs()
        _ = try await Self.record(store, Self.tagAndProvision, serial: "HWTC00000001", offset: 0)
        let worker = OutboxWorker(
            outbox: OutboxExecutor(store: store, executor: ActionExecutorTests.executor(acs)) { _ in }
        )
        let running = Task { try await worker.run() }
        _ = try await Self.record(store, Self.tagAndProvision, serial: "HWTC00000002", offset: 1)
        worker.wake()
        worker.finish()
        let totals = try await running.value
        #expect(totals.done == 4)
        #expect(try await store.pendingActionCount() == 0)
    }
}

@Suite("The trigger stage of events run: storm protection and debounce before the planner")
struct EventTriggerStageTests {
    @Test("a delivered activation is planned; its second report is a duplicate and plans nothing")
    func plansDeliveredOnly() throws {
        let rules = try RuleText.load(OutboxExecutorTests.tagAndProvision).triggerRules
        var stage = EventTriggerStage(rules: rules)
        let event = Events.onu("ONU_ACTIVATED_RAISE_EVENT", .onuActivated)
        let first = stage.process(event, now: Events.raised)
        #expect(
            first.actions.map(\.summary) == ["bind: tag +pon-active", "bind: provision bind-gateway(\"HWTC00000001\")"]
        )
        let signal = Events.onu("ONU_DYING_GASP_RAISE_EVENT", .powerLost)
        _ = stage.process(signal, now: Events.raised)
        let again = stage.process(signal, now: Events.raised)
        #expect(again.actions.isEmpty)
        #expect(again.outcomes.contains { if case .duplicate = $0 { true } else { false } })
    }
}

@Suite("The writer lease of the event store")
struct EventStoreLeaseTests {
    @Test("a second holder is refused with the first's identity; a stale lease is taken over; release frees it")
    func lease() async throws {
        let store = try OutboxExecutorTests.store()
        let first = EventStoreLease(
            key: "events-run",
            token: "a",
            host: "noc-1",
            pid: 10,
            startedAt: 1_000,
            heartbeatAt: 1_000
        )
        #expect(try await store.acquire(first, timeout: 30_000).held == nil)
        let second = EventStoreLease(
            key: "events-run",
            token: "b",
            host: "noc-2",
            pid: 20,
            startedAt: 2_000,
            heartbeatAt: 2_000
        )
        let refused = try await store.acquire(second, timeout: 30_000)
        #expect(refused.held?.token == "a" && refused.held?.holder == "pid 10 on host noc-1")
        #expect(try await store.renew(first, now: 20_000))
        #expect(try await !store.renew(second, now: 20_000))

        var late = second
        late.heartbeatAt = 50_000
        let takeover = try await store.acquire(late, timeout: 30_000)
        #expect(takeover.held == nil && takeover.replaced?.token == "a")
        #expect(try await !store.renew(first, now: 51_000), "the first holder learns it lost the lease")
        try await store.release(late)
        #expect(try await store.lease("events-run") == nil)
    }
}

import CurlHTTP
import Foundation
import GenieACSStandIn
import PONEvents
import PONTriggers
import Rules
import Synchronization
import Testing

/// A receiver that accepts and never answers (`hang.example`: the request waits until the task is
/// cancelled), and one that answers 200 at once; records what each was sent.
private final class HangingReceiver: WebhookTransport, Sendable {
    let sent = Mutex<[String]>([])

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        sent.withLock { $0.append(request.url) }
        if request.url.contains("hang.example") {
            // Never answers: only a stop (cancellation) ends the wait.
            try await Task.sleep(for: .seconds(86_400))
        }
        return HTTPResponse(url: request.url, status: 200, reasonPhrase: "OK", headers: [], body: [])
    }
}

/// The lines the outbox reports, as a stream a test can wait on.
private final class Lines: Sendable {
    let stream: AsyncStream<String>
    let continuation: AsyncStream<String>.Continuation
    init() { (stream, continuation) = AsyncStream.makeStream() }

    /// Waits until lines containing each of `needles` were reported; false after `limit`.
    func wait(for needles: [String], within limit: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { [stream] in
                var missing = needles
                for await line in stream {
                    missing.removeAll { line.contains($0) }
                    if missing.isEmpty { return true }
                }
                return false
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}

@Suite("Webhooks go beside the outbox: a receiver that never answers holds back only its own webhooks")
struct WebhookLaneTests {
    static let rules = """
        rules:
          - name: hang
            on: voltha.onu_activated
            when: {serial: HWTC00000001}
            actions:
              - webhook: {url: "https://hang.example/first", retries: 0}
          - name: tag-other
            on: voltha.onu_activated
            when: {serial: HWTC00000002}
            actions:
              - tag: pon-active
              - webhook: {url: "https://hang.example/second", retries: 0}
              - webhook: {url: "https://ok.example/other", retries: 0}
        """

    @Test(
        "while one receiver hangs, a later ONU's tag and another receiver's webhook are done; the hung receiver's next webhook waits its turn; a stop leaves both pending"
    )
    func hangingReceiverHoldsOnlyItself() async throws {
        let store = try OutboxExecutorTests.store()
        _ = try await OutboxExecutorTests.record(store, Self.rules, serial: "HWTC00000001", offset: 0)
        _ = try await OutboxExecutorTests.record(store, Self.rules, serial: "HWTC00000002", offset: 1)
        let receiver = HangingReceiver()
        let acs = try ActionExecutorTests.acs()
        let executor = ActionExecutor(acs: acs.nbi, webhooks: receiver, now: { Double(ActionExecutorTests.now) })
        let lines = Lines()
        let worker = OutboxWorker(
            outbox: OutboxExecutor(store: store, executor: executor) { [lines] in lines.continuation.yield($0) }
        )
        let running = Task { try await worker.run() }
        let done = await lines.wait(
            for: ["tag-other: done: tag +pon-active", "done: POST https://ok.example/other"],
            within: .seconds(60)
        )
        #expect(done, "the tag and the other receiver's webhook waited behind the hanging receiver")
        // The hanging receiver got its first webhook only: the second waits for its lane.
        #expect(receiver.sent.withLock { $0.filter { $0.contains("hang.example") } } == ["https://hang.example/first"])

        // A stop whose grace is over: the hung webhook is cut short and stays pending, like the one behind it.
        worker.finish()
        running.cancel()
        let totals = try await running.value
        #expect(totals.done == 2, "\(totals)")
        let pending = try await store.pendingActions()
        #expect(pending.count == 2)
        #expect(pending.allSatisfy { $0.attempts == 0 }, "a stop is no attempt")
        let urls = try pending.map { action -> String in
            guard case .webhook(let request) = try action.decode(PlannedAction.self).step else { return "" }
            return request.url
        }
        #expect(urls == ["https://hang.example/first", "https://hang.example/second"])
    }

    @Test("webhooks to one receiver go one at a time in queue order; after finish the worker sends them all")
    func oneReceiverInOrder() async throws {
        let store = try OutboxExecutorTests.store()
        let rules = """
            rules:
              - name: notify
                on: voltha.onu_activated
                actions:
                  - webhook: {url: "https://ok.example/${event.serial}", retries: 0}
            """
        for n in 1...5 {
            _ = try await OutboxExecutorTests.record(store, rules, serial: "HWTC0000000\(n)", offset: Int64(n))
        }
        let receiver = HangingReceiver()
        let executor = ActionExecutor(
            acs: try ActionExecutorTests.acs().nbi,
            webhooks: receiver,
            now: { Double(ActionExecutorTests.now) }
        )
        let worker = OutboxWorker(outbox: OutboxExecutor(store: store, executor: executor) { _ in })
        let running = Task { try await worker.run() }
        worker.finish()
        let totals = try await running.value
        #expect(totals.done == 5)
        #expect(receiver.sent.withLock { $0 } == (1...5).map { "https://ok.example/HWTC0000000\($0)" })
        #expect(try await store.pendingActionCount() == 0)
    }
}

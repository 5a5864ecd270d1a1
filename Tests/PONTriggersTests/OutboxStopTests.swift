import CurlHTTP
import FerruleStore
import FerruleTestSupport
import Foundation
import GenieACSStandIn
import PONEvents
import PONTriggers
import Testing

/// A webhook receiver during whose call the outbox is stopped (the drain's task cancelled, as
/// `events run` does on SIGTERM once its grace is spent): it answers `status`, or with 0 the
/// transfer is cut short.
private final class StoppedDuringWebhook: WebhookTransport, Sendable {
    let status: Int

    init(status: Int) { self.status = status }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        withUnsafeCurrentTask { $0?.cancel() }
        if status == 0 {
            throw HTTPClientError(kind: .timeout, method: request.method, url: request.url, detail: "cut short")
        }
        return HTTPResponse(url: request.url, status: status, reasonPhrase: "OK", headers: [], body: [])
    }
}

@Suite("Stopping the outbox while a webhook is in flight")
struct OutboxStopTests {
    static let rules = """
        rules:
          - name: notify
            on: voltha.onu_activated
            actions:
              - webhook: {url: "https://noc.example.net/up", retries: 0}
        """

    private func drain(_ hook: StoppedDuringWebhook) async throws -> (OutboxExecutor.Pass, EventStore) {
        let store = try OutboxExecutorTests.store()
        _ = try await OutboxExecutorTests.record(store, Self.rules, serial: "HWTC00000001", offset: 0)
        let executor = ActionExecutor(
            acs: try ActionExecutorTests.acs().nbi,
            webhooks: hook,
            now: { Double(ActionExecutorTests.now) },
            sleep: { _ in throw CancellationError() }
        )
        let outbox = OutboxExecutor(store: store, executor: executor) { _ in }
        let pass = try await Task { try await outbox.drain() }.value
        return (pass, store)
    }

    @Test("a webhook cut short by the stop stays pending, no attempt counted, and the pass ends without an error")
    func cutShortStaysPending() async throws {
        let (pass, store) = try await drain(StoppedDuringWebhook(status: 0))
        #expect(pass.cancelled && pass.failed == 0 && pass.done == 0)
        #expect(try await store.pendingActionCount() == 1)
        let action = try #require(try await store.action(1))
        #expect(action.outcome == nil, "\(action)")
    }

    @Test("a webhook that was answered before the stop is marked done, so the next start does not call it again")
    func answeredIsMarked() async throws {
        let (pass, store) = try await drain(StoppedDuringWebhook(status: 200))
        #expect(pass.done == 1)
        #expect(try await store.pendingActionCount() == 0)
        #expect(try await store.action(1)?.outcome?.status == .succeeded)
    }
}

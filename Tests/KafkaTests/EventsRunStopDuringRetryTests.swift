import FerruleTestSupport
import Foundation
import PONEvents
import Testing

/// `ferrule events run` stopped while a webhook waits between its retries: the stop does not wait
/// out the retry chain; the action stays pending for the next start.
@Suite("ferrule events run: a stop during a webhook's backoff", .timeLimit(.minutes(5)))
struct EventsRunStopDuringRetryTests {
    static let rules = """
        rules:
          - name: notify
            on: voltha.onu_activated
            actions:
              - webhook: {url: "http://127.0.0.1:1/onu/${event.serial}", retries: 2, backoff: 60, timeout: 2}
        """

    @Test("SIGTERM while a webhook backs off for a minute: stopped within the 10 s grace, the action pending")
    func stopDuringBackoff() async throws {
        let broker = try await KafkaBroker.start()
        defer { broker.stop() }
        let fixture = try TriggerRunFixture("events-stop-retry", rules: Self.rules)
        defer { fixture.remove() }
        let store = fixture.store
        try await EventsRunTriggersEndToEndTests.publish(broker, first: 0, count: 2)
        let run = try fixture.startRun(broker, acs: "http://127.0.0.1:1")
        try await run.line("start line") { $0.hasPrefix("consuming ") && $0.contains("1 trigger rule(s)") }
        try await EventsRunEndToEndTests.waitForOffset(1, in: store)
        #expect(try await store.pendingActionCount() >= 1)
        let stopped = ContinuousClock.now
        run.terminate()
        let summary = try await run.line(within: .seconds(60), "summary") { $0.hasPrefix("stopped: ") }
        try await run.waitForEnd(within: .seconds(30))
        let took = ContinuousClock.now - stopped
        #expect(took < .seconds(30), "the stop waited \(took): the webhook's 60 s backoff was waited out")
        #expect(summary.contains("0 failed"), "\(summary)")
        #expect(try await store.pendingActionCount() >= 1, "the action stays pending for the next start")
    }
}

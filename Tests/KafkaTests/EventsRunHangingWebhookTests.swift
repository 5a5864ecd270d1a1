import FerruleTestSupport
import Foundation
import PONEvents
import Testing

/// `ferrule events run` with a webhook receiver that accepts the request and never answers: the
/// webhook is tried `retries` + 1 times, each cut at its `timeout`, then settled failed with the
/// reason, and the outbox moves on to the actions queued after it.
@Suite("ferrule events run: a hanging webhook receiver does not block the outbox", .timeLimit(.minutes(5)))
struct EventsRunHangingWebhookTests {
    static func rules(hanging: String) -> String {
        """
        rules:
          - name: notify
            on: voltha.onu_activated
            actions:
              - webhook: {url: "\(hanging)/hang/${event.serial}", body: "x", timeout: 2, retries: 0}
              - tag: {add: [pon-active]}
        """
    }

    @Test(
        "retries: 0 and timeout: 2 against a receiver that hangs: one call, failed with the reason; the tag after it is done"
    )
    func hangingReceiver() async throws {
        let broker = try await KafkaBroker.start()
        defer { broker.stop() }
        let standIn = try await TriggerRunFixture.startStandIn()
        defer { standIn.stop() }
        let hanging = try SilentListener(accepting: true)
        let fixture = try TriggerRunFixture("events-hanging-webhook", rules: Self.rules(hanging: hanging.url))
        defer { fixture.remove() }
        let store = fixture.store
        // The discovery and the activation of BBSM00000001.
        try await EventsRunTriggersEndToEndTests.publish(broker, first: 0, count: 2)
        let run = try fixture.startRun(broker, acs: standIn.firstLine)
        try await run.line("start line") { $0.hasPrefix("consuming ") && $0.contains("1 trigger rule(s)") }
        let failedLine = try await run.line(within: .seconds(60), "the webhook given up") {
            $0.hasPrefix("action 1 ") && $0.contains("failed")
        }
        #expect(failedLine.contains("timed out") && failedLine.contains("given up"), "\(failedLine)")
        #expect(!failedLine.contains("will retry"), "\(failedLine)")
        try await EventsRunTriggersEndToEndTests.waitUntilSettled(store, offset: 1)
        run.terminate()
        let summary = try await run.line("summary") { $0.hasPrefix("stopped: ") }
        try await run.waitForEnd()
        #expect(summary.contains("1 done, 0 skipped, 1 failed"), "\(summary)")

        let outcomes = try await store.settledOutcomes()
        #expect(outcomes.count == 2)
        #expect(outcomes.first?.status == .failed, "\(outcomes)")
        #expect(outcomes.first?.detail.contains("failed 1 time(s)") == true, "\(outcomes)")
        #expect(outcomes.last?.status == .succeeded, "the tag queued after the webhook is done: \(outcomes)")
        #expect(hanging.accepted == 1, "retries: 0 is one call, not \(hanging.accepted)")
    }
}

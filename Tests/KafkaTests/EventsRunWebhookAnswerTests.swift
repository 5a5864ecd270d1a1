import FerruleTestSupport
import Foundation
import PONEvents
import Testing

/// `ferrule events run` with a webhook receiver that answers 500 with a body that never ends: each
/// attempt reads at most 64 KiB of it, and the settled outcome quotes its start, escaped.
@Suite("ferrule events run: a webhook receiver answering without end", .timeLimit(.minutes(5)))
struct EventsRunWebhookAnswerTests {
    static func rules(receiver: String) -> String {
        """
        rules:
          - name: notify
            on: voltha.onu_activated
            actions:
              - webhook: {url: "\(receiver)/hook/${event.serial}", body: "x", timeout: 30, retries: 0}
        """
    }

    @Test("a 500 with an endless body: failed at once, the outcome quoting its start; the answer was not read on")
    func endlessErrorAnswer() async throws {
        let broker = try await KafkaBroker.start()
        defer { broker.stop() }
        let standIn = try await TriggerRunFixture.startStandIn()
        defer { standIn.stop() }
        let receiver = try EndlessHTTPServer(status: 500, reason: "Internal Server Error", pattern: "overloaded\u{7} ")
        defer { receiver.stop() }
        let fixture = try TriggerRunFixture("events-endless-webhook", rules: Self.rules(receiver: receiver.url("")))
        defer { fixture.remove() }
        let store = fixture.store
        // The discovery and the activation of BBSM00000001.
        try await EventsRunTriggersEndToEndTests.publish(broker, first: 0, count: 2)
        let run = try fixture.startRun(broker, acs: standIn.firstLine)
        try await run.line("start line") { $0.hasPrefix("consuming ") && $0.contains("1 trigger rule(s)") }
        let failedLine = try await run.line(within: .seconds(60), "the webhook failed") {
            $0.hasPrefix("action 1 ") && $0.contains("failed")
        }
        #expect(failedLine.contains("500 Internal Server Error: overloaded\\u{7} overloaded"), "\(failedLine)")
        #expect(!failedLine.contains("timed out"), "\(failedLine)")
        try await EventsRunTriggersEndToEndTests.waitUntilSettled(store, offset: 1)
        run.terminate()
        _ = try await run.line("summary") { $0.hasPrefix("stopped: ") }
        try await run.waitForEnd()

        let outcomes = try await store.settledOutcomes()
        let detail = try #require(outcomes.first?.detail)
        #expect(detail.contains("more than 64 KiB in all: the rest was not read"), "\(detail)")
        #expect(detail.count < 1_000, "\(detail.count) characters")
        #expect(try await receiver.waitForEndedStreams(1), "the endless answer was read on")
        #expect(receiver.requests.count == 1)
    }
}

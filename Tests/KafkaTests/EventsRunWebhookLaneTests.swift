import FerruleTestSupport
import Foundation
import PONEvents
import Testing

/// `ferrule events run --rules` with a webhook receiver that accepts and never answers: the other
/// ONU's tag queued after the webhook is done while the webhook still waits (webhooks go beside
/// the outbox, one lane per receiver), and a stop leaves the webhook pending.
@Suite("ferrule events run: a webhook receiver that never answers", .timeLimit(.minutes(5)))
struct EventsRunWebhookLaneTests {
    static func rules(port: Int) -> String {
        """
        rules:
          - name: notify-noc
            on: voltha.onu_activated
            when: {serial: BBSM00000001}
            actions:
              - webhook: {url: "http://127.0.0.1:\(port)/onu/${event.serial}", retries: 5, backoff: 10, timeout: 10}
          - name: tag-other
            on: voltha.onu_activated
            when: {serial: BBSM00000002}
            actions:
              - tag: {add: [pon-active]}
        """
    }

    @Test("the other ONU's tag is done while the hanging webhook (up to 370 s) is in flight; SIGTERM leaves it pending")
    func otherONUNotHeldBack() async throws {
        let broker = try await KafkaBroker.start()
        defer { broker.stop() }
        let standIn = try await TriggerRunFixture.startStandIn()
        defer { standIn.stop() }
        let receiver = try SilentListener(accepting: true)
        let fixture = try TriggerRunFixture("events-webhook-lane", rules: Self.rules(port: receiver.port))
        defer { fixture.remove() }
        // ONU 1's activation (offset 1) is queued before ONU 2's (offset 5).
        try await EventsRunTriggersEndToEndTests.publish(broker, first: 0, count: 6)
        let run = try fixture.startRun(broker, acs: standIn.firstLine)
        try await run.line("start line") { $0.hasPrefix("consuming ") && $0.contains("2 trigger rule(s)") }
        // A serial outbox would reach the tag only after the webhook's 370 s; here it is not held back.
        let tag = try await run.line(within: .seconds(120), "the other ONU's tag") {
            $0.contains(" tag-other: done: tag +pon-active on ")
        }
        #expect(tag.hasPrefix("action 2 "), "\(tag)")
        #expect(receiver.accepted >= 1, "the webhook reached the receiver")
        let webhook = try #require(try await fixture.store.action(1))
        #expect(webhook.outcome == nil, "the webhook is still in flight")

        run.terminate()
        let summary = try await run.line(within: .seconds(60), "summary") { $0.hasPrefix("stopped: ") }
        try await run.waitForEnd(within: .seconds(30))
        #expect(summary.contains("1 done, 0 skipped, 0 failed"), "\(summary)")
        let after = try #require(try await fixture.store.action(1))
        #expect(after.outcome == nil && after.attempts == 0, "cut short by the stop: pending, no attempt")
    }
}

import CurlHTTP
import FerruleCore
import FerruleTestSupport
import GenieACSStandIn
import PONTriggers
import Testing

/// A webhook receiver that answers an error with a huge (here endless) body: the answer is read
/// no further than 64 KiB, and the outcome carries a short, escaped, secret-free excerpt of it.
@Suite("Webhook answers are bounded and quoted in the outcome", .timeLimit(.minutes(2)))
struct WebhookAnswerLimitTests {
    @Test("a 500 with an endless body: read up to 64 KiB, the excerpt in the outcome escaped and without the secret")
    func endlessErrorAnswer() async throws {
        let server = try EndlessHTTPServer(
            status: 500,
            reason: "Internal Server Error",
            pattern: "token s3cr3t-value refused\u{1B}[2J "
        )
        defer { server.stop() }
        let http = try HTTPClient()
        defer { http.shutdown() }
        let acs = try ActionExecutorTests.acs()
        let executor = ActionExecutor(
            acs: acs.nbi,
            webhooks: http,
            secrets: SecretStore(values: ["TOKEN": "s3cr3t-value"]),
            now: { Double(ActionExecutorTests.now) },
            sleep: { _ in }
        )
        let rules =
            "rules:\n  - name: w\n    on: voltha.onu_activated\n    actions:\n      - webhook: "
            + "{url: \"\(server.url("/hook"))?token=${secret:TOKEN}\", retries: 1}\n"

        let outcomes = await executor.execute(try ActionExecutorTests.plan(rules))

        guard case .failed(let text, retryable: false) = outcomes.first else {
            Issue.record("\(outcomes)")
            return
        }
        #expect(
            text.contains("failed 2 time(s), last: 500 Internal Server Error: token ${secret:TOKEN} refused\\u{1B}[2J"),
            "\(text)"
        )
        #expect(text.contains("more than 64 KiB in all: the rest was not read"), "\(text)")
        #expect(!text.contains("s3cr3t") && !text.contains("\u{1B}"), "\(text)")
        // The excerpt is short: the outcome is a line, not the 64 KiB read.
        #expect(text.count < 1_000, "\(text.count) characters")
        // Both attempts stopped reading: the server saw each connection closed under it.
        #expect(try await server.waitForEndedStreams(2))
        #expect(server.requests.count == 2)
    }
}

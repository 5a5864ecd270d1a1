import FerruleCore
import Testing

@testable import Rules

/// A webhook's retries hold its receiver's lane: lint bounds `retries`, `backoff` and what they add up
/// to with `timeout`, so one receiver that never answers is given up on within minutes.
@Suite("Webhook retry limits")
struct WebhookLimitTests {
    static func lint(_ webhook: String) throws -> [Diagnostic] {
        let text = """
            rules:
              - name: w
                on: voltha.onu_activated
                actions:
                  - webhook: {url: "https://noc.example.net/x", \(webhook)}
            """
        let (_, d, _) = try RuleTestSupport.load(["r.yaml": text])
        return d.sorted.filter { $0.severity == .error }
    }

    @Test("retries above 5 and backoff above 60 s are out-of-range errors naming the limit")
    func capped() throws {
        let retries = try Self.lint("retries: 10")
        #expect(retries.map(\.code) == [.outOfRange], "\(retries)")
        #expect(retries.first?.message == "`retries` must be between 0 and 5, not 10")
        let backoff = try Self.lint("backoff: 3600")
        #expect(backoff.map(\.code) == [.outOfRange], "\(backoff)")
        #expect(backoff.first?.message == "`backoff` (seconds) must be between 0 and 60, not 3600")
    }

    @Test("a retry chain over 600 s in all is an error with its length and how it adds up")
    func chain() throws {
        let long = try Self.lint("retries: 5, backoff: 30, timeout: 10")
        #expect(long.map(\.code) == [.outOfRange], "\(long)")
        #expect(
            long.first?.message.hasPrefix(
                "this webhook may take 990 s before it is given up (timeout 10 s × 6 attempts"
            ) == true
        )
        #expect(long.first?.hint == "lower `retries`, `backoff` or `timeout`")
        #expect(try Self.lint("retries: 5, backoff: 10, timeout: 10").isEmpty)
        #expect(try Self.lint("retries: 3").isEmpty, "the defaults (54 s) are fine")
    }
}

import FerruleTestSupport
import Foundation
import Testing

/// `ferrule events run`: the reconciliation options without `--voltha` (nor `$FERRULE_VOLTHA`)
/// would do nothing, so they are a usage error (64), not accepted silently.
@Suite("ferrule events run: reconcile options need --voltha")
struct EventsRunReconcileUsageTests {
    static func eventsRun(
        _ arguments: [String],
        environment: [String: String] = [:]
    ) async throws -> FerruleRunner.Output {
        let state = try Scratch.directory("reconcile-usage").path
        return try await FerruleRunner.execute(
            ["events", "run", "--brokers", "127.0.0.1:9", "--state", state] + arguments,
            environment: environment,
            timeout: .seconds(60)
        )
    }

    @Test("--reconcile-software-budget and --reconcile-interval without --voltha are exit 64 naming --voltha")
    func withoutVoltha() async throws {
        for (arguments, named) in [
            (["--reconcile-software-budget", "5"], "--reconcile-software-budget applies to"),
            (["--reconcile-interval", "0"], "--reconcile-interval applies to"),
            (
                ["--reconcile-interval", "60", "--reconcile-software-budget", "5"],
                "--reconcile-interval and --reconcile-software-budget apply to"
            ),
        ] {
            let refused = try await Self.eventsRun(arguments)
            #expect(refused.status == 64, "\(arguments): \(refused.combined)")
            #expect(refused.stderr.contains(named), "\(arguments): \(refused.stderr)")
            #expect(refused.stderr.contains("needs --voltha HOST:PORT"), "\(arguments): \(refused.stderr)")
            #expect(!refused.stdout.contains("consuming"), "nothing started: \(refused.stdout)")
        }
    }

    @Test("with $FERRULE_VOLTHA the options are accepted: the run gets past validation (to its password file)")
    func withEnvironmentAddress() async throws {
        // A missing --sasl-password-file is the first thing run() checks (exit 2): reaching it
        // shows the options passed validation, without a broker or a VOLTHA.
        let result = try await Self.eventsRun(
            ["--reconcile-software-budget", "5", "--sasl-password-file", "/nonexistent/kafka-password"],
            environment: ["FERRULE_VOLTHA": "127.0.0.1:1"]
        )
        #expect(result.status == 2, "\(result.combined)")
        #expect(result.stderr.contains("--sasl-password-file /nonexistent/kafka-password"), "\(result.stderr)")
    }
}

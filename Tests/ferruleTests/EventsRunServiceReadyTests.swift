import FerruleTestSupport
import Foundation
import Testing

/// `voltha.service_ready` fires only for the SERVICE_READY events a reconciliation with VOLTHA
/// derives: `ferrule events run` without `--voltha` refuses a rule that could never fire, before it
/// connects to anything.
@Suite struct EventsRunServiceReadyTests {
    static let rules = """
        rules:
          - name: ready
            on: voltha.service_ready
            actions:
              - webhook: {url: "http://127.0.0.1:9/ready", body: "${event.serial}"}

        """

    @Test("a service_ready rule without --voltha: error[no-event-source] at the rule's on:, exit 1, nothing consumed")
    func refusedWithoutVoltha() async throws {
        let rules = try Scratch.directory(["t.yaml": Self.rules], prefix: "service-ready")
        let state = try Scratch.directory("service-ready-state").path
        // Refused before anything is consumed; a consumer that started instead is killed at the deadline.
        let output = try await ProcessRunner(
            FerruleRunner.executable,
            [
                "events", "run", "--brokers", "127.0.0.1:9", "--state", state, "--rules", rules, "--acs",
                "http://127.0.0.1:9",
            ],
            timeout: .seconds(60)
        ).run()
        #expect(output.status == 1, "\(output.stderr)")
        #expect(output.stderr.contains("t.yaml:3:"), "\(output.stderr)")
        #expect(
            output.stderr.contains("error[no-event-source]: rule ready: voltha.service_ready events come only from")
        )
        #expect(output.stderr.contains("--voltha HOST:PORT"))
        #expect(output.stdout.isEmpty, "nothing consumed: \(output.stdout)")
    }
}

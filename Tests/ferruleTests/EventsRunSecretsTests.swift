import FerruleTestSupport
import Foundation
import Testing

/// `ferrule events run --rules` refuses rules that use a `${secret:NAME}` nothing gives a value:
/// each of their actions could only fail, for good. Refused before anything is consumed, naming the
/// secret and the rule, never a value.
@Suite struct EventsRunSecretsTests {
    static let rules = """
        rules:
          - name: notify
            on: voltha.onu_activated
            actions:
              - webhook: {url: "http://127.0.0.1:9/onu/${event.serial}", headers: {Authorization: "Bearer ${secret:TOK}"}}
          - name: bind
            on: voltha.onu_activated
            actions:
              - provision: {name: bind, args: ["${secret:GIVEN}", "${secret:ACS_PW}"]}

        """

    @Test("a secret set nowhere: error[missing-secret] naming it and its rule, exit 1, nothing consumed")
    func refusedWhenASecretIsMissing() async throws {
        let rules = try Scratch.directory(["t.yaml": Self.rules], prefix: "events-secrets")
        let state = try Scratch.directory("events-secrets-state").path
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FERRULE_SECRET_") }
        environment["FERRULE_SECRET_GIVEN"] = "given-value-7f3a"
        // Refused before anything is consumed; a consumer that started instead is killed at the deadline.
        let output = try await ProcessRunner(
            FerruleRunner.executable,
            [
                "events", "run", "--brokers", "127.0.0.1:9", "--state", state, "--rules", rules, "--acs",
                "http://127.0.0.1:9",
            ],
            environment: environment,
            timeout: .seconds(60)
        ).run()
        #expect(output.status == 1, "\(output.stderr)")
        #expect(output.stderr.contains("t.yaml:5:"), "\(output.stderr)")
        #expect(output.stderr.contains("error[missing-secret]: rule notify uses ${secret:TOK}, which has no value"))
        #expect(output.stderr.contains("set FERRULE_SECRET_TOK or add TOK=… to the --secrets file"))
        #expect(output.stderr.contains("rule bind uses ${secret:ACS_PW}"))
        #expect(!output.stderr.contains("${secret:GIVEN}"), "GIVEN is set: \(output.stderr)")
        #expect(!output.stderr.contains("given-value-7f3a") && !output.stdout.contains("given-value-7f3a"))
        #expect(output.stdout.isEmpty, "nothing consumed: \(output.stdout)")
    }
}

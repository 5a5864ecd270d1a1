import FerruleTestSupport
import Foundation
import Testing

/// The Kafka SASL password need not be on the command line (where `ps` shows it):
/// `--sasl-password-file` and `-X sasl.password=${secret:NAME}` with `FERRULE_SECRET_NAME`.
/// librdkafka refuses SASL/PLAIN without a password before it connects
/// (`sasl.username and sasl.password must be set`), so whether the password arrived shows
/// without a broker that speaks SASL.
@Suite("ferrule events run: the Kafka SASL password from a file or the environment, never printed")
struct KafkaSecretsEndToEndTests {
    static let password = "Kafka-Pa55word-4711"

    static let sasl = [
        "-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanism=PLAIN", "-X", "sasl.username=ferrule",
    ]

    /// `ferrule events run` against a port where no broker listens: it either refuses its
    /// configuration at once, or starts consuming (and is stopped at `deadline`). A run expected to
    /// be refused gets a deadline it never reaches on a sound build, so a loaded machine that is
    /// slow to start the process does not turn a refusal into a kill.
    static func eventsRun(
        _ arguments: [String],
        environment: [String: String] = [:],
        deadline: Duration = .seconds(60)
    ) async throws -> FerruleRunner.Output {
        let state = try Scratch.directory("kafka-secrets").path
        return try await FerruleRunner.execute(
            ["events", "run", "--brokers", "127.0.0.1:9", "--state", state] + sasl + arguments,
            environment: environment,
            timeout: deadline
        )
    }

    /// The deadline of a run expected to start consuming: it is stopped there.
    static let consuming = Duration.seconds(12)

    /// librdkafka got a password (it refuses SASL/PLAIN without one) and the consumer started;
    /// the password appears in no output.
    static func expectStartedWithPassword(_ result: FerruleRunner.Output) {
        #expect(result.stdout.contains("consuming "), "started: \(result.stdout) \(result.stderr)")
        #expect(!result.stderr.contains("sasl.username and sasl.password must be set"), "\(result.stderr)")
        #expect(!result.combined.contains(Self.password))
    }

    @Test("without a password, SASL/PLAIN is refused as a configuration error")
    func noPassword() async throws {
        let result = try await Self.eventsRun([])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("sasl.password"), "\(result.stderr)")
    }

    @Test("--sasl-password-file gives librdkafka the file's first line; it appears in no output")
    func passwordFile() async throws {
        let file = try Scratch.file("kafka-password", Array("\(Self.password)\r\nignored second line\n".utf8))
        Self.expectStartedWithPassword(
            try await Self.eventsRun(["--sasl-password-file", file], deadline: Self.consuming)
        )
    }

    @Test("-X sasl.password=${secret:kafka} takes FERRULE_SECRET_KAFKA; unset, the error names the variable")
    func secretPlaceholder() async throws {
        let given = try await Self.eventsRun(
            ["-X", "sasl.password=${secret:kafka}"],
            environment: ["FERRULE_SECRET_KAFKA": Self.password],
            deadline: Self.consuming
        )
        Self.expectStartedWithPassword(given)
        let missing = try await Self.eventsRun(["-X", "sasl.password=${secret:kafka}"])
        #expect(missing.status == 64, "\(missing.stderr)")
        #expect(missing.stderr.contains("set FERRULE_SECRET_KAFKA"), "\(missing.stderr)")
    }

    @Test(
        "a password file that is empty, missing (exit 2), or given with -X sasl.password is refused without quoting it"
    )
    func refusals() async throws {
        let empty = try Scratch.file("empty-password", Array("\n".utf8))
        let emptyResult = try await Self.eventsRun(["--sasl-password-file", empty])
        #expect(emptyResult.status == 64 && emptyResult.stderr.contains("first line is empty"), "\(emptyResult.stderr)")
        // An input file that cannot be read is exit 2, as for every command, not a usage error.
        let missingResult = try await Self.eventsRun(["--sasl-password-file", "/nonexistent/kafka-password"])
        #expect(
            missingResult.status == 2
                && missingResult.stderr.contains("--sasl-password-file /nonexistent/kafka-password: no such file"),
            "\(missingResult.stderr)"
        )
        #expect(!missingResult.stderr.contains("Usage:"), "\(missingResult.stderr)")
        let file = try Scratch.file("kafka-password", Array(Self.password.utf8))
        let both = try await Self.eventsRun(["--sasl-password-file", file, "-X", "sasl.password=other-Secret-99"])
        #expect(both.status == 64 && both.stderr.contains("give the password one way only"), "\(both.stderr)")
        #expect(!both.combined.contains(Self.password) && !both.combined.contains("other-Secret-99"))
    }
}

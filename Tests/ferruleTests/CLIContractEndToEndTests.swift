import FerruleTestSupport
import Foundation
import Testing

/// What the docs promise of the command line, through the `ferrule` executable (review 2: findings
/// 6, 8, 10, 11, 12, 13). Each test failed on the behaviour the review found.
@Suite("Command-line contract (end to end)")
struct CLIContractEndToEndTests {
    static let provisions = Repository.url("Provisions").path

    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> FerruleRunner.Output {
        try await FerruleRunner.execute(arguments, environment: environment, timeout: .seconds(60))
    }

    // MARK: Finding 12: a single-valued option given twice

    @Test(
        "an option that takes one value, given twice, is a usage error naming it (exit 64), before anything runs",
        arguments: [
            (
                ["test", provisions, "--env", "nosuch", "--env", "prod"],
                "--env is given twice (\"nosuch\", then \"prod\")"
            ),
            (
                [
                    "voltha", "provision-onu", "--olt", "OLT", "--pon", "0", "--serial", "BBSM00000002", "--c-tag",
                    "901",
                    "--c-tag", "902", "--s-tag", "900", "--voltha", "127.0.0.1:1",
                ],
                "--c-tag is given twice (\"901\", then \"902\")"
            ),
            (
                ["cwmp", "tree", "--format=json", "x.xml", "--format", "tsv"],
                "--format is given twice (\"json\", then \"tsv\")"
            ),
            (["plan", provisions, "--acs", "http://127.0.0.1:1", "--acs=http://127.0.0.1:2"], "--acs is given twice"),
        ]
    )
    func singleValuedTwice(arguments: [String], says: String) async throws {
        let result = try await Self.run(arguments)
        #expect(result.status == 64, "\(arguments): \(result.combined)")
        #expect(result.stderr.contains(says), "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains("Usage: ferrule \(arguments[0])"), "the command's own usage: \(result.stderr)")
        #expect(result.stdout.isEmpty, "nothing ran: \(result.stdout)")
    }

    @Test("options that may be repeated still are: --cases twice, --var-file twice")
    func repeatableTwice() async throws {
        let cases = Self.provisions + "/tests"
        let result = try await Self.run(["test", Self.provisions, "--cases", cases, "--cases", cases])
        #expect(result.status == 0, "\(result.combined)")
        #expect(!result.stderr.contains("given twice"), "\(result.stderr)")
    }

    // MARK: Finding 13: usage of the command, unknown subcommand with --help

    @Test("--help after a subcommand that does not exist is a usage error (exit 64), not the parent's help")
    func unknownSubcommandHelp() async throws {
        let root = try await Self.run(["apply", "--help"])
        #expect(root.status == 64, "\(root.combined)")
        #expect(root.stderr.contains("ferrule has no subcommand \"apply\""), "\(root.stderr)")
        #expect(root.stdout.isEmpty, "no help printed: \(root.stdout)")
        let nested = try await Self.run(["acs", "nosuch", "-h"])
        #expect(nested.status == 64, "\(nested.combined)")
        #expect(nested.stderr.contains("ferrule acs has no subcommand \"nosuch\""), "\(nested.stderr)")
        // Real help still works, also for commands that take arguments.
        for arguments in [["acs", "--help"], ["test", "--help"], ["acs", "devices", "--help"], ["--help"]] {
            let help = try await Self.run(arguments)
            #expect(help.status == 0, "\(arguments): \(help.combined)")
            #expect(help.stdout.contains("USAGE:"), "\(arguments): \(help.stdout)")
        }
    }

    @Test("a usage error found after parsing shows the command's usage, not the root's")
    func commandUsage() async throws {
        let result = try await Self.run(["acs", "devices", "--acs", "http://127.0.0.1:1", "--query", "[]"])
        #expect(result.status == 64, "\(result.combined)")
        #expect(result.stderr.contains("Usage: ferrule acs devices"), "\(result.stderr)")
        #expect(result.stderr.contains("See 'ferrule acs devices --help'"), "\(result.stderr)")
        #expect(!result.stderr.contains("Usage: ferrule <subcommand>"), "\(result.stderr)")
    }

    // MARK: Finding 6: test --cases with a missing path

    @Test("test --cases with a path that does not exist exits 2 naming it, instead of passing 0 of 0 cases")
    func missingCases() async throws {
        let missing = Self.provisions + "/tests/gatways.yaml"
        let result = try await Self.run(["test", Self.provisions, "--cases", missing])
        #expect(result.status == 2, "\(result.combined)")
        #expect(result.combined.contains(missing), "\(result.combined)")
        #expect(result.combined.contains("no such file"), "\(result.combined)")
        #expect(!result.stdout.contains("0 of 0 case(s) passed"), "\(result.stdout)")
    }

    // MARK: Finding 8: events run --state-dir, as documented

    @Test("events run takes --state-dir as the documented form and --state as before (one option)")
    func eventsRunStateDir() async throws {
        let state = try Scratch.directory("events-state-dir").path
        // An unreadable password file stops it at once, after parsing: exit 2 proves the flag parsed.
        for flag in ["--state-dir", "--state"] {
            let result = try await Self.run([
                "events", "run", "--brokers", "127.0.0.1:9", flag, state, "--sasl-password-file", state + "/none",
            ])
            #expect(result.status == 2, "\(flag): \(result.combined)")
            #expect(!result.stderr.contains("Missing expected argument"), "\(flag): \(result.stderr)")
        }
        let both = try await Self.run([
            "events", "run", "--brokers", "127.0.0.1:9", "--state", state, "--state-dir", state + "/other",
        ])
        #expect(both.status == 64, "one option, so given twice: \(both.combined)")
        #expect(both.stderr.contains("--state is given twice"), "\(both.stderr)")
    }

    // MARK: Finding 10: onus --discovered with a missing SADIS file

    @Test("onus --discovered with a SADIS file that does not exist is an error (exit 1), before VOLTHA is asked")
    func discoveredMissingSadis() async throws {
        let missing = try Scratch.directory("sadis-missing").path + "/sadsi.json"
        let result = try await Self.run([
            "voltha", "onus", "--discovered", "--sadis", missing, "--voltha", "127.0.0.1:1", "--format", "csv",
        ])
        #expect(result.status == 1, "\(result.combined)")
        #expect(result.stderr.contains("no such SADIS file"), "\(result.stderr)")
        #expect(result.stderr.contains(missing), "\(result.stderr)")
        #expect(!result.stderr.contains("unreachable"), "the file is checked first: \(result.stderr)")
    }

    // MARK: Finding 11: advice that names a limit the user can change

    @Test("an events replay record over 1 MiB says the cap is fixed, not to raise FERRULE_MAX_INPUT_BYTES")
    func replayRecordAdvice() async throws {
        let line = #"{"header":{"id":""# + String(repeating: "A", count: 2 << 20) + "\"}}\n"
        let file = try Scratch.file("big.jsonl", Array(line.utf8))
        let result = try await Self.run(
            ["events", "replay", file],
            environment: ["FERRULE_MAX_INPUT_BYTES": "1000000000"]
        )
        #expect(result.stderr.contains("1 MiB, fixed"), "\(result.stderr)")
        #expect(!result.stderr.contains("raise FERRULE_MAX_INPUT_BYTES"), "\(result.stderr)")
    }

    @Test("a --sasl-password-file over its 64 KiB cap says the cap is fixed")
    func passwordFileAdvice() async throws {
        let file = try Scratch.file("long-password", Array(repeating: UInt8(ascii: "a"), count: 100_000))
        let state = try Scratch.directory("events-password").path
        let result = try await Self.run(
            ["events", "run", "--brokers", "127.0.0.1:9", "--state", state, "--sasl-password-file", file],
            environment: ["FERRULE_MAX_INPUT_BYTES": "1000000000"]
        )
        #expect(result.status == 2, "\(result.combined)")
        #expect(
            result.stderr.contains("over the limit of 65536 bytes for this file, which is fixed"),
            "\(result.stderr)"
        )
        #expect(!result.stderr.contains("to raise it"), "\(result.stderr)")
    }

    // MARK: Finding 13: an empty directory is a usage error for every checking command

    @Test(
        "a directory without input files is exit 64 for lint, test and compile, as for cwmp tree",
        arguments: [["lint", "--no-models"], ["test"], ["compile", "--out", "/nonexistent/out"], ["cwmp", "tree"]]
    )
    func emptyDirectory(command: [String]) async throws {
        let empty = try Scratch.directory("empty-input").path
        let result = try await Self.run(command + [empty])
        #expect(result.status == 64, "\(command): \(result.combined)")
        #expect(result.stderr.contains(empty), "\(command): names the directory: \(result.stderr)")
        #expect(result.stderr.contains("Usage: ferrule \(command[0])"), "\(command): \(result.stderr)")
    }
}

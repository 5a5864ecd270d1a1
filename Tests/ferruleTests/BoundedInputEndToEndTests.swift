import FerruleTestSupport
import Foundation
import Testing

/// End to end: no command reads an input without a cap or blocks on one (issue 13, item 2).
@Suite("Bounded input (end to end): /dev/zero, FIFOs, oversized files and standard input")
struct BoundedInputEndToEndTests {
    /// Runs `ferrule` with extra environment and, optionally, standard input from a file. A command
    /// that blocks or reads without end is killed after 60 s, and its status is then SIGKILL's, so
    /// the status expectations fail (wall-clock bounds failed on a loaded machine).
    static func run(
        _ arguments: [String],
        environment extra: [String: String] = [:],
        stdin: String? = nil
    ) async throws -> (output: FerruleRunner.Output, killed: Bool) {
        let output = try await ProcessRunner(
            FerruleRunner.executable,
            arguments,
            input: stdin.map(ProcessInput.file) ?? .none,
            environment: ProcessInfo.processInfo.environment.merging(extra) { $1 },
            timeout: .seconds(60)
        ).run()
        return (output, output.status == SIGKILL)
    }

    @Test(
        "/dev/zero is refused at once as not a regular file by every reading command",
        arguments: [
            ["cwmp", "parse", "/dev/zero"],
            ["validate", "/dev/zero"],
            ["lint", "--no-models", "/dev/zero"],
            ["cwmp", "tree", "/dev/zero"],
        ]
    )
    func devZero(arguments: [String]) async throws {
        let (output, killed) = try await Self.run(arguments)
        #expect(output.status == 2, "\(output)")
        #expect((output.stdout + output.stderr).contains("a character device, not a regular file"), "\(output)")
        #expect(!killed, "still reading after 60 s")
    }

    @Test("a FIFO without a writer is refused at once, not waited on")
    func fifo() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("body.xml").path
        #expect(mkfifo(path, 0o600) == 0)
        let (output, _) = try await Self.run(["cwmp", "parse", path])
        #expect(output.status == 2)
        #expect(output.stderr.contains("a FIFO (named pipe), not a regular file"), "\(output)")
    }

    @Test("a file over the cap names the limit and the variable that raises it; raising it reads the file")
    func oversized() async throws {
        let file = try FerruleRunner.fixtures("Fixtures/cwmp").first { $0.hasSuffix("cpe-inform-basic.xml") }
        let path = try #require(file)
        let (refused, _) = try await Self.run(["cwmp", "parse", path], environment: ["FERRULE_MAX_INPUT_BYTES": "100"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("over the limit of 100 bytes; set FERRULE_MAX_INPUT_BYTES"), "\(refused)")
        let (read, _) = try await Self.run(["cwmp", "parse", path], environment: ["FERRULE_MAX_INPUT_BYTES": "100000"])
        #expect(read.status == 0, "\(read)")
    }

    @Test("standard input (-) is read with the same cap: an endless stream stops at the limit")
    func standardInput() async throws {
        let (output, killed) = try await Self.run(
            ["cwmp", "parse", "-"],
            environment: ["FERRULE_MAX_INPUT_BYTES": "1000000"],
            stdin: "/dev/zero"
        )
        #expect(output.status == 2)
        #expect(output.stderr.contains("the input is over the limit of 1000000 bytes"), "\(output)")
        #expect(!killed, "still reading after 60 s")
        let inform = Repository.root.appendingPathComponent("Fixtures/cwmp/cpe-inform-basic.xml").path
        let (parsed, _) = try await Self.run(["cwmp", "parse", "-"], stdin: inform)
        #expect(parsed.status == 0, "\(parsed)")
        #expect(parsed.stdout.contains("Inform"))
    }

    /// Review 2, finding 5: the SADIS file, `--voltha-ca`, `--acs-ca` and the server's TLS files were
    /// opened directly: a FIFO blocked the command for ever, /dev/zero was read to 64 MiB.
    @Test(
        "the SADIS file, the CA bundles and the TLS files go through the bounded reader: a FIFO is refused at once",
        arguments: ["sadis-serve", "onus", "voltha-ca", "acs-ca", "tls"]
    )
    func fifoReaders(reader: String) async throws {
        let dir = try Scratch.directory("fifo-readers")
        let fifo = dir.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let arguments: [String]
        let status: Int32
        switch reader {
        case "sadis-serve":
            (arguments, status) = (["voltha", "sadis-serve", "--sadis", fifo, "--port", "0"], 1)
        case "onus":
            (arguments, status) = (["voltha", "onus", "--discovered", "--sadis", fifo, "--voltha", "127.0.0.1:1"], 1)
        case "voltha-ca":
            (arguments, status) = (["voltha", "devices", "--voltha", "127.0.0.1:1", "--voltha-ca", fifo], 1)
        case "acs-ca":
            (arguments, status) = (["acs", "devices", "--acs", "https://127.0.0.1:1", "--acs-ca", fifo], 2)
        default:
            let config = dir.appendingPathComponent("serve.yaml").path
            let yaml = "state: \(dir.path)/st\ntls: {certificate: \(fifo), key: \(fifo)}\n"
            try Data(yaml.utf8).write(to: URL(fileURLWithPath: config))
            (arguments, status) = (["serve", "--config", config, "--check-config"], 1)
        }
        let (output, killed) = try await Self.run(arguments)
        #expect(!killed, "\(reader): still blocked after 60 s")
        #expect(output.status == status, "\(reader): \(output)")
        #expect(output.stderr.contains("a FIFO (named pipe), not a regular file"), "\(reader): \(output)")
    }

    @Test("/dev/zero as the SADIS file is refused as a character device, not read to 64 MiB")
    func sadisDevZero() async throws {
        let (output, killed) = try await Self.run(["voltha", "sadis-serve", "--sadis", "/dev/zero", "--port", "0"])
        #expect(!killed)
        #expect(output.status == 1, "\(output)")
        #expect(output.stderr.contains("a character device, not a regular file"), "\(output)")
        #expect(!output.stderr.contains("larger than"), "\(output)")
    }
}

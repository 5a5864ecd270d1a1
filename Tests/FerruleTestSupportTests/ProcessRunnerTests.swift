import FerruleTestSupport
import Foundation
import Testing

@Suite("ProcessRunner: exit status, output, standard input, environment and the timeout")
struct ProcessRunnerTests {
    static let shell = URL(fileURLWithPath: "/bin/sh")

    @Test("status, standard output and standard error come back separately")
    func capturesOutput() throws {
        let output = try ProcessRunner(Self.shell, ["-c", "echo out; echo err >&2; exit 3"]).run()
        #expect(output.status == 3)
        #expect(output.stdout == "out\n")
        #expect(output.stderr == "err\n")
    }

    @Test("standard input is the bytes given, or /dev/null by default")
    func standardInput() async throws {
        let echoed = try ProcessRunner(Self.shell, ["-c", "cat"], input: .data(Data("a\nb".utf8))).run()
        #expect(echoed.stdout == "a\nb")
        let empty = try await ProcessRunner(Self.shell, ["-c", "cat"]).execute()
        #expect(empty.status == 0)
        #expect(empty.stdout.isEmpty)
    }

    @Test("the environment given replaces the test's own")
    func environment() throws {
        let output = try ProcessRunner(
            Self.shell,
            ["-c", "echo \"$ONLY-$HOME\""],
            environment: ["ONLY": "this"]
        ).run()
        #expect(output.stdout == "this-\n")
    }

    @Test("a child that outlives the timeout is killed, blocking or not")
    func timeout() async throws {
        let start = ContinuousClock.now
        let blocking = try ProcessRunner(Self.shell, ["-c", "exec sleep 60"], timeout: .milliseconds(200)).run()
        let suspending = try await ProcessRunner(
            Self.shell,
            ["-c", "exec sleep 60"],
            timeout: .milliseconds(200)
        ).execute()
        #expect(blocking.status == SIGKILL)
        #expect(suspending.status == SIGKILL)
        #expect(ContinuousClock.now - start < .seconds(30))
    }
}

@Suite("ServerProcess: a child that prints its address on its first line")
struct ServerProcessTests {
    static let shell = URL(fileURLWithPath: "/bin/sh")

    @Test("the first line, without its prefix, is the address; later output does not block the child")
    func address() async throws {
        let server = try await ServerProcess.start(
            Self.shell,
            ["-c", "echo 'listening on http://127.0.0.1:1'; yes | head -c 1000000; exec sleep 60"],
            addressPrefix: "listening on "
        )
        #expect(server.firstLine == "http://127.0.0.1:1")
        server.forceStop()
        #expect(kill(server.processIdentifier, 0) != 0, "the child has ended")
    }

    @Test("a child that exits before its first line, or prints another, is reported with its stderr")
    func failures() async throws {
        await #expect(throws: ServerProcessError.self) {
            try await ServerProcess.start(
                Self.shell,
                ["-c", "echo cannot bind >&2; exit 1"],
                addressPrefix: "listening on "
            )
        }
        let error = await #expect(throws: ServerProcessError.self) {
            try await ServerProcess.start(
                Self.shell,
                ["-c", "echo usage; exec sleep 60"],
                addressPrefix: "listening on "
            )
        }
        #expect(error?.description.contains("unexpected first line \"usage\"") == true)
    }

    @Test("a child silent past the startup timeout is killed and reported")
    func startupTimeout() async throws {
        let error = await #expect(throws: ServerProcessError.self) {
            try await ServerProcess.start(Self.shell, ["-c", "exec sleep 60"], startupTimeout: .milliseconds(200))
        }
        #expect(error?.description.contains("did not start") == true)
    }
}

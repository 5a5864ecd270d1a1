import FerruleTestSupport
import Foundation
import Testing

@Suite("ProcessRunner: exit status, output, standard input, environment and the timeout")
struct ProcessRunnerTests {
    static let shell = URL(fileURLWithPath: "/bin/sh")

    @Test("status, standard output and standard error come back separately")
    func capturesOutput() async throws {
        let output = try await ProcessRunner(Self.shell, ["-c", "echo out; echo err >&2; exit 3"]).run()
        #expect(output.status == 3)
        #expect(output.stdout == "out\n")
        #expect(output.stderr == "err\n")
    }

    @Test("standard input is the bytes given, or /dev/null by default")
    func standardInput() async throws {
        let echoed = try await ProcessRunner(Self.shell, ["-c", "cat"], input: .data(Data("a\nb".utf8))).run()
        #expect(echoed.stdout == "a\nb")
        let empty = try await ProcessRunner(Self.shell, ["-c", "cat"]).run()
        #expect(empty.status == 0)
        #expect(empty.stdout.isEmpty)
    }

    @Test("the environment given replaces the test's own")
    func environment() async throws {
        let output = try await ProcessRunner(
            Self.shell,
            ["-c", "echo \"$ONLY-$HOME\""],
            environment: ["ONLY": "this"]
        ).run()
        #expect(output.stdout == "this-\n")
    }

    @Test("a child that outlives the timeout is killed, blocking or not")
    func timeout() async throws {
        let blocking = try await ProcessRunner(Self.shell, ["-c", "exec sleep 60"], timeout: .milliseconds(200)).run()
        let suspending = try await ProcessRunner(
            Self.shell,
            ["-c", "exec sleep 60"],
            timeout: .milliseconds(200)
        ).run()
        #expect(blocking.status == SIGKILL)
        #expect(suspending.status == SIGKILL)  // sleep 60 would have ended 0
    }
}

@Suite("SpawnedProcess: how children start and end")
struct SpawnedProcessTests {
    @Test("a child gets no descriptor of the test process but 0, 1 and 2")
    func closesDescriptors() async throws {
        let path = try Scratch.directory().appendingPathComponent("open").path
        let fd = open(path, O_WRONLY | O_CREAT, 0o644)  // without O_CLOEXEC: inherited unless closed
        try #require(fd > 2)
        defer { close(fd) }
        let output = try await ProcessRunner(URL(fileURLWithPath: "/bin/sh"), ["-c", "ls /proc/$$/fd"]).run()
        #expect(output.stdout.split(separator: "\n").sorted() == ["0", "1", "2"], "\(output.stdout)")
    }

    @Test("SIGTERM reaches the child even though the test runner blocks it; the ending says so")
    func signalsArrive() async throws {
        let child = try SpawnedProcess(URL(fileURLWithPath: "/bin/sleep"), ["60"])
        #expect(child.isRunning)
        child.send(SIGTERM)
        #expect(await child.exit() == .init(status: SIGTERM, bySignal: true))
        #expect(!child.isRunning)
        child.send(SIGKILL)  // ended: nothing is sent to a process id that may be reused
    }

    @Test("lines of standard output arrive as written, then the end")
    func lines() async throws {
        let (stream, continuation) = AsyncStream.makeStream(of: String?.self)
        let child = try SpawnedProcess(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", "printf 'a\\nb\\nlast'; exit 4"],
            output: .lines { line in
                continuation.yield(line)
                if line == nil { continuation.finish() }
            }
        )
        var seen: [String?] = []
        for await line in stream { seen.append(line) }
        #expect(seen == ["a", "b", "last", nil])
        #expect(await child.exit() == .init(status: 4, bySignal: false))
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

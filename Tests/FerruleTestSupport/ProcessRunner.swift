public import Foundation

/// Runs an executable to completion: arguments, standard input, environment and working directory
/// in; exit status, standard output and standard error out.
///
/// Output goes to temporary files, so no pipe can fill up and block the child. A child that
/// outlives `timeout` is killed with SIGKILL (its status is then the signal's).
public struct ProcessRunner: Sendable {
    /// The program to run.
    public var executable: URL
    /// Its arguments.
    public var arguments: [String]
    /// What it reads on standard input.
    public var input: ProcessInput
    /// Its whole environment; `nil` inherits the test's.
    public var environment: [String: String]?
    /// Its working directory; `nil` is the repository root.
    public var directory: URL?
    /// How long it may run before it is killed.
    public var timeout: Duration

    /// A run of `executable` with `arguments`.
    public init(
        _ executable: URL,
        _ arguments: [String],
        input: ProcessInput = .none,
        environment: [String: String]? = nil,
        directory: URL? = nil,
        timeout: Duration = .seconds(180)
    ) {
        self.executable = executable
        self.arguments = arguments
        self.input = input
        self.environment = environment
        self.directory = directory
        self.timeout = timeout
    }

    /// Runs the child until it ends. No thread waits for it: a synchronous wait on the cooperative
    /// pool's few threads starved other tests (a 200 ms timer fired a minute late).
    public func run() async throws -> ProcessOutput {
        let child = try ChildProcess(executable, arguments, input, environment, directory)
        defer { child.remove() }
        let process = try child.start()
        // The kill is a dispatch timer's, so it comes on time however busy the cooperative pool is.
        let watchdog = DispatchWorkItem { process.send(SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout.dispatchInterval, execute: watchdog)
        defer { watchdog.cancel() }
        return try child.output(await process.exit())
    }
}

extension Duration {
    /// The same span for `DispatchSemaphore.wait(timeout:)`, to the millisecond.
    var dispatchInterval: DispatchTimeInterval {
        let (seconds, attoseconds) = components
        return .milliseconds(Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}

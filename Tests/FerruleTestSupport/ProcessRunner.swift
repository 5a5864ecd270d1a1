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

    /// Runs the child and blocks this thread until it ends (for synchronous tests).
    public func run() throws -> ProcessOutput {
        let child = try ChildProcess(executable, arguments, input, environment, directory)
        defer { child.remove() }
        let ended = DispatchSemaphore(value: 0)
        child.process.terminationHandler = { _ in ended.signal() }
        try ProcessLaunch.run(child.process)
        if ended.wait(timeout: .now() + timeout.dispatchInterval) == .timedOut {
            kill(child.process.processIdentifier, SIGKILL)
            ended.wait()
        }
        return try child.output()
    }

    /// Runs the child without blocking a thread of the cooperative pool.
    public func execute() async throws -> ProcessOutput {
        let child = try ChildProcess(executable, arguments, input, environment, directory)
        defer { child.remove() }
        let process = child.process
        let timeout = timeout
        var watchdog: Task<Void, Never>?
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do {
                try ProcessLaunch.run(process)
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            let pid = process.processIdentifier
            watchdog = Task {
                try? await Task.sleep(for: timeout)
                if !Task.isCancelled { kill(pid, SIGKILL) }
            }
        }
        watchdog?.cancel()
        return try child.output()
    }
}

extension Duration {
    /// The same span for `DispatchSemaphore.wait(timeout:)`, to the millisecond.
    var dispatchInterval: DispatchTimeInterval {
        let (seconds, attoseconds) = components
        return .milliseconds(Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}

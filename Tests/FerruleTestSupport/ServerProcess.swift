public import Foundation
import Synchronization

/// A child that prints its address (or another ready line) on its first line of standard output (the
/// `genieacs-standin`'s `listening on http://127.0.0.1:<port>`, or a Python stand-in's address).
///
/// ``start(_:_:addressPrefix:environment:directory:startupTimeout:)`` returns once that line has
/// come, with nothing polled: the line is read as the child writes it. Later output is read and
/// dropped, so the child never blocks on a full pipe. ``stop()`` sends the stop signal (SIGTERM
/// unless another was given); `deinit` stops it too. The one launcher for servers in tests: the
/// Python stand-ins start through it too (``PythonStandIn``).
public final class ServerProcess: Sendable {
    /// The first line of standard output with `addressPrefix` removed (the address, for a server).
    public let firstLine: String
    /// The child's process id.
    public let processIdentifier: Int32
    private let process: SpawnedProcess
    private let stopSignal: Int32
    private let stopped = Mutex(false)

    private init(firstLine: String, process: SpawnedProcess, stopSignal: Int32) {
        self.firstLine = firstLine
        self.process = process
        self.stopSignal = stopSignal
        self.processIdentifier = process.processIdentifier
    }

    deinit { stop() }

    /// Starts `executable` and waits for its first line, which must begin with `addressPrefix`.
    /// - Parameters:
    ///   - environment: the child's whole environment; `nil` inherits the test's.
    ///   - startupTimeout: how long the first line may take before the child is killed.
    ///   - stopSignal: what ``stop()`` sends: SIGTERM for children that shut down cleanly on it,
    ///     SIGKILL for those whose shutdown the test does not need.
    public static func start(
        _ executable: URL,
        _ arguments: [String],
        addressPrefix: String = "",
        environment: [String: String]? = nil,
        directory: URL? = nil,
        startupTimeout: Duration = .seconds(60),
        stopSignal: Int32 = SIGTERM
    ) async throws -> ServerProcess {
        let errURL = try Scratch.directory().appendingPathComponent("stderr")
        defer { try? FileManager.default.removeItem(at: errURL.deletingLastPathComponent()) }
        let firstLine = FirstLine()
        // Later lines are read and dropped, so the child never blocks on a full pipe.
        let process = try SpawnedProcess(
            executable,
            arguments,
            environment: environment,
            directory: directory,
            output: .lines { line in firstLine.finish(line) },
            error: .file(errURL.path)
        )
        let watchdog = DispatchWorkItem { if firstLine.finish(nil) { process.send(SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + startupTimeout.dispatchInterval, execute: watchdog)
        let line = await firstLine.value()
        watchdog.cancel()
        guard let line, line.hasPrefix(addressPrefix) else {
            process.send(SIGKILL)
            process.waitForExit(timeout: .seconds(10))
            let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
            let name = executable.lastPathComponent
            let what = line.map { "unexpected first line \"\($0)\"" } ?? "did not start"
            throw ServerProcessError(
                description: "\(name) \(arguments.joined(separator: " ")): \(what): \(stderr)"
            )
        }
        return ServerProcess(
            firstLine: String(line.dropFirst(addressPrefix.count)),
            process: process,
            stopSignal: stopSignal
        )
    }

    /// Sends the stop signal once (SIGTERM by default: the Swift stand-in shuts down cleanly and exits 0).
    public func stop() { send(stopSignal) }

    /// Sends SIGKILL once and waits for the child to end (for children that would linger).
    public func forceStop() {
        send(SIGKILL)
        process.waitForExit()
    }

    private func send(_ number: Int32) {
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        if first { process.send(number) }
    }
}

/// A server child that did not print its address.
public struct ServerProcessError: Error, CustomStringConvertible {
    /// What went wrong, with the child's standard error.
    public var description: String
}

/// The first line of a stream, delivered once to one waiter.
private final class FirstLine: Sendable {
    private struct State {
        var result: String??
        var waiter: CheckedContinuation<String?, Never>?
    }
    private let state = Mutex(State())

    /// Delivers `line` (nil: no line will come) unless a result was already delivered; true if this call did.
    @discardableResult
    func finish(_ line: String?) -> Bool {
        state.withLock { state in
            guard state.result == nil else { return false }
            state.result = .some(line)
            state.waiter?.resume(returning: line)
            state.waiter = nil
            return true
        }
    }

    /// Waits for the result.
    func value() async -> String? {
        await withCheckedContinuation { continuation in
            state.withLock { state in
                if let result = state.result {
                    continuation.resume(returning: result)
                } else {
                    state.waiter = continuation
                }
            }
        }
    }
}

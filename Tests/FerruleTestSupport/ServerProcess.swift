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
public final class ServerProcess: @unchecked Sendable {
    /// The first line of standard output with `addressPrefix` removed (the address, for a server).
    public let firstLine: String
    /// The child's process id.
    public let processIdentifier: Int32
    private let process: Process
    private let stopSignal: Int32
    private let stopped = Mutex(false)

    private init(firstLine: String, process: Process, stopSignal: Int32) {
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
    ///     SIGKILL for those that keep the test process's blocked signal mask (Foundation's
    ///     `Process` does not reset it, and Python honours it) and would never see a SIGTERM.
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
        try Data().write(to: errURL)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? Repository.root
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: errURL)

        let firstLine = FirstLine()
        // A thread of its own reads the pipe with blocking reads until end of file: no dispatch
        // source (FileHandle.readabilityHandler), whose teardown after end of file has crashed
        // libdispatch's event loop in test runs with many children.
        let reader = stdout.fileHandleForReading
        let thread = Thread {
            while true {
                let data = reader.availableData
                firstLine.receive(data)
                if data.isEmpty { break }
            }
        }
        thread.name = "server-output"
        process.terminationHandler = { _ in firstLine.finish(nil) }
        try ProcessLaunch.run(process)
        let pid = process.processIdentifier
        thread.start()
        let watchdog = Task {
            try? await Task.sleep(for: startupTimeout)
            if !Task.isCancelled, firstLine.finish(nil) { kill(pid, SIGKILL) }
        }
        let line = await firstLine.value()
        watchdog.cancel()
        guard let line, line.hasPrefix(addressPrefix) else {
            if process.isRunning { process.terminate() }
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
        ProcessLaunch.waitForExit(process)
    }

    private func send(_ number: Int32) {
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        if first, process.isRunning { kill(processIdentifier, number) }
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
        var buffer: [UInt8] = []
        var result: String??
        var waiter: CheckedContinuation<String?, Never>?
    }
    private let state = Mutex(State())

    /// Adds bytes read; an empty chunk is end of file.
    func receive(_ data: Data) {
        guard !data.isEmpty else {
            finish(nil)
            return
        }
        let line: String? = state.withLock { state in
            guard state.result == nil else { return nil }
            state.buffer += data
            guard let newline = state.buffer.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
            return String(decoding: state.buffer[..<newline], as: UTF8.self)
        }
        if let line { finish(line) }
    }

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

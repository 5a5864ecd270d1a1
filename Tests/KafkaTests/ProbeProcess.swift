import FerruleTestSupport
import Foundation
import Synchronization

/// `kafka-probe` running as a child with librdkafka 2.16 (``KafkaBroker/environment``), its
/// standard output collected line by line as it is written: tests wait for a line (with a
/// deadline), never for time to pass.
final class ProbeProcess: Sendable {
    private struct Lines {
        var all: [String] = []
        var ended = false
        var waiters: [Waiter] = []
        var nextID = 0

        /// What `waiter` is resolved with now: `.some(line)`, `.some(nil)` (the end, or no such
        /// line before it), or `nil` (keep waiting).
        func resolution(_ waiter: Waiter) -> String?? {
            guard let match = waiter.match else { return ended ? .some(nil) : nil }
            if waiter.from < all.count, let line = all[waiter.from...].first(where: match) { return .some(line) }
            return ended ? .some(nil) : nil
        }
    }

    private struct Waiter {
        let id: Int
        let from: Int
        /// nil: wait for the end of the output.
        let match: (@Sendable (String) -> Bool)?
        let continuation: CheckedContinuation<String?, Never>
    }

    /// The collected output, shared with the pipe's reader.
    private final class Buffer: Sendable {
        let lines = Mutex(Lines())
    }

    private let buffer = Buffer()
    private let process: SpawnedProcess
    private let errURL: URL

    /// Starts the built `executable` (`kafka-probe`, or `ferrule`) with `arguments`.
    init(_ arguments: [String], executable: String = "kafka-probe") throws {
        errURL = try Scratch.directory(executable).appendingPathComponent("stderr")
        try Data().write(to: errURL)
        let buffer = buffer
        process = try SpawnedProcess(
            Repository.executable(executable),
            arguments,
            environment: KafkaBroker.environment,
            output: .lines { line in Self.receive(line, into: buffer) },
            error: .file(errURL.path)
        )
    }

    deinit { process.send(SIGKILL) }

    /// Every complete line so far.
    var output: [String] { buffer.lines.withLock { $0.all } }

    /// What the child wrote on standard error.
    var standardError: String { (try? String(contentsOf: errURL, encoding: .utf8)) ?? "" }

    /// The first line at index `from` or later (already written or still to come) matching
    /// `match`; fails after `timeout` or when the output ends without one.
    @discardableResult
    func line(
        within timeout: Duration = .seconds(180),
        from: Int = 0,
        _ what: String,
        where match: @escaping @Sendable (String) -> Bool
    ) async throws -> String {
        guard let found = await wait(for: match, from: from, timeout: timeout) else {
            throw ProbeError(
                "no \(what) from kafka-probe within \(timeout); output:\n"
                    + output.suffix(20).joined(separator: "\n") + "\nstderr:\n" + standardError.suffix(2000)
            )
        }
        return found
    }

    /// Sends SIGKILL and waits for the output to end.
    func kill() async {
        process.send(SIGKILL)
        _ = await wait(for: nil, from: 0, timeout: .seconds(60))
    }

    /// Waits until the output ends (the child exited), at most `timeout`.
    func waitForEnd(within timeout: Duration = .seconds(180)) async throws {
        let before = buffer.lines.withLock { $0.ended }
        if before { return }
        _ = await wait(for: nil, from: 0, timeout: timeout)
        guard buffer.lines.withLock({ $0.ended }) else {
            throw ProbeError(
                "kafka-probe did not exit within \(timeout); output:\n" + output.suffix(20).joined(separator: "\n")
            )
        }
    }

    private func wait(for match: (@Sendable (String) -> Bool)?, from: Int, timeout: Duration) async -> String? {
        let id = buffer.lines.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        let buffer = buffer
        let watchdog = Task {
            try? await Task.sleep(for: timeout)
            guard !Task.isCancelled else { return }
            let waiter = buffer.lines.withLock { state in
                state.waiters.firstIndex { $0.id == id }.map { state.waiters.remove(at: $0) }
            }
            waiter?.continuation.resume(returning: nil)
        }
        defer { watchdog.cancel() }
        return await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
            let waiter = Waiter(id: id, from: from, match: match, continuation: continuation)
            let immediate: String?? = buffer.lines.withLock { state in
                if let resolved = state.resolution(waiter) { return resolved }
                state.waiters.append(waiter)
                return nil
            }
            if let immediate { continuation.resume(returning: immediate) }
        }
    }

    /// Sends SIGTERM (the probe closes the consumer, prints `closed` and exits 0).
    func terminate() { process.send(SIGTERM) }

    /// The child's process id.
    var processIdentifier: pid_t { process.processIdentifier }

    /// Sends SIGTERM and waits (at most `timeout`) for how the child ended; nil when it still runs.
    func terminateAndWait(within timeout: Duration = .seconds(60)) async -> SpawnedProcess.Termination? {
        process.send(SIGTERM)
        return await process.exit(timeout: timeout)
    }

    /// A line of output, or nil at its end.
    private static func receive(_ line: String?, into buffer: Buffer) {
        let ready = buffer.lines.withLock { state -> [(CheckedContinuation<String?, Never>, String?)] in
            if let line { state.all.append(line) } else { state.ended = true }
            var ready: [(CheckedContinuation<String?, Never>, String?)] = []
            var waiting: [Waiter] = []
            for waiter in state.waiters {
                if let resolved = state.resolution(waiter) {
                    ready.append((waiter.continuation, resolved))
                } else {
                    waiting.append(waiter)
                }
            }
            state.waiters = waiting
            return ready
        }
        for (continuation, line) in ready { continuation.resume(returning: line) }
    }
}

/// A probe did not print what a test waited for.
struct ProbeError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

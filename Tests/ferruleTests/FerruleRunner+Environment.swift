import Foundation

extension FerruleRunner {
    /// Runs the built `ferrule` as an operator would, without blocking a test thread.
    ///
    /// Standard input is `/dev/null` (not a terminal, as in CI or cron). The child sees the test
    /// process's environment without any `FERRULE_*` variable, plus `environment`, so a developer's
    /// own `FERRULE_ACS_URL` or `FERRULE_SECRET_*` cannot leak into a test. A run that outlives
    /// `timeout` is killed (its status is then the signal's).
    static func execute(
        _ arguments: [String],
        environment: [String: String] = [:],
        timeout: Duration = .seconds(180)
    ) async throws -> Output {
        try await launch(executable, arguments, environment: environment, timeout: timeout)
    }

    /// The environment children get: the test's own without `FERRULE_*`, plus `extra`.
    static func childEnvironment(_ extra: [String: String]) -> [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FERRULE_") }.merging(extra) { $1 }
    }

    /// Runs `executable` to completion with its output in temporary files (no pipe can fill up).
    static func launch(
        _ executable: URL,
        _ arguments: [String],
        environment: [String: String],
        timeout: Duration
    ) async throws -> Output {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        try Data().write(to: outURL)
        try Data().write(to: errURL)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        defer {
            try? out.close()
            try? err.close()
        }

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = root
        process.environment = childEnvironment(environment)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        var watchdog: Task<Void, Never>?
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do {
                try process.run()
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
        return Output(
            status: process.terminationStatus,
            stdout: try String(contentsOf: outURL, encoding: .utf8),
            stderr: try String(contentsOf: errURL, encoding: .utf8)
        )
    }

    /// A fresh directory under the system temporary directory.
    static func scratchDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ferrule-e2e-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Writes `files` (name → text) into a fresh directory and returns its path.
    static func temporaryDirectory(_ files: [String: String]) throws -> String {
        let directory = try scratchDirectory()
        for (name, text) in files {
            try Data(text.utf8).write(to: directory.appendingPathComponent(name))
        }
        return directory.path
    }
}

extension FerruleRunner.Output {
    /// Standard output and standard error together, for "appears nowhere" checks.
    var combined: String { stdout + "\n" + stderr }

    /// Standard error's non-empty lines.
    var stderrLines: [Substring] { stderr.split(separator: "\n") }

    /// Standard output parsed as JSON.
    func json() throws -> Any {
        try JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed])
    }

    /// Standard output parsed as a JSON array of objects (`--format json` listings).
    func jsonRows() throws -> [[String: Any]] {
        guard let rows = try json() as? [[String: Any]] else {
            throw E2EError("expected a JSON array of objects, got: \(stdout)")
        }
        return rows
    }

    /// Standard output parsed as a JSON object (`plan --format json`).
    func jsonObject() throws -> [String: Any] {
        guard let object = try json() as? [String: Any] else {
            throw E2EError("expected a JSON object, got: \(stdout)")
        }
        return object
    }

    /// Standard output as CSV rows without the header (the listings never quote in these tests).
    var csvRows: [[String]] {
        stdout.split(separator: "\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }
}

/// A failure in the end-to-end harness itself.
struct E2EError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

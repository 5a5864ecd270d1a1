public import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A server a test starts as a child process on a free loopback port: one of the Python stand-ins
/// under `Tools/` (`voltha-standin`, `onos-standin`, from the `.venv-tools/` that
/// `Tools/setup-python-tools.sh` creates; CI runs it), or `ferrule voltha sadis-serve`. Its first
/// stdout line is `listening on ADDRESS`. Stopped by ``stop()`` or when released.
// @unchecked: `Process` is not Sendable; it is only touched once, in stop(), guarded by `stopped`.
public final class ChildService: @unchecked Sendable {
    /// What the first stdout line names after `listening on `: `127.0.0.1:PORT` or
    /// `http://127.0.0.1:PORT`.
    public let address: String
    private let process: Process
    private let directory: URL
    private let stopped = Mutex(false)

    private init(address: String, process: Process, directory: URL) {
        self.address = address
        self.process = process
        self.directory = directory
    }

    deinit { stop() }

    /// The repository root.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The venv's Python.
    public static var python: String { root.appendingPathComponent(".venv-tools/bin/python").path }

    /// Whether the venv exists (it does in CI; locally run `Tools/setup-python-tools.sh`).
    public static var available: Bool { FileManager.default.isExecutableFile(atPath: python) }

    /// `voltha-standin` with `scenario` (YAML or JSON text), if given.
    public static func voltha(scenario: String? = nil) async throws -> ChildService {
        try await start("Tools/voltha-standin/voltha_standin.py", files: scenario.map { ["--scenario": $0] } ?? [:])
    }

    /// `onos-standin`, with its view of devices read from `voltha` and SADIS lookups sent to
    /// `sadisURL` (`…/subscribers/%s`) and `bandwidthProfileURL`.
    public static func onos(voltha: String?, sadisURL: String?, bandwidthProfileURL: String?) async throws
        -> ChildService
    {
        var arguments: [String] = []
        if let voltha { arguments += ["--voltha", voltha] }
        if let sadisURL { arguments += ["--sadis-url", sadisURL] }
        if let bandwidthProfileURL { arguments += ["--bp-url", bandwidthProfileURL] }
        return try await start("Tools/onos-standin/onos_standin.py", arguments: arguments)
    }

    /// Starts `script --port 0 arguments…` and waits (up to 60 s on a loaded machine) for its
    /// `listening on …` line. `files` are written to the scratch directory and passed as `flag path`.
    public static func start(
        _ script: String,
        arguments: [String] = [],
        files: [String: String] = [:]
    ) async throws -> ChildService {
        guard available else {
            throw StandInError("\(python) is missing: run Tools/setup-python-tools.sh (CI does)")
        }
        return try await launch(
            python,
            [root.appendingPathComponent(script).path, "--port", "0"] + arguments,
            files: files
        )
    }

    /// Starts `executable arguments…` and waits for its `listening on …` line.
    public static func launch(
        _ executable: String,
        _ arguments: [String],
        files: [String: String] = [:]
    ) async throws -> ChildService {
        let script = URL(fileURLWithPath: executable).lastPathComponent
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("standin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var all = arguments
        for (flag, text) in files.sorted(by: { $0.key < $1.key }) {
            let file = directory.appendingPathComponent(flag.trimmingCharacters(in: ["-"]) + ".yaml")
            try Data(text.utf8).write(to: file)
            all += [flag, file.path]
        }
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        try Data().write(to: outURL)
        try Data().write(to: errURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = all
        process.currentDirectoryURL = root
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FERRULE_") }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            let text = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
            if let newline = text.firstIndex(of: "\n") {
                let line = text[..<newline]
                guard line.hasPrefix("listening on ") else {
                    kill(process.processIdentifier, SIGKILL)
                    throw StandInError("\(script): unexpected first line \"\(line)\"")
                }
                return ChildService(
                    address: String(line.dropFirst("listening on ".count)),
                    process: process,
                    directory: directory
                )
            }
            if !process.isRunning || ContinuousClock.now >= deadline {
                kill(process.processIdentifier, SIGKILL)
                let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
                throw StandInError("\(script) did not start: \(stderr)")
            }
            // Polls the child's output file for its first line (no readiness pipe to wait on).
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Kills the child and removes the scratch directory. SIGKILL, not SIGTERM: children of the
    /// test process inherit its blocked signal mask (Foundation's `Process` does not reset it), so
    /// SIGTERM would never arrive; the servers keep no state worth a clean shutdown.
    public func stop() {
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A stand-in failed to start.
public struct StandInError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

import FerruleTestSupport
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
        try await ProcessRunner(
            executable,
            arguments,
            environment: childEnvironment(environment),
            timeout: timeout
        ).run()
    }

    /// The environment children get: the test's own without `FERRULE_*`, plus `extra`.
    static func childEnvironment(_ extra: [String: String]) -> [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FERRULE_") }.merging(extra) { $1 }
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

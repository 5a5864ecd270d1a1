import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The Python stand-ins under `Tools/` (`voltha-standin`, `onos-standin`), run from the
/// `.venv-tools/` that `Tools/setup-python-tools.sh` creates (CI runs it) as ``ServerProcess``
/// children on a free loopback port. Their first line is `listening on ADDRESS`; the
/// ``ServerProcess/firstLine`` is the address (`127.0.0.1:PORT` or `http://127.0.0.1:PORT`).
/// They keep no state worth a clean shutdown and stop with SIGKILL.
public enum PythonStandIn {
    /// The venv's Python.
    public static var python: String { Repository.url(".venv-tools/bin/python").path }

    /// Whether the venv exists (it does in CI; locally run `Tools/setup-python-tools.sh`).
    public static var available: Bool { FileManager.default.isExecutableFile(atPath: python) }

    /// The environment children get: the test's, without `FERRULE_*` variables.
    public static var childEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FERRULE_") }
    }

    /// `voltha-standin` with `scenario` (YAML or JSON text), if given.
    public static func voltha(scenario: String? = nil) async throws -> ServerProcess {
        try await start("Tools/voltha-standin/voltha_standin.py", files: scenario.map { ["--scenario": $0] } ?? [:])
    }

    /// `onos-standin`, with its view of devices read from `voltha` and SADIS lookups sent to
    /// `sadisURL` (`…/subscribers/%s`) and `bandwidthProfileURL`.
    public static func onos(voltha: String?, sadisURL: String?, bandwidthProfileURL: String?) async throws
        -> ServerProcess
    {
        var arguments: [String] = []
        if let voltha { arguments += ["--voltha", voltha] }
        if let sadisURL { arguments += ["--sadis-url", sadisURL] }
        if let bandwidthProfileURL { arguments += ["--bp-url", bandwidthProfileURL] }
        return try await start("Tools/onos-standin/onos_standin.py", arguments: arguments)
    }

    /// Starts `script --port 0 arguments…` and waits (up to 60 s on a loaded machine) for its
    /// `listening on …` line. `files` are written to a scratch directory and passed as `flag path`;
    /// the directory is removed once the child is listening (it has read them by then).
    public static func start(
        _ script: String,
        arguments: [String] = [],
        files: [String: String] = [:]
    ) async throws -> ServerProcess {
        guard available else {
            throw ServerProcessError(description: "\(python) is missing: run Tools/setup-python-tools.sh (CI does)")
        }
        let directory = try Scratch.directory("standin")
        defer { try? FileManager.default.removeItem(at: directory) }
        var all = [Repository.url(script).path, "--port", "0"] + arguments
        for (flag, text) in files.sorted(by: { $0.key < $1.key }) {
            let file = directory.appendingPathComponent(flag.trimmingCharacters(in: ["-"]) + ".yaml")
            try Data(text.utf8).write(to: file)
            all += [flag, file.path]
        }
        return try await ServerProcess.start(
            URL(fileURLWithPath: python),
            all,
            addressPrefix: "listening on ",
            environment: childEnvironment,
            stopSignal: SIGKILL
        )
    }
}

import FerruleTestSupport
import Foundation

/// Runs the built `ferrule` executable, as an operator would.
enum FerruleRunner {
    typealias Output = ProcessOutput

    /// The `ferrule` binary next to the test bundle (SwiftPM builds it because the test target depends on it).
    static var executable: URL { Repository.executable("ferrule") }

    /// Runs `ferrule` with the test's own environment until it ends (no thread of the
    /// cooperative pool waits for it: synchronous waits there starved other tests' timers).
    static func run(_ arguments: [String]) async throws -> Output {
        try await ProcessRunner(executable, arguments).run()
    }

    /// The files in `directory` (relative to the repository root) ending in `.ext`, as relative paths.
    static func fixtures(_ directory: String, _ ext: String = "xml") throws -> [String] {
        try Repository.files(in: directory, extension: ext).map { directory + "/" + $0 }
    }
}

public import Foundation

/// Runs Node.js (`node` on the PATH), as GenieACS would run the scripts Ferrule compiles.
public enum NodeRunner {
    /// Runs `node` with `arguments` and `input` on standard input, until it ends.
    public static func run(
        _ arguments: [String],
        input: Data? = nil,
        timeout: Duration = .seconds(180)
    ) async throws -> ProcessOutput {
        try await ProcessRunner(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["node"] + arguments,
            input: input.map(ProcessInput.data) ?? .none,
            timeout: timeout
        ).run()
    }
}

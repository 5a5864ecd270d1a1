import Foundation

/// A child whose standard output and error go to files in its own scratch directory.
struct ChildProcess {
    let directory: URL
    private let executable: URL
    private let arguments: [String]
    private let environment: [String: String]?
    private let workingDirectory: URL?
    private let input: SpawnedProcess.Input
    private let outURL: URL
    private let errURL: URL

    init(
        _ executable: URL,
        _ arguments: [String],
        _ input: ProcessInput,
        _ environment: [String: String]?,
        _ workingDirectory: URL?
    ) throws {
        directory = try Scratch.directory()
        outURL = directory.appendingPathComponent("stdout")
        errURL = directory.appendingPathComponent("stderr")
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        switch input {
        case .none:
            self.input = .null
        case .data(let data):
            let inURL = directory.appendingPathComponent("stdin")
            try data.write(to: inURL)
            self.input = .file(inURL.path)
        case .file(let path):
            self.input = .file(path)
        }
    }

    /// Starts the child.
    func start() throws -> SpawnedProcess {
        try SpawnedProcess(
            executable,
            arguments,
            environment: environment,
            directory: workingDirectory,
            input: input,
            output: .file(outURL.path),
            error: .file(errURL.path)
        )
    }

    /// What the ended child wrote.
    func output(_ termination: SpawnedProcess.Termination) throws -> ProcessOutput {
        ProcessOutput(
            status: termination.status,
            stdout: String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self),
            stderr: String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        )
    }

    /// Deletes the scratch directory.
    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}

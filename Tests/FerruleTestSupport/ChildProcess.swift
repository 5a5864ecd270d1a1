import Foundation

/// A configured `Process` whose standard output and error go to files in its own scratch directory.
struct ChildProcess {
    let process = Process()
    let directory: URL
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
        try Data().write(to: outURL)
        try Data().write(to: errURL)
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = workingDirectory ?? Repository.root
        if let environment { process.environment = environment }
        switch input {
        case .none:
            process.standardInput = FileHandle.nullDevice
        case .data(let data):
            let inURL = directory.appendingPathComponent("stdin")
            try data.write(to: inURL)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        case .file(let path):
            process.standardInput = FileHandle(forReadingAtPath: path)
        }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
    }

    /// What the ended child wrote.
    func output() throws -> ProcessOutput {
        ProcessOutput(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        )
    }

    /// Deletes the scratch directory.
    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}

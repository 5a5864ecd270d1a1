public import Foundation

/// How a finished child process ended and what it printed.
public struct ProcessOutput: Sendable {
    /// The exit status, or the signal's number when a signal ended it.
    public var status: Int32
    /// Everything the child wrote to standard output, decoded as UTF-8.
    public var stdout: String
    /// Everything the child wrote to standard error, decoded as UTF-8.
    public var stderr: String

    /// An output with the given parts.
    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }

    /// Standard output as bytes (for JSON parsers).
    public var stdoutData: Data { Data(stdout.utf8) }
}

/// What a child reads on standard input.
public enum ProcessInput: Sendable {
    /// `/dev/null` (not a terminal, as in CI or cron).
    case none
    /// These bytes, then end of file.
    case data(Data)
    /// The file at this path.
    case file(String)
}

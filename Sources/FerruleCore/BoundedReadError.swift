#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why ``BoundedFileReader`` refused a file: what, where, and what to do next.
public struct BoundedReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// No file at the path.
        case notFound
        /// The file exists but may not be read.
        case permissionDenied
        /// A directory, FIFO, device or socket (described), not a regular file.
        case notRegular(String)
        /// Larger than the cap; `size` is nil when the input had no known size (standard input).
        case tooLarge(size: Int?, limit: Int)
        /// Another operating-system error, described.
        case system(String)
    }

    /// The file as named on the command line (`<stdin>` for standard input).
    public var path: String
    public var kind: Kind
    /// Whether `FERRULE_MAX_INPUT_BYTES` sets the cap of a ``Kind/tooLarge(size:limit:)`` file; when
    /// false the reader's cap is fixed and the message says so instead of advising the variable.
    public var adjustable: Bool

    public init(path: String, kind: Kind, adjustable: Bool = true) {
        self.path = path
        self.kind = kind
        self.adjustable = adjustable
    }

    init(path: String, errno code: Int32) {
        self.path = path
        self.adjustable = true
        switch code {
        case ENOENT, ENOTDIR: kind = .notFound
        case EACCES, EPERM: kind = .permissionDenied
        default: kind = .system(String(cString: strerror(code)))
        }
    }

    /// A stable code: `unreadable` or `too-large`.
    public var code: String {
        if case .tooLarge = kind { return "too-large" }
        return "unreadable"
    }

    /// The reason alone, without the path.
    public var reason: String {
        switch kind {
        case .notFound: "no such file"
        case .permissionDenied: "permission denied"
        case .notRegular(let what): "\(what), not a regular file; only regular files (or - for standard input) are read"
        case .tooLarge(let size, let limit):
            (size.map { "the file is \($0) bytes, " } ?? "the input is ")
                + (adjustable
                    ? "over the limit of \(limit) bytes; set \(BoundedFileReader.limitVariable) to a larger byte "
                        + "count to raise it"
                    : "over the limit of \(limit) bytes for this file, which is fixed "
                        + "(\(BoundedFileReader.limitVariable) does not change it)")
        case .system(let message): message
        }
    }

    public var description: String { "\(path): error[\(code)]: cannot read the file: \(reason)" }
}

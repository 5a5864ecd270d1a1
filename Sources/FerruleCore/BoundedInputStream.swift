#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An input file, or standard input, read one chunk at a time: for inputs of any length (a replay
/// capture, `kcat … | ferrule events replay -`) that are parsed as they arrive, in constant memory.
///
/// Opening refuses what ``BoundedFileReader`` refuses (a directory, a device, a FIFO given by path),
/// with the same errors; there is no total size cap, so the parser must cap each record it builds.
public final class BoundedInputStream {
    /// The file as named (`<stdin>` for standard input).
    public let file: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8]

    /// Opens `path` (`-` for standard input).
    ///
    /// - Parameter chunkSize: the most bytes one ``read()`` returns.
    /// - Throws: ``BoundedReadError`` when the path is missing, unreadable or not a regular file.
    public init(path: String, chunkSize: Int = 1 << 16) throws(BoundedReadError) {
        if path == BoundedFileReader.standardInputPath {
            file = "<stdin>"
            descriptor = 0
            ownsDescriptor = false
        } else {
            file = path
            descriptor = try BoundedFileReader.openRegular(path).descriptor
            ownsDescriptor = true
        }
        buffer = [UInt8](repeating: 0, count: max(1, chunkSize))
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// The next chunk; empty at the end of the input.
    public func read() throws(BoundedReadError) -> [UInt8] {
        while true {
            let count = buffer.withUnsafeMutableBytes {
                BoundedFileReader.systemRead(descriptor, $0.baseAddress, $0.count)
            }
            if count >= 0 { return Array(buffer[0..<count]) }
            if errno == EINTR { continue }
            throw BoundedReadError(path: file, errno: errno)
        }
    }
}

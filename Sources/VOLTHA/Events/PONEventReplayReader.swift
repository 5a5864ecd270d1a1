public import FerruleCore
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams a replay file, or standard input, into ``PONEventReplayItem``s, one chunk at a time.
///
/// Like ``BoundedFileReader`` it refuses what is not a regular file (a directory, a device, a FIFO
/// given by path) before reading; unlike it, the whole input is never held: memory is one 64 KiB
/// chunk plus one record of at most `maxRecordBytes`, so a capture of any length (or an endless
/// `kcat … | ferrule events replay -`) replays in constant memory.
///
/// ```swift
/// let reader = try PONEventReplayReader(path: "capture.jsonl")
/// while let item = reader.next() { … }
/// ```
public final class PONEventReplayReader {
    /// The file as named (`<stdin>` for standard input).
    public let file: String
    /// The format read: given, or sniffed from the first bytes.
    public private(set) var format: PONEventReplayFormat
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var parser: PONEventReplayParser
    private var pending: [PONEventReplayItem] = []
    private var pendingIndex = 0
    private var buffer: [UInt8]
    private var ended = false

    /// The record cap in force: 1 MiB, or `FERRULE_MAX_INPUT_BYTES` when that is smaller.
    public static var defaultMaxRecordBytes: Int {
        min(PONEventDecoder.defaultMaxMessageBytes, BoundedFileReader.configuredLimit)
    }

    /// Opens `path` (`-` for standard input).
    ///
    /// - Parameters:
    ///   - format: the input's format; sniffed from the first bytes when nil.
    ///   - maxRecordBytes: the longest line or message accepted.
    /// - Throws: ``BoundedReadError`` when the path is missing, unreadable or not a regular file.
    public init(
        path: String,
        format: PONEventReplayFormat? = nil,
        maxRecordBytes: Int = PONEventReplayReader.defaultMaxRecordBytes
    ) throws(BoundedReadError) {
        if path == BoundedFileReader.standardInputPath {
            file = "<stdin>"
            descriptor = 0
            ownsDescriptor = false
        } else {
            file = path
            let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else { throw Self.error(path: path, errno: errno) }
            var info = stat()
            guard fstat(fd, &info) == 0 else {
                let code = errno
                close(fd)
                throw Self.error(path: path, errno: code)
            }
            guard info.st_mode & S_IFMT == S_IFREG else {
                close(fd)
                throw BoundedReadError(path: path, kind: .notRegular(Self.describe(info.st_mode & S_IFMT)))
            }
            let flags = fcntl(fd, F_GETFL)
            if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
            descriptor = fd
            ownsDescriptor = true
        }
        buffer = [UInt8](repeating: 0, count: 1 << 16)
        self.format = format ?? .jsonl
        parser = PONEventReplayParser(file: file, format: self.format, maxRecordBytes: maxRecordBytes)
        if format == nil {
            // Sniff from the first chunk, then feed that chunk to the parser of the right format.
            let first = try readChunk()
            self.format = PONEventReplayFormat.sniff(first)
            parser = PONEventReplayParser(file: file, format: self.format, maxRecordBytes: maxRecordBytes)
            if first.isEmpty {
                ended = true
                pending = parser.finish()
            } else {
                pending = parser.push(first[...])
            }
        }
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// The next event or failure; nil at the end of the input.
    ///
    /// A read error after opening ends the stream with a failure diagnostic.
    public func next() -> PONEventReplayItem? {
        while pendingIndex >= pending.count {
            if ended { return nil }
            pending = []
            pendingIndex = 0
            do {
                let chunk = try readChunk()
                if chunk.isEmpty {
                    ended = true
                    pending = parser.finish()
                } else {
                    pending = parser.push(chunk[...])
                }
            } catch {
                ended = true
                pending = [
                    .failure(
                        Diagnostic(.error, .unreadable, "cannot read: \(error.reason)", at: SourceLocation(file: file))
                    )
                ]
            }
        }
        defer { pendingIndex += 1 }
        return pending[pendingIndex]
    }

    private func readChunk() throws(BoundedReadError) -> [UInt8] {
        while true {
            let count = buffer.withUnsafeMutableBytes { Self.systemRead(descriptor, $0.baseAddress, $0.count) }
            if count >= 0 { return Array(buffer[0..<count]) }
            if errno == EINTR { continue }
            throw Self.error(path: file, errno: errno)
        }
    }

    private static func systemRead(_ fd: Int32, _ pointer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.read(fd, pointer, count)
        #else
        Darwin.read(fd, pointer, count)
        #endif
    }

    /// What a non-regular file is, in BoundedFileReader's words.
    private static func describe(_ kind: mode_t) -> String {
        switch kind {
        case S_IFDIR: "a directory"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "not a regular file"
        }
    }

    private static func error(path: String, errno code: Int32) -> BoundedReadError {
        switch code {
        case ENOENT, ENOTDIR: BoundedReadError(path: path, kind: .notFound)
        case EACCES, EPERM: BoundedReadError(path: path, kind: .permissionDenied)
        default: BoundedReadError(path: path, kind: .system(String(cString: strerror(code))))
        }
    }
}

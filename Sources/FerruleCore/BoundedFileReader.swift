#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads an input file, or standard input, whole, with a size cap, refusing what is not a file.
///
/// Every file Ferrule reads goes through this reader, so no input can grow memory without bound
/// or block: `/dev/zero`, a FIFO or a directory is refused at once (it is not a regular file), a
/// regular file over the cap is refused before a byte is read, and standard input is read up to
/// the cap and refused past it.
///
/// ```swift
/// let bytes = try BoundedFileReader.read("rules/acme.yaml")
/// ```
///
/// The cap is ``defaultLimit`` (64 MiB) unless `FERRULE_MAX_INPUT_BYTES` sets another; commands
/// that read bigger files on purpose (firmware images) pass their own `limit`.
public enum BoundedFileReader {
    /// The cap when neither the caller nor `FERRULE_MAX_INPUT_BYTES` gives one: 64 MiB.
    public static let defaultLimit = 64 << 20

    /// The environment variable that raises (or lowers) the cap for every input file.
    public static let limitVariable = "FERRULE_MAX_INPUT_BYTES"

    /// The path that stands for standard input.
    public static let standardInputPath = "-"

    /// The cap in force: `FERRULE_MAX_INPUT_BYTES` when it is a positive number, else ``defaultLimit``.
    public static var configuredLimit: Int {
        guard let text = getenv(limitVariable).map({ String(cString: $0) }), let value = Int(text), value > 0 else {
            return defaultLimit
        }
        return value
    }

    /// The bytes of the regular file at `path` (or of standard input when `path` is `-`).
    ///
    /// - Parameters:
    ///   - path: a file path, or `-` for standard input.
    ///   - limit: the largest size accepted, in bytes; ``configuredLimit`` when nil.
    ///   - adjustable: whether `FERRULE_MAX_INPUT_BYTES` moves `limit` (an error advises it only
    ///     then); by default, when `limit` is nil.
    /// - Throws: ``BoundedReadError`` naming the file, what is wrong, and the limit to raise.
    public static func read(
        _ path: String,
        limit: Int? = nil,
        adjustable: Bool? = nil
    ) throws(BoundedReadError) -> [UInt8] {
        let adjustable = adjustable ?? (limit == nil)
        let limit = limit ?? configuredLimit
        do throws(BoundedReadError) {
            if path == standardInputPath { return try readAll(descriptor: 0, path: "<stdin>", limit: limit) }
            let (fd, size) = try openRegular(path)
            defer { close(fd) }
            guard size <= limit else { throw BoundedReadError(path: path, kind: .tooLarge(size: size, limit: limit)) }
            return try readAll(descriptor: fd, path: path, limit: limit, sizeHint: size)
        } catch {
            var error = error
            error.adjustable = adjustable
            throw error
        }
    }

    /// Opens `path` for reading if it is a regular file: a blocking descriptor the caller closes, and
    /// the file's size. A FIFO, device or directory is refused without blocking (O_NONBLOCK on open).
    static func openRegular(_ path: String) throws(BoundedReadError) -> (descriptor: Int32, size: Int) {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw BoundedReadError(path: path, errno: errno) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw BoundedReadError(path: path, errno: code)
        }
        let kind = info.st_mode & S_IFMT
        guard kind == S_IFREG else {
            close(fd)
            throw BoundedReadError(path: path, kind: .notRegular(Self.describe(kind)))
        }
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        return (fd, Int(info.st_size))
    }

    /// Reads until end of file, failing as soon as more than `limit` bytes arrive (a file that
    /// grows while it is read, or standard input).
    private static func readAll(
        descriptor fd: Int32,
        path: String,
        limit: Int,
        sizeHint: Int = 0
    ) throws(BoundedReadError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(sizeHint, limit) + 1)
        let chunk = 1 << 16
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let count = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, chunk) }
            if count < 0 {
                if errno == EINTR { continue }
                throw BoundedReadError(path: path, errno: errno)
            }
            if count == 0 { return bytes }
            guard bytes.count + count <= limit else {
                throw BoundedReadError(path: path, kind: .tooLarge(size: nil, limit: limit))
            }
            bytes.append(contentsOf: buffer[0..<count])
        }
    }

    static func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.read(fd, buffer, count)
        #else
        Darwin.read(fd, buffer, count)
        #endif
    }

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
}

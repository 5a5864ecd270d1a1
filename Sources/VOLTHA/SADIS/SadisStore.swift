import FerruleCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The SADIS file on disk: read whole (capped), changed under an exclusive lock, replaced
/// atomically (write a temporary file, then rename), so a concurrent reader — the SADIS server —
/// sees the old or the new document, never half of one.
public struct SadisStore: Sendable {
    /// The file's path.
    public let path: String
    /// The largest file read, and written (64 MiB: about 150,000 subscribers).
    public static let maximumSize = 64 << 20

    /// A store for the file at `path` (which need not exist yet).
    public init(path: String) { self.path = path }

    /// The current document; an empty one when the file does not exist (`provision-onu` creates it).
    public func read() throws -> SadisDocument { try read(missingIsEmpty: true) }

    /// The current document of a file that must exist: what `sadis-serve` serves and what
    /// `onus --discovered` compares with (a mistyped path would make every ONU "discovered").
    public func readExisting() throws -> SadisDocument { try read(missingIsEmpty: false) }

    /// Through the one bounded reader (README.md "Limits on input"): a FIFO, a device or a
    /// directory is refused at once, a file over ``maximumSize`` before it is read.
    private func read(missingIsEmpty: Bool) throws -> SadisDocument {
        let bytes: [UInt8]
        do {
            bytes = try BoundedFileReader.read(path, limit: Self.maximumSize)
        } catch {
            if error.kind == .notFound {
                if missingIsEmpty { return SadisDocument() }
                throw failure(
                    "no such SADIS file. Check the path, or create the file (`ferrule voltha provision-onu` "
                        + "writes one; {\"sadis\": {\"entries\": []}, \"bandwidthprofile\": {\"entries\": []}} is an "
                        + "empty one)"
                )
            }
            throw failure("cannot read the file: \(error.reason)")
        }
        return try SadisDocument(bytes: bytes, file: path)
    }

    /// Changes the document under an exclusive lock (`<path>.lock`) and writes it back.
    ///
    /// One writer at a time: when another process holds the lock this refuses at once.
    /// - Returns: what `change` returned.
    public func update<T>(_ change: (inout SadisDocument) throws -> T) throws -> T {
        let lockPath = path + ".lock"
        let lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else { throw failure("cannot create \(lockPath): \(String(cString: strerror(errno)))") }
        defer { close(lock) }
        guard flock(lock, LOCK_EX | LOCK_NB) == 0 else {
            throw failure(
                "another ferrule is changing this file (lock \(lockPath) held); try again when it has finished"
            )
        }
        var document = try read()
        let result = try change(&document)
        let text = document.text
        // A file Ferrule could not read back would stop every later provision and `sadis-serve`
        // (the canonical text is indented, so it can be larger than a compact file it was read from).
        guard text.utf8.count <= Self.maximumSize else {
            throw failure(
                "the changed file would be \(text.utf8.count >> 20) MiB, over the \(Self.maximumSize >> 20) MiB "
                    + "Ferrule reads; nothing was written. Split the subscribers over several SADIS files (one "
                    + "per OLT or region, each with its own sadis-serve)"
            )
        }
        try write(text)
        return result
    }

    /// Writes `text` in place of the file: through a symbolic link to the file it names, with the
    /// old file's permissions (a `sadis-serve` running as another user keeps reading it).
    private func write(_ text: String) throws {
        var target = path
        if let resolved = realpath(path, nil) {
            target = String(cString: resolved)
            free(resolved)
        }
        var old = stat()
        let mode: mode_t? = stat(target, &old) == 0 ? old.st_mode & 0o7777 : nil
        let temporary = target + ".tmp.\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("cannot write \(temporary): \(String(cString: strerror(errno)))") }
        if let mode { fchmod(fd, mode) }
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeMutableBytes {
                Glibc.write(fd, $0.baseAddress.map { $0 + offset }, $0.count - offset)
            }
            if count <= 0 {
                close(fd)
                unlink(temporary)
                throw failure("cannot write: \(String(cString: strerror(errno)))")
            }
            offset += count
        }
        fsync(fd)
        close(fd)
        guard rename(temporary, target) == 0 else {
            unlink(temporary)
            throw failure("cannot replace: \(String(cString: strerror(errno)))")
        }
    }

    private func failure(_ message: String) -> VolthaError { VolthaError(.sadis, message, target: path) }
}

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

    /// The current document; an empty one when the file does not exist (a writer then creates it).
    public func read() throws -> SadisDocument { try read(missingIsEmpty: true) }

    /// The current document of a file that must exist: what `sadis-serve` serves, what
    /// `onus --discovered` compares with (a mistyped path would make every ONU "discovered"), and
    /// what provisioning reads (its bandwidth profiles must be in it).
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
                    "no such SADIS file. Check the path, or create the file with the bandwidth profiles ONOS "
                        + "needs: {\"sadis\": {\"entries\": []}, \"bandwidthprofile\": {\"entries\": [{\"id\": "
                        + "\"Default\", \"cir\": …}]}} (`ferrule voltha provision-onu` adds the subscribers)"
                )
            }
            throw failure("cannot read the file: \(error.reason)")
        }
        return try SadisDocument(bytes: bytes, file: path)
    }

    /// How long ``update(waitingUpTo:_:)`` waits by default for another writer's lock: a writer holds
    /// it only to read, change and write the file (milliseconds), so parallel provisioning queues up.
    public static let lockWait: Duration = .seconds(30)

    /// Changes the document under an exclusive lock (`<path>.lock`) and writes it back, waiting up to
    /// `limit` while another writer (another `provision-onu`, `deprovision-onu`, or `ferrule serve`)
    /// holds the lock.
    ///
    /// - Returns: what `change` returned.
    /// - Throws: ``VolthaError`` `sadis` when the lock is still held after `limit`, or the file cannot
    ///   be read or written; whatever `change` throws (nothing is written then).
    public func update<T>(
        waitingUpTo limit: Duration = SadisStore.lockWait,
        _ change: (inout SadisDocument) throws -> T
    ) async throws -> T {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while true {
            if let done = try attempt(change) { return done.value }
            guard clock.now < deadline else {
                throw failure(
                    "another ferrule has been changing this file for \(limit.components.seconds) s (lock "
                        + "\(path).lock held); nothing was changed. Try again when it has finished"
                )
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Changes the document under an exclusive lock (`<path>.lock`) and writes it back.
    ///
    /// One writer at a time: when another process holds the lock this refuses at once.
    /// - Returns: what `change` returned.
    public func update<T>(_ change: (inout SadisDocument) throws -> T) throws -> T {
        guard let done = try attempt(change) else {
            throw failure(
                "another ferrule is changing this file (lock \(path).lock held); try again when it has finished"
            )
        }
        return done.value
    }

    /// What a change returned (a box, so that a change returning an optional is told from a held lock).
    private struct Done<T> {
        var value: T
    }

    /// ``update(_:)``'s work; nil when another process holds the lock.
    private func attempt<T>(_ change: (inout SadisDocument) throws -> T) throws -> Done<T>? {
        let lockPath = path + ".lock"
        let lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else { throw failure("cannot create \(lockPath): \(String(cString: strerror(errno)))") }
        defer { close(lock) }
        guard flock(lock, LOCK_EX | LOCK_NB) == 0 else {
            if errno == EWOULDBLOCK || errno == EINTR { return nil }
            throw failure("cannot lock \(lockPath): \(String(cString: strerror(errno)))")
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
        return Done(value: result)
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

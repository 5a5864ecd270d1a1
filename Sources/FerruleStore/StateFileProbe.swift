import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The path given for a state database names something that is not one: a device (`/dev/zero`), a
/// directory, a FIFO, or a regular file that does not start with SQLite's 16-byte header (a text
/// file, a YAML file given by mistake). SQLite itself would report such a file as a disk I/O error
/// or write a fresh database over an empty one, so it is checked before SQLite opens it.
public struct NotAStateDatabaseError: Error, Sendable, Hashable {
    /// The path as given (a symbolic link is followed).
    public var path: String
    /// What the path is instead: `a character device`, `a directory`, `a file of 12 bytes that does
    /// not start with SQLite's header` …
    public var found: String

    /// The one wording every store uses after its `FILE: error[…]:` prefix: what the file is, what
    /// it is not, and what to do. `store` names the store (`event store`, `campaign store`).
    public func reason(store: String) -> String {
        "it is not a Ferrule \(store): the path is \(found), not an SQLite database. Nothing was read from it or "
            + "written to it; give the path of a Ferrule \(store) file (a missing file is created as a new, empty "
            + "store), or move this file aside if it should become one"
    }
}

/// Checks a state database path before SQLite opens it; reads at most 16 bytes, and only from a
/// regular file (never from a device or FIFO).
public enum StateFileProbe {
    /// The first 16 bytes of every SQLite 3 database file (https://www.sqlite.org/fileformat.html §1.3).
    static let header = Array("SQLite format 3\u{0}".utf8)

    /// Throws ``NotAStateDatabaseError`` when `path` exists and is not an SQLite database (or an
    /// empty file, which SQLite makes one). A missing path is fine: the store creates it.
    public static func check(_ path: String) throws(NotAStateDatabaseError) {
        var info = stat()
        // `stat` follows symbolic links: a link to /dev/zero is a character device.
        guard stat(path, &info) == 0 else { return }  // missing (or unreadable: SQLite says which)
        let kind = info.st_mode & S_IFMT
        guard kind == S_IFREG else {
            throw NotAStateDatabaseError(path: path, found: describe(kind))
        }
        guard info.st_size > 0 else { return }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return }  // permissions: SQLite's own error names them
        defer { close(fd) }
        // The file may have been swapped for a device since `stat`: check the open descriptor.
        var opened = stat()
        guard fstat(fd, &opened) == 0 else { return }
        guard opened.st_mode & S_IFMT == S_IFREG else {
            throw NotAStateDatabaseError(path: path, found: describe(opened.st_mode & S_IFMT))
        }
        var bytes = [UInt8](repeating: 0, count: header.count)
        var filled = 0
        while filled < bytes.count {
            let n = bytes.withUnsafeMutableBytes { buffer in
                read(fd, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
            }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            filled += n
        }
        guard filled == header.count, bytes == header else {
            let size = Int64(opened.st_size)
            throw NotAStateDatabaseError(
                path: path,
                found: "a file of \(size) byte\(size == 1 ? "" : "s") that does not start with SQLite's header"
                    + (looksLikeText(bytes[..<filled]) ? " (it looks like text)" : "")
            )
        }
    }

    private static func describe(_ kind: mode_t) -> String {
        switch kind {
        case S_IFDIR: "a directory"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFSOCK: "a socket"
        default: "not a regular file"
        }
    }

    private static func looksLikeText(_ bytes: ArraySlice<UInt8>) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || ($0 >= 0x20 && $0 != 0x7F) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which file a path names: its device and inode. Two opens of one path see the same identity
/// unless the file was deleted and recreated, or another file was renamed over it.
struct FileIdentity: Sendable, Hashable {
    let device: UInt64
    let inode: UInt64

    /// The identity of the file at `path`; nil when there is none (deleted) or it cannot be read.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}

extension CampaignStore {
    /// Checks that the database file is still the one this store opened.
    ///
    /// SQLite keeps writing to an open file after it was deleted or replaced, so a runner would
    /// carry on recording into a file nobody can read any more. The runner calls this every cycle.
    /// - Throws: ``CampaignStoreError`` (``CampaignStoreError/isFileGone``) when the file was
    ///   deleted or replaced.
    public func checkFile() throws {
        guard let identity else { return }
        guard let now = FileIdentity(path: path) else { throw CampaignStoreError.fileMissing(path: path) }
        guard now == identity else { throw CampaignStoreError.fileReplaced(path: path) }
    }
}

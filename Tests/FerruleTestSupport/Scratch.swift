public import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Fresh temporary directories and files for tests.
///
/// Every one lives under a single folder of this test process (`ferrule-scratch-<pid>-<random>` in the system's
/// temporary directory), which is removed when the process exits; folders left by a process that died
/// without exiting are removed by the next test process. A test run leaves nothing behind. Names are
/// short (`<prefix>-<n>`, numbered in the process) so paths stay readable in the messages tests check.
public enum Scratch {
    /// The folder of this process, created on first use.
    static let root: Result<URL, ScratchFailure> = makeRoot()

    static let rootPrefix = "ferrule-scratch-"

    /// The number of the last directory made.
    static let made = Atomic<Int>(0)

    /// A new, empty directory under this process's scratch folder.
    public static func directory(_ prefix: String = "ferrule-tests") throws -> URL {
        let number = made.add(1, ordering: .relaxed).newValue
        let directory = try root.get().appendingPathComponent("\(prefix)-\(number)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// The path of `name` in a new, empty directory (the file is not created).
    public static func path(_ name: String, prefix: String = "ferrule-tests") throws -> String {
        try directory(prefix).appendingPathComponent(name).path
    }

    /// Writes `files` (relative path → text) into a new directory, creating subfolders, and returns its path.
    public static func directory(_ files: [String: String], prefix: String = "ferrule-tests") throws -> String {
        let directory = try directory(prefix)
        try write(files, to: directory)
        return directory.path
    }

    /// Writes `files` (relative path → text) under `directory`, creating subfolders.
    public static func write(_ files: [String: String], to directory: URL) throws {
        for (name, text) in files {
            let url = directory.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try Data(text.utf8).write(to: url)
        }
    }

    /// Writes `content` to a file called `name` in a new directory and returns its path.
    public static func file(_ name: String, _ content: [UInt8]) throws -> String {
        let url = try directory().appendingPathComponent(name)
        try Data(content).write(to: url)
        return url.path
    }

    private static func makeRoot() -> Result<URL, ScratchFailure> {
        let system = FileManager.default.temporaryDirectory
        removeAbandoned(in: system)
        let root = system.appendingPathComponent(
            "\(rootPrefix)\(getpid())-\(UUID().uuidString.prefix(8))",
            isDirectory: true
        )
        do {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        } catch {
            return .failure(ScratchFailure(detail: "cannot create \(root.path): \(error)"))
        }
        atexit { Scratch.removeRoot() }
        return .success(root)
    }

    /// Removes this process's folder (registered with `atexit`).
    static func removeRoot() {
        if case .success(let url) = root { try? FileManager.default.removeItem(at: url) }
    }

    /// Removes the folders of test processes that no longer run (a crash or a kill skips `atexit`).
    static func removeAbandoned(in system: URL) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: system.path)) ?? []
        for name in names where name.hasPrefix(rootPrefix) {
            let pid = name.dropFirst(rootPrefix.count).prefix { $0 != "-" }
            guard let number = pid_t(pid), number > 0, kill(number, 0) == -1, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: system.appendingPathComponent(name))
        }
    }
}

/// The scratch folder could not be created.
public struct ScratchFailure: Error, CustomStringConvertible, Sendable {
    public let detail: String
    public var description: String { detail }
}

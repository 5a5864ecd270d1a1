public import Foundation

/// Fresh temporary directories and files for tests.
public enum Scratch {
    /// A new, empty directory under the system temporary directory.
    public static func directory(_ prefix: String = "ferrule-tests") throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
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
}

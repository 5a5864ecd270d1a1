public import Foundation

/// The repository the tests run from, and the built executables next to the test bundle.
public enum Repository {
    /// The repository root, found from this file's path (`Tests/FerruleTestSupport/Repository.swift`).
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The URL of `relative` under the root.
    public static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// The bytes of the file at `relative` under the root.
    public static func bytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: url(relative)))
    }

    /// The names of the files in `directory` (relative to the root) ending in `.ext`, sorted.
    public static func files(in directory: String, extension ext: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url(directory).path)
            .filter { $0.hasSuffix("." + ext) }
            .sorted()
    }

    /// The built executable `name` next to the test bundle (SwiftPM builds it when a test target
    /// depends on it).
    public static func executable(_ name: String) -> URL {
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent(name),
            Bundle.main.bundleURL.appendingPathComponent(name),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }
}

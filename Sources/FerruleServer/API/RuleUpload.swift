import FerruleCore
import Foundation
import Rules

/// An uploaded rule project, written to a private temporary directory for the rule engine
/// (which reads projects from disk, as `ferrule compile` does) and removed afterwards.
struct RuleUpload: Sendable {
    /// The most files and bytes one upload may carry.
    static let fileLimit = 2000
    static let byteLimit = 8 << 20

    let directory: URL

    /// Checks the paths and sizes and writes the files.
    /// - Throws: ``APIFailure`` 413 over the limits, 422 for an empty upload or a path that is
    ///   absolute, climbs out (`..`) or is not plain text.
    init(files: [String: String]) throws {
        guard !files.isEmpty else { throw APIFailure.invalid("Request validation failed: files is empty") }
        guard files.count <= Self.fileLimit else {
            throw APIFailure(status: 413, detail: "The upload has \(files.count) files; at most \(Self.fileLimit)")
        }
        let bytes = files.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
        guard bytes <= Self.byteLimit else {
            throw APIFailure(status: 413, detail: "The upload is \(bytes) bytes; at most \(Self.byteLimit) (8 MiB)")
        }
        for path in files.keys {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            guard !path.isEmpty, !path.hasPrefix("/"),
                !parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }),
                !path.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\\" })
            else {
                throw APIFailure.invalid(
                    "Request validation failed: file path \(DisplayText.value(path)) must be relative, without '..', "
                        + "'.', empty parts or control characters"
                )
            }
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ferrule-upload-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(
                at: directory,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
            for (path, text) in files {
                let url = directory.appendingPathComponent(path)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(),
                    withIntermediateDirectories: true
                )
                try Data(text.utf8).write(to: url)
            }
        } catch {
            remove()
            throw APIFailure(
                status: 500,
                detail: "Cannot store the upload: \(DisplayText.line(error.localizedDescription))"
            )
        }
    }

    /// The rule project over the upload.
    /// - Throws: ``APIFailure`` 422 for an environment that has no `vars/<env>` file.
    func project(environment: String?) throws -> RuleProject {
        do {
            return try RuleProject(roots: [directory.path], environment: environment)
        } catch {
            throw APIFailure.invalid("Request validation failed: \(DisplayText.line(error.description))")
        }
    }

    /// Paths in messages relative to the upload, as the client named them.
    func relative(_ path: String) -> String {
        let root = directory.path + "/"
        return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}

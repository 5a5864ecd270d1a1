import FerruleCore
import Foundation
import Rules

/// An uploaded rule project, written to a private temporary directory for the rule engine
/// (which reads projects from disk, as `ferrule compile` does) and removed afterwards.
struct RuleUpload: Sendable {
    /// The most files and bytes one upload may carry.
    static let fileLimit = 2000
    static let byteLimit = 8 << 20
    /// The most parts a path has, and the most characters (Unicode scalars, as the API document
    /// counts them) in a part: 63 of at most 4 bytes each fit Linux's 255-byte file names.
    static let depthLimit = 16
    static let partLimit = 63
    /// The system's limit on a whole path in bytes, the terminating NUL included (Linux's
    /// `PATH_MAX`, `linux/limits.h`): 16 parts of 63 four-byte characters are within the
    /// document's pattern but not within it, so such a path is refused before it is written.
    static let systemPathLimit = 4096

    let directory: URL

    /// Checks the paths and sizes and writes the files.
    /// - Throws: ``APIFailure`` 413 over the limits, 422 for an empty upload or a path that is
    ///   absolute, climbs out (`..`), is not plain text, is too long (also in bytes, for the
    ///   system's path limit) or lies inside another file.
    init(files: [String: String]) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ferrule-upload-\(UUID().uuidString)"
        )
        // Bytes left for a path under the upload folder: the limit less the folder, `/` and NUL.
        let pathBytes = Self.systemPathLimit - directory.path.utf8.count - 2
        guard !files.isEmpty else { throw APIFailure.invalid("Request validation failed: files is empty") }
        guard files.count <= Self.fileLimit else {
            throw APIFailure(status: 413, detail: "The upload has \(files.count) files; at most \(Self.fileLimit)")
        }
        let bytes = files.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
        guard bytes <= Self.byteLimit else {
            throw APIFailure(status: 413, detail: "The upload is \(bytes) bytes; at most \(Self.byteLimit) (8 MiB)")
        }
        for path in files.keys {
            // Split on the byte, as the file system does (a combining mark after `/` is still a separator).
            let parts = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map {
                Substring($0)
            }
            guard !path.isEmpty, !path.hasPrefix("/"),
                !parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }),
                !path.unicodeScalars.contains(where: { Self.isRefused($0) })
            else {
                throw APIFailure.invalid(
                    "Request validation failed: file path \(DisplayText.value(path)) must be relative, without '..', "
                        + "'.', empty parts or control characters"
                )
            }
            guard parts.count <= Self.depthLimit, parts.allSatisfy({ $0.unicodeScalars.count <= Self.partLimit })
            else {
                throw APIFailure.invalid(
                    "Request validation failed: file path \(DisplayText.value(path)) is too long: at most "
                        + "\(Self.depthLimit) parts of at most \(Self.partLimit) characters"
                )
            }
            guard path.utf8.count <= pathBytes else {
                throw APIFailure.invalid(
                    "Request validation failed: file path \(DisplayText.value(path)) is "
                        + "\(DisplayText.grouped(path.utf8.count)) bytes in UTF-8; the server can store paths of at "
                        + "most \(DisplayText.grouped(pathBytes)) bytes (the system's path limit is "
                        + "\(Self.systemPathLimit) bytes, its upload folder included): shorten the path"
                )
            }
            // A file cannot also be a folder of another file (`a` and `a/b`).
            for index in path.utf8.indices where path.utf8[index] == UInt8(ascii: "/") {
                let folder = String(path[..<index])
                if files[folder] != nil {
                    throw APIFailure.invalid(
                        "Request validation failed: file path \(DisplayText.value(path)) is inside "
                            + "\(DisplayText.value(folder)), which is a file"
                    )
                }
            }
        }
        self.directory = directory
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
            // The upload's temporary folder is the server's business: the client named the files.
            let message = error.description.replacingOccurrences(of: directory.path, with: "the upload")
            throw APIFailure.invalid("Request validation failed: \(DisplayText.line(message))")
        }
    }

    /// The project compiled, every artifact's source reference (`rule=… source=rules/a.yaml:3:1`)
    /// relative to the upload as the client named its files. The temporary folder differs on
    /// every upload: left in, it would make every plan see every artifact changed and every deploy
    /// rewrite them all, and would put the server's paths into GenieACS.
    func compile(environment: String?, diagnostics: inout DiagnosticCollector) throws -> RuleProject.Compilation {
        var compiled = try project(environment: environment).compile(diagnostics: &diagnostics)
        let root = directory.path + "/"
        for index in compiled.artifacts.indices where compiled.artifacts[index].contents.contains(root) {
            compiled.artifacts[index].contents = compiled.artifacts[index].contents.replacingOccurrences(
                of: root,
                with: ""
            )
        }
        return compiled
    }

    /// Paths in messages relative to the upload, as the client named them.
    func relative(_ path: String) -> String {
        let root = directory.path + "/"
        return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
    }

    /// `text` with the upload's temporary folder taken out: paths as the client named them.
    func scrub(_ text: String) -> String {
        text.replacingOccurrences(of: directory.path + "/", with: "")
            .replacingOccurrences(of: directory.path, with: "the upload")
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A character a path may not hold: a backslash, a control character (C0, DEL, C1: a terminal
    /// would act on it wherever the path is printed) or a bidirectional control (it reorders what
    /// a reader sees of the path).
    static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x5C, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}

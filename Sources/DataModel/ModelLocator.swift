import Foundation

/// Finds the data-model files a command checks against.
///
/// Order of precedence: explicit files (`--model FILE`, repeatable; a directory stands for its
/// `*-full.xml`), else the directory in `FERRULE_MODELS`, else `./Models` (the models shipped in
/// the Ferrule checkout).
public struct ModelLocator: Sendable {
    /// The environment variable naming a directory of models.
    public static let environmentVariable = "FERRULE_MODELS"
    /// The directory looked in last, relative to the working directory.
    public static let defaultDirectory = "Models"

    /// Files or directories given explicitly.
    public var explicit: [String]
    /// The value of ``environmentVariable``, if set.
    public var environmentDirectory: String?

    public init(explicit: [String], environmentDirectory: String?) {
        self.explicit = explicit
        self.environmentDirectory = environmentDirectory
    }

    /// Whether models were asked for (explicitly or through the environment), so that not
    /// finding them is an error rather than a reason to skip model checks.
    public var isExplicit: Bool { !explicit.isEmpty || !(environmentDirectory ?? "").isEmpty }

    /// The model files to load.
    /// - Throws: ``ModelLocatorError`` saying where models were looked for and what to pass.
    public func locate() throws(ModelLocatorError) -> [String] {
        if !explicit.isEmpty {
            var files: [String] = []
            for path in explicit {
                if Self.isDirectory(path) {
                    let found = Self.fullModels(in: path)
                    guard !found.isEmpty else {
                        throw ModelLocatorError("--model \(path): the directory holds no *-full.xml data-model files")
                    }
                    files += found
                } else {
                    files.append(path)
                }
            }
            return files
        }
        let variable = Self.environmentVariable
        if let directory = environmentDirectory, !directory.isEmpty {
            guard Self.isDirectory(directory) else {
                throw ModelLocatorError(
                    "\(variable)=\(directory) is not a directory; point it at a directory of BBF "
                        + "*-full.xml data models, or pass --model FILE"
                )
            }
            let found = Self.fullModels(in: directory)
            guard !found.isEmpty else {
                throw ModelLocatorError(
                    "no data models found: \(variable)=\(directory) holds no *-full.xml files; put the "
                        + "BBF full data-model XML files there (e.g. tr-181-2-17-0-cwmp-full.xml), or pass --model FILE"
                )
            }
            return found
        }
        let found = Self.isDirectory(Self.defaultDirectory) ? Self.fullModels(in: Self.defaultDirectory) : []
        guard !found.isEmpty else {
            throw ModelLocatorError(
                "no data models found: pass --model FILE (a BBF full data-model XML such as "
                    + "tr-181-2-17-0-cwmp-full.xml; repeat it for TR-098 and TR-104), set \(variable) to a "
                    + "directory of *-full.xml files, or run from the Ferrule checkout, whose ./\(Self.defaultDirectory) "
                    + "folder ships TR-181, TR-098 and TR-104"
            )
        }
        return found
    }

    private static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    private static func fullModels(in directory: String) -> [String] {
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix("-full.xml") }
            .sorted()
            .map { base + $0 }
    }
}

/// No data models where they were looked for; the message says where and what to pass.
public struct ModelLocatorError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    /// `error: no data models found: …`
    public var description: String { "error: \(message)" }
}

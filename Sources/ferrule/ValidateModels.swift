import ArgumentParser
import DataModel
import Foundation

/// Finds and loads the data models `ferrule validate` checks against.
///
/// Order of precedence: `--model FILE` (repeatable; a directory stands for its `*-full.xml`), else
/// the `FERRULE_MODELS` directory, else `./Models` (the models shipped in the Ferrule checkout).
enum ValidateModels {
    static let environmentVariable = "FERRULE_MODELS"
    static let defaultDirectory = "Models"

    /// The model files to load, or a usage error saying where models were looked for and what to pass.
    static func locate(explicit: [String], environment: [String: String]) throws -> [String] {
        if !explicit.isEmpty {
            var files: [String] = []
            for path in explicit {
                if isDirectory(path) {
                    let found = fullModels(in: path)
                    guard !found.isEmpty else {
                        throw ValidationError("--model \(path): the directory holds no *-full.xml data-model files")
                    }
                    files += found
                } else {
                    files.append(path)
                }
            }
            return files
        }
        if let directory = environment[environmentVariable], !directory.isEmpty {
            guard isDirectory(directory) else {
                throw ValidationError(
                    "\(environmentVariable)=\(directory) is not a directory; point it at a directory of BBF "
                        + "*-full.xml data models, or pass --model FILE"
                )
            }
            let found = fullModels(in: directory)
            guard !found.isEmpty else {
                throw ValidationError(
                    "no data models found: \(environmentVariable)=\(directory) holds no *-full.xml files; put the "
                        + "BBF full data-model XML files there (e.g. tr-181-2-17-0-cwmp-full.xml), or pass --model FILE"
                )
            }
            return found
        }
        let found = isDirectory(defaultDirectory) ? fullModels(in: defaultDirectory) : []
        guard !found.isEmpty else {
            throw ValidationError(
                "no data models found: pass --model FILE (a BBF full data-model XML such as "
                    + "tr-181-2-17-0-cwmp-full.xml; repeat it for TR-098 and TR-104), set \(environmentVariable) to a "
                    + "directory of *-full.xml files, or run from the Ferrule checkout, whose ./\(defaultDirectory) "
                    + "folder ships TR-181, TR-098 and TR-104"
            )
        }
        return found
    }

    /// Loads every file, concurrently; the first failure (in file order) is thrown.
    static func load(_ files: [String]) async throws -> [DataModel] {
        let results = await withTaskGroup(of: (Int, Result<DataModel, any Error>).self) { group in
            for (index, file) in files.enumerated() {
                group.addTask {
                    switch InputFiles.read(file) {
                    case .failure(let error): return (index, .failure(error))
                    case .success(let bytes):
                        do {
                            return (index, .success(try DataModelLoader.load(bytes, file: file)))
                        } catch {
                            return (index, .failure(error))
                        }
                    }
                }
            }
            var results: [(Int, Result<DataModel, any Error>)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        return try results.map { try $0.get() }
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

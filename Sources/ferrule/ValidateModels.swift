import DataModel
import Foundation

/// Loads the data models `ferrule validate` and `ferrule lint` check against (``ModelLocator``
/// finds them).
enum ValidateModels {
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
}

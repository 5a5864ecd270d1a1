import FerruleCore

extension DataModelLoader {
    /// Loads every model file (each read capped by ``BoundedFileReader``), concurrently, for
    /// `ferrule validate` and `ferrule lint` (``ModelLocator`` finds the files).
    ///
    /// - Returns: The models in the order of `files`.
    /// - Throws: The first failure in file order: a ``BoundedReadError`` or a ``DataModelError``.
    public static func load(files: [String]) async throws -> [DataModel] {
        let results = await withTaskGroup(of: (Int, Result<DataModel, any Error>).self) { group in
            for (index, file) in files.enumerated() {
                group.addTask {
                    do {
                        return (index, .success(try load(try BoundedFileReader.read(file), file: file)))
                    } catch {
                        return (index, .failure(error))
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

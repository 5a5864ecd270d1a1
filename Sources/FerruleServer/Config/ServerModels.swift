public import DataModel
import FerruleCore
import Synchronization

/// The Broadband Forum data models tree validation and rule linting check against, found as the
/// CLI finds them (``DataModel/ModelLocator``: `FERRULE_MODELS`, else `./Models`) and loaded once,
/// at the first request that needs them (so a server that never validates never pays for it).
public final class ServerModels: Sendable {
    /// The model files.
    public let files: [String]
    private let loading = Mutex<Task<ModelSet, any Error>?>(nil)

    /// Models from `files`.
    public init(files: [String]) { self.files = files }

    /// The models `environment` points at (`FERRULE_MODELS`), else those in `./Models`; nil when
    /// neither has any and none were asked for.
    /// - Throws: ``DataModel/ModelLocatorError`` when `FERRULE_MODELS` names no usable directory.
    public static func locate(environment: [String: String]) throws(ModelLocatorError) -> ServerModels? {
        let locator = ModelLocator(explicit: [], environmentDirectory: environment[ModelLocator.environmentVariable])
        do {
            return ServerModels(files: try locator.locate())
        } catch {
            if locator.isExplicit { throw error }
            return nil
        }
    }

    /// The loaded models (every caller waits for the same load).
    func modelSet() async throws -> ModelSet {
        let task = loading.withLock { loading in
            if let task = loading { return task }
            let files = files
            let task = Task { () throws -> ModelSet in
                var models: [DataModel] = []
                for file in files {
                    let bytes = try BoundedFileReader.read(file, limit: 256 << 20)
                    models.append(try DataModelLoader.load(bytes, file: file))
                }
                return ModelSet(models)
            }
            loading = task
            return task
        }
        return try await task.value
    }
}

public import DataModel
import FerruleCore
import Synchronization

/// The Broadband Forum data models tree validation and rule linting check against, found as the
/// CLI finds them (``DataModel/ModelLocator``: `FERRULE_MODELS`, else `./Models`) and loaded once,
/// at the first request that needs them (so a server that never validates never pays for it).
/// A load that fails (a file unreadable or broken) is not kept: requests get its error (503) for
/// a while — 1 s after the first failure, doubling up to 60 s — and the next one after that loads
/// again, so a fixed file is picked up without a restart.
public final class ServerModels: Sendable {
    /// The model files.
    public let files: [String]
    private let state = Mutex(LoadState.idle)
    /// Seconds on a monotonic clock (tests move it).
    let now: @Sendable () -> Double

    /// Where the load is: a failure is kept only until its retry time, a success for good.
    private enum LoadState: Sendable {
        case idle
        case loading(Task<ModelSet, any Error>, failures: Int)
        case loaded(ModelSet)
        case failed(any Error, failures: Int, retryAt: Double)
    }

    /// The wait before loading again after `failures` failed loads in a row: 1 s, doubling, at
    /// most ``maximumRetryDelay``. A file fixed (or a disk back) is read again soon, yet a
    /// broken one is not parsed again on every request.
    static func retryDelay(afterFailures failures: Int) -> Double {
        min(maximumRetryDelay, Double(1 << min(max(failures - 1, 0), 16)))
    }

    /// The longest wait between loads after failures, in seconds.
    static let maximumRetryDelay = 60.0

    /// Models from `files`.
    public convenience init(files: [String]) {
        let start = ContinuousClock.now
        self.init(files: files) {
            let elapsed = ContinuousClock.now - start
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
    }

    /// Models from `files`, with `now` in seconds.
    init(files: [String], now: @escaping @Sendable () -> Double) {
        self.files = files
        self.now = now
    }

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

    /// The loaded models (every caller at the time waits for the same load). A load that failed
    /// throws its error again until its retry time (``retryDelay(afterFailures:)``), then the
    /// next caller loads afresh; a load that succeeded is kept.
    func modelSet() async throws -> ModelSet {
        let loaded: ModelSet? = state.withLock { state in
            if case .loaded(let models) = state { return models }
            return nil
        }
        if let loaded { return loaded }
        let task: Task<ModelSet, any Error> = try state.withLock { state in
            let failures: Int
            switch state {
            case .loaded(let models): return Task { models }
            case .loading(let task, _): return task
            case .failed(let error, let count, let retryAt):
                if now() < retryAt { throw error }
                failures = count
            case .idle: failures = 0
            }
            let task = Task { [files] () throws -> ModelSet in
                var models: [DataModel] = []
                for file in files {
                    let bytes = try BoundedFileReader.read(file, limit: 256 << 20)
                    models.append(try DataModelLoader.load(bytes, file: file))
                }
                return ModelSet(models)
            }
            state = .loading(task, failures: failures)
            return task
        }
        do {
            let models = try await task.value
            state.withLock { state in
                if case .loading = state { state = .loaded(models) }
            }
            return models
        } catch {
            state.withLock { state in
                guard case .loading(let current, let failures) = state, current == task else { return }
                let count = failures + 1
                state = .failed(error, failures: count, retryAt: now() + Self.retryDelay(afterFailures: count))
            }
            throw error
        }
    }
}

import Foundation
import Synchronization
import VOLTHA

/// One long-lived gRPC connection to a VOLTHA, shared by every request of the tenants that use it.
///
/// ``VOLTHA/withVolthaClient(_:_:)`` scopes a client to a closure; the connection keeps that
/// closure open in a task of its own and runs each submitted call inside it, concurrently, until
/// ``close()``. gRPC reconnects by itself after a failure; calls made while VOLTHA is unreachable
/// fail at once (the client does not wait for a connection), as they did per request.
final class VolthaConnection: Sendable {
    /// A call: receives the client, or why there is none.
    typealias Job = @Sendable (Result<VolthaClient, any Error>) async -> Void

    private enum State {
        case open
        case failed(any Error)
        case closed
    }

    /// The state, in a box the connection's task shares.
    private final class StateBox: Sendable {
        let value = Mutex(State.open)
    }

    private let jobs: AsyncStream<Job>.Continuation
    private let box = StateBox()
    private let task: Task<Void, Never>

    /// Opens the connection (the first call waits for it to be up).
    init(_ configuration: VolthaConfiguration) {
        let (stream, jobs) = AsyncStream<Job>.makeStream()
        let box = self.box
        self.jobs = jobs
        task = Task {
            do {
                try await withVolthaClient(configuration) { client in
                    await withDiscardingTaskGroup { group in
                        for await job in stream { group.addTask { await job(.success(client)) } }
                    }
                }
            } catch {
                // The connection could not be set up: fail what is queued, refuse what comes.
                box.value.withLock { $0 = .failed(error) }
                jobs.finish()
                for await job in stream { await job(.failure(error)) }
            }
        }
    }

    /// Whether calls are accepted (false once closed or when the connection could not be set up).
    var isOpen: Bool {
        box.value.withLock { if case .open = $0 { true } else { false } }
    }

    /// Runs `body` with the connection's client.
    /// - Throws: What `body` throws, ``VOLTHA/VolthaError`` when the connection cannot be set up,
    ///   or ``APIFailure`` 503 when the connection was closed (the server is stopping).
    ///
    /// The call runs in the connection's task, not the caller's: cancelling the caller (a request
    /// still in flight at the shutdown deadline, a client gone) cancels the call through
    /// ``CallCancellation``, so a VOLTHA that never answers holds neither the request nor the
    /// server's shutdown until the call's own deadline.
    func run<T: Sendable>(_ body: @escaping @Sendable (VolthaClient) async throws -> T) async throws -> T {
        let cancellation = CallCancellation()
        return try await withTaskCancellationHandler {
            try await submit(body, cancellation)
        } onCancel: {
            cancellation.cancel()
        }
    }

    private func submit<T: Sendable>(
        _ body: @escaping @Sendable (VolthaClient) async throws -> T,
        _ cancellation: CallCancellation
    ) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let job: Job = { client in
                switch client {
                case .success(let client):
                    await cancellation.run {
                        do { continuation.resume(returning: try await body(client)) } catch {
                            continuation.resume(throwing: error)
                        }
                    }
                case .failure(let error):
                    continuation.resume(throwing: error)
                }
            }
            if case .terminated = jobs.yield(job) {
                let failure: (any Error)? = box.value.withLock {
                    if case .failed(let error) = $0 { error } else { nil }
                }
                continuation.resume(
                    throwing: failure ?? APIFailure(status: 503, detail: "The server is stopping; retry shortly")
                )
            }
        }
    }

    /// Accepts no more calls; the connection closes once the calls in flight end.
    func close() {
        box.value.withLock { if case .open = $0 { $0 = .closed } }
        jobs.finish()
    }

    /// Waits until the connection has closed (after ``close()``, or a failed set-up).
    func waitUntilClosed() async { await task.value }
}

/// Carries a caller's cancellation into the connection's task, where its call runs.
final class CallCancellation: Sendable {
    private let state = Mutex<(cancelled: Bool, task: Task<Void, Never>?)>((false, nil))

    /// Runs `work` in a task of its own, cancelled by ``cancel()`` (also when it came first) or when
    /// the running task is.
    func run(_ work: @escaping @Sendable () async -> Void) async {
        let task = Task { await work() }
        let cancelled = state.withLock { state in
            state.task = task
            return state.cancelled
        }
        if cancelled { task.cancel() }
        await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            task.cancel()
        }
    }

    func cancel() {
        let task = state.withLock { state in
            state.cancelled = true
            return state.task
        }
        task?.cancel()
    }
}

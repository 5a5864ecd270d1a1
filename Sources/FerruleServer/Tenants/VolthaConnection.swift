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
    ///   ``APIFailure`` 503 when the connection was closed (the server is stopping), or
    ///   `CancellationError` once the caller is cancelled.
    ///
    /// The call runs in the connection's task, not the caller's. Cancelling the caller (a request
    /// still in flight at the shutdown deadline, a client gone) returns at once, whether or not the
    /// call had started, and cancels the call: a VOLTHA that never answers holds neither the request
    /// nor the server's shutdown until the call's own deadline.
    func run<T: Sendable>(_ body: @escaping @Sendable (VolthaClient) async throws -> T) async throws -> T {
        let call = PendingCall<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                guard call.begin(continuation) else { return }
                let job: Job = { client in
                    switch client {
                    case .success(let client): await call.run { try await body(client) }
                    case .failure(let error): call.finish(.failure(error))
                    }
                }
                if case .terminated = jobs.yield(job) {
                    let failure: (any Error)? = box.value.withLock {
                        if case .failed(let error) = $0 { error } else { nil }
                    }
                    call.finish(
                        .failure(failure ?? APIFailure(status: 503, detail: "The server is stopping; retry shortly"))
                    )
                }
            }
        } onCancel: {
            call.cancel()
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

/// One call of ``VolthaConnection/run(_:)``: its caller's continuation, resumed exactly once — by
/// the call's result, or by the caller's cancellation, whichever comes first — and the task the
/// call runs in, cancelled with the caller.
final class PendingCall<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var cancelled = false
        var task: Task<Void, Never>?
    }

    private let state = Mutex(State())

    /// Takes the caller's continuation; false (and the caller released with `CancellationError`)
    /// when the caller was cancelled already.
    func begin(_ continuation: CheckedContinuation<T, any Error>) -> Bool {
        let cancelled = state.withLock { state in
            if !state.cancelled { state.continuation = continuation }
            return state.cancelled
        }
        if cancelled { continuation.resume(throwing: CancellationError()) }
        return !cancelled
    }

    /// Runs `work` in a task of its own and waits for it; its result goes to the caller unless the
    /// caller was released first. Once cancelled, `work` never starts: the check and the task's
    /// creation are one step under the lock, so ``cancel()`` either comes before (nothing runs) or
    /// finds the task to cancel.
    func run(_ work: @escaping @Sendable () async throws -> T) async {
        let task: Task<Void, Never>? = state.withLock { state in
            guard !state.cancelled else { return nil }
            let task = Task {
                do { self.finish(.success(try await work())) } catch { self.finish(.failure(error)) }
            }
            state.task = task
            return task
        }
        await task?.value
    }

    /// Resumes the caller with `result`, unless it was resumed already.
    func finish(_ result: Result<T, any Error>) {
        let continuation = state.withLock { state in
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(with: result)
    }

    /// Releases the caller with `CancellationError` and cancels the call.
    func cancel() {
        let (continuation, task) = state.withLock { state in
            state.cancelled = true
            defer { state.continuation = nil }
            return (state.continuation, state.task)
        }
        continuation?.resume(throwing: CancellationError())
        task?.cancel()
    }
}

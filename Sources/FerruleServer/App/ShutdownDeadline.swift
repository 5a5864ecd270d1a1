import Hummingbird
import Synchronization

/// The moment a graceful shutdown stops waiting for requests in flight: each request runs in a
/// task of its own, and its answer is awaited here (``answer(_:)``) until either the work ends or
/// the deadline passes (``pass()``), when it is answered 503 at once
/// (``ShutdownDeadlineMiddleware``). Without this the service group cancelled the server with
/// the request still running and the client read an empty reply.
public final class ShutdownDeadline: Sendable {
    /// How a request ended.
    enum Outcome: Sendable {
        case done(Result<Response, any Error>)
        case deadline
    }

    private enum Slot {
        case running
        case waiting(CheckedContinuation<Outcome, Never>)
        case finished(Result<Response, any Error>)
    }

    private struct State {
        var passed = false
        var next = 0
        var slots: [Int: Slot] = [:]
    }

    private let state = Mutex(State())

    /// Seconds from SIGTERM to the deadline: the runner's grace (campaign steps in flight) plus 7 s.
    public static func requestGraceSeconds(runnerGrace: Double) -> Double { runnerGrace + 7 }

    /// Seconds after the deadline before the service group cancels what is left: time to write
    /// the 503s and close their connections, so the process still exits 0.
    public static let closingSeconds = 3.0

    /// A deadline that has not passed.
    public init() {}

    /// Whether the deadline has passed.
    public var hasPassed: Bool { state.withLock { $0.passed } }

    /// Passes the deadline: every request still waiting is answered, and so is every later one.
    public func pass() {
        let waiting: [CheckedContinuation<Outcome, Never>] = state.withLock { state in
            state.passed = true
            var waiting: [CheckedContinuation<Outcome, Never>] = []
            for (key, slot) in state.slots {
                if case .waiting(let continuation) = slot {
                    waiting.append(continuation)
                    state.slots[key] = nil
                }
            }
            return waiting
        }
        for continuation in waiting { continuation.resume(returning: .deadline) }
    }

    /// Runs `work` in a task of its own (task-locals inherited) and waits for its result or for
    /// the deadline, whichever comes first; the task is cancelled when the deadline comes first
    /// or the caller is cancelled.
    func answer(_ work: @escaping @Sendable () async throws -> Response) async -> Outcome {
        let key: Int? = state.withLock { state in
            guard !state.passed else { return nil }
            state.next += 1
            state.slots[state.next] = .running
            return state.next
        }
        guard let key else { return .deadline }
        let task = Task {
            let result: Result<Response, any Error>
            do { result = .success(try await work()) } catch { result = .failure(error) }
            finish(key, result)
        }
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready: Outcome? = state.withLock { state in
                    switch state.slots[key] {
                    case .finished(let result):
                        state.slots[key] = nil
                        return .done(result)
                    case .running:
                        if state.passed {
                            state.slots[key] = nil
                            return .deadline
                        }
                        state.slots[key] = .waiting(continuation)
                        return nil
                    case .waiting, nil:
                        return .deadline
                    }
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            task.cancel()
        }
        if case .deadline = outcome { task.cancel() }
        return outcome
    }

    private func finish(_ key: Int, _ result: Result<Response, any Error>) {
        let waiting: CheckedContinuation<Outcome, Never>? = state.withLock { state in
            switch state.slots[key] {
            case .waiting(let continuation):
                state.slots[key] = nil
                return continuation
            case .running:
                state.slots[key] = .finished(result)
                return nil
            case .finished, nil:
                return nil
            }
        }
        waiting?.resume(returning: .done(result))
    }
}

import Synchronization

/// A flag tasks can wait on with a timeout: ``signal()`` sets it and wakes every waiter,
/// ``clear()`` lowers it again. The server's campaign runner waits on one to wake early (a
/// campaign finished, `wake()` was called) and on another for shutdown; an event consumer standing
/// by waits on one between attempts to take its lease.
public final class AsyncEvent: Sendable {
    private struct State {
        var isSet = false
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextID = 0
    }
    private let state = Mutex(State())

    /// A lowered flag.
    public init() {}

    /// Whether the flag is set.
    public var isSet: Bool { state.withLock { $0.isSet } }

    /// Sets the flag and wakes every waiter.
    public func signal() {
        let waiters = state.withLock { state in
            state.isSet = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Lowers the flag.
    public func clear() { state.withLock { $0.isSet = false } }

    /// Waits until the flag is set or `timeout` passes (or the task is cancelled).
    /// - Returns: Whether the flag is set.
    @discardableResult
    public func wait(timeout: Duration) async -> Bool {
        if isSet { return true }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForSignal() }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
        return isSet
    }

    private func waitForSignal() async {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    if state.isSet || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume()
        }
    }
}

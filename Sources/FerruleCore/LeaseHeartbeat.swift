import Synchronization

/// Keeps a one-writer lease alive from a task of its own while its holder works, and tells the
/// holder, before each write the lease cannot fence, whether the lease is still its own.
///
/// A holder that renewed only between its own steps lost the lease whenever one step (a slow
/// GenieACS call) outlasted the timeout: another process took over while the first was alive.
/// The heartbeat renews every sixth of the timeout whatever the holder is doing; the holder calls
/// ``confirm()`` right before each write to a system that knows nothing of the lease (a GenieACS
/// task POST), which renews first when the last renewal is older than half the timeout.
///
/// ```swift
/// let heartbeat = LeaseHeartbeat(renewedAt: lease.heartbeatAt, timeout: 60_000, now: { clock.now() }) { at in
///     try await store.renew(lease, now: at)
/// }
/// let beating = heartbeat.start()
/// defer { beating.cancel() }
/// guard try await heartbeat.confirm() else { throw LeaseLost() }
/// ```
public final class LeaseHeartbeat: Sendable {
    /// Time without a renewal after which another process may take the lease over, milliseconds.
    public let timeout: Double
    private let now: @Sendable () -> Double
    private let renewal: @Sendable (Double) async throws -> Bool
    private let state: Mutex<State>

    private struct State {
        var renewedAt: Double
        var lost = false
    }

    /// - Parameters:
    ///   - renewedAt: When the lease was taken or last renewed (milliseconds since the epoch).
    ///   - timeout: The lease's timeout, milliseconds.
    ///   - now: The holder's clock, milliseconds since the epoch.
    ///   - renew: Renews the lease at the given time; false when another process holds it now.
    public init(
        renewedAt: Double,
        timeout: Double,
        now: @escaping @Sendable () -> Double,
        renew: @escaping @Sendable (_ at: Double) async throws -> Bool
    ) {
        self.timeout = timeout
        self.now = now
        renewal = renew
        state = Mutex(State(renewedAt: renewedAt))
    }

    /// Time between two renewals of the task ``start(pace:failed:)`` starts: a sixth of the timeout.
    public var interval: Duration { .milliseconds(Int64(max(1, timeout / 6))) }

    /// When the lease was last renewed (or taken), milliseconds since the epoch.
    public var renewedAt: Double { state.withLock { $0.renewedAt } }

    /// Whether a renewal found the lease taken over (it stays lost).
    public var isLost: Bool { state.withLock { $0.lost } }

    /// Renews the lease now.
    /// - Returns: false when it was taken over (now or before).
    /// - Throws: What the renewal threw; the lease may still be this holder's (the next beat tries again).
    @discardableResult
    public func beat() async throws -> Bool {
        if isLost { return false }
        let at = now()
        let held = try await renewal(at)
        state.withLock { state in
            if held { state.renewedAt = max(state.renewedAt, at) } else { state.lost = true }
        }
        return held
    }

    /// Right before a write the lease cannot fence: whether the lease is still this holder's. True
    /// at once when it was renewed within half the timeout (no other process can have taken it over,
    /// and the write starts with half the timeout to spare); otherwise renews first.
    /// - Throws: What the renewal threw.
    public func confirm() async throws -> Bool {
        let (lost, renewedAt) = state.withLock { ($0.lost, $0.renewedAt) }
        if lost { return false }
        if now() - renewedAt < timeout / 2 { return true }
        return try await beat()
    }

    /// Renews the lease every ``interval`` until cancelled or the lease is lost.
    /// - Parameters:
    ///   - pace: Waits between renewals (`Task.sleep` on the wall clock unless a test paces it).
    ///   - failed: Called with each renewal that threw (the next one tries again).
    public func start(
        pace: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        failed: @escaping @Sendable (any Error) -> Void = { _ in }
    ) -> Task<Void, Never> {
        let interval = interval
        return Task {
            while !Task.isCancelled {
                do { try await pace(interval) } catch { return }
                if Task.isCancelled { return }
                do {
                    if try await !beat() { return }
                } catch {
                    failed(error)
                }
            }
        }
    }
}

public import FerruleStore
import Foundation
public import PONEvents

/// The writer lease of an event consumer: one consumer-plus-outbox per event store, whether it
/// runs as `ferrule events run` or inside `ferrule serve`. Kept in the store (`writer_lease`, key
/// ``name``) and renewed by a heartbeat every third of ``timeout`` (the campaign runner's scheme).
public struct EventConsumerLease: Sendable {
    /// The lease's key in the store (the one `ferrule events run` has always used).
    public static let name = "events-run"
    /// Without a heartbeat for this long the holder is taken to be dead, milliseconds.
    public static let timeout: Double = 30_000

    /// The store the lease is in.
    public let store: EventStore
    /// The lease this process holds.
    public let lease: EventStoreLease

    /// What an attempt to take the lease came to.
    enum Attempt: Sendable {
        /// Taken; `replaced` is the dead or stale holder taken over, if any.
        case taken(EventConsumerLease, replaced: EventStoreLease?)
        /// Another live process holds it.
        case held(EventStoreLease)
    }

    /// Tries once to take the lease of `store`.
    ///
    /// - Throws: ``EventStoreError`` when the store cannot be written.
    static func attempt(_ store: EventStore) async throws -> Attempt {
        let lease = EventStoreLease.forThisProcess(key: name, now: Self.now())
        let result = try await store.acquire(lease, timeout: timeout)
        if let holder = result.held { return .held(holder) }
        return .taken(EventConsumerLease(store: store, lease: lease), replaced: result.replaced)
    }

    /// Who holds the store, since when, and what to do:
    /// `events.sqlite: error[lease-held]: the event store is already being consumed by pid 4242 on
    /// host noc-1 (since …; last heartbeat 3 s ago); nothing was consumed. …`.
    public static func refusal(
        _ holder: EventStoreLease,
        path: String,
        now: Double
    ) -> String {
        let since = Date(timeIntervalSince1970: holder.startedAt / 1000).formatted(.iso8601)
        let beat = max(0, Int(((now - holder.heartbeatAt) / 1000).rounded()))
        return "\(path): error[lease-held]: the event store is already being consumed by \(holder.holder) "
            + "(since \(since); last heartbeat \(beat) s ago); nothing was consumed. Stop that process "
            + "(SIGTERM) or point this one at another --state. A process that died is taken over "
            + "\(Int(timeout / 1000)) s after its last heartbeat, at once when it ran on this host"
    }

    /// Renews the lease until cancelled; calls `lost` once if another process took it over, and
    /// `failed` for each renewal the store refused.
    func heartbeat(
        failed: @escaping @Sendable (any Error) -> Void,
        lost: @escaping @Sendable (String) async -> Void
    ) -> Task<Void, Never> {
        Task {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: .milliseconds(Int(Self.timeout / 3)))
                } catch {
                    return
                }
                do {
                    if try await !store.renew(lease, now: Self.now()) {
                        await lost("another process took over the lease of \(store.path)")
                        return
                    }
                } catch {
                    failed(error)
                }
            }
        }
    }

    /// Gives the lease back (best effort: a lease left behind is taken over when it goes stale).
    func release() async {
        try? await store.release(lease)
    }

    /// Milliseconds since the epoch.
    static func now() -> Double { Date().timeIntervalSince1970 * 1000 }
}

import FerruleStore
import Foundation
import VOLTHA

/// The writer lease of `ferrule events run`: one consumer-plus-executor per event store, renewed by
/// a heartbeat every third of the timeout (the campaign runner's scheme).
struct EventsRunLease: Sendable {
    static let name = "events-run"
    /// Without a heartbeat for this long the holder is taken to be dead, milliseconds.
    static let timeout: Double = 30_000

    let store: EventStore
    let lease: EventStoreLease

    /// Takes the lease, or exits 3 naming the holder.
    static func acquire(_ store: EventStore) async throws -> EventsRunLease {
        let now = Date().timeIntervalSince1970 * 1000
        let lease = EventStoreLease.forThisProcess(key: name, now: now)
        let result: (held: EventStoreLease?, replaced: EventStoreLease?)
        do {
            result = try await store.acquire(lease, timeout: timeout)
        } catch {
            StandardError.write("\(error)\n")
            throw ExitStatus.failure
        }
        if let holder = result.held {
            StandardError.write(refusal(holder, path: store.path, now: now) + "\n")
            throw ExitStatus.leaseHeld
        }
        if let dead = result.replaced {
            StandardError.write(
                "events run: took over the lease of \(dead.holder), which stopped without releasing it\n"
            )
        }
        return EventsRunLease(store: store, lease: lease)
    }

    /// Who holds the store, since when, and what to do.
    static func refusal(_ holder: EventStoreLease, path: String, now: Double) -> String {
        let since = Date(timeIntervalSince1970: holder.startedAt / 1000).formatted(.iso8601)
        let beat = max(0, Int(((now - holder.heartbeatAt) / 1000).rounded()))
        return "\(path): error[lease-held]: the event store is already being consumed by \(holder.holder) "
            + "(since \(since); last heartbeat \(beat) s ago); nothing was consumed. Stop that process "
            + "(SIGTERM) or point this one at another --state. A process that died is taken over "
            + "\(Int(timeout / 1000)) s after its last heartbeat, at once when it ran on this host"
    }

    /// Renews the lease until cancelled; calls `lost` once if another process took it over.
    func heartbeat(lost: @escaping @Sendable (String) async -> Void) -> Task<Void, Never> {
        Task {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: .milliseconds(Int(Self.timeout / 3)))
                } catch {
                    return
                }
                do {
                    if try await !store.renew(lease, now: Date().timeIntervalSince1970 * 1000) {
                        await lost("another process took over the lease of \(store.path)")
                        return
                    }
                } catch {
                    StandardError.write("events run: cannot renew the lease: \(error)\n")
                }
            }
        }
    }

    /// Gives the lease back (best effort: a lease left behind is taken over when it goes stale).
    func release() async {
        try? await store.release(lease)
    }
}

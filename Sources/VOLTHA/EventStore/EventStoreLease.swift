import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The right to consume events into a store and execute its outbox (`ferrule events run`): one
/// process at a time holds it, renews it with a heartbeat and gives it back when it stops. A lease
/// whose heartbeat is older than the timeout, or whose process on this host is gone, may be taken
/// over. The same scheme as the campaign runner lease (Campaigns `RunnerLease`).
public struct EventStoreLease: Sendable, Hashable {
    /// What the lease is for (`events-run`).
    public var name: String
    /// Unique per process and run: tells this holder's lease from another's.
    public var token: String
    /// The holder's host name and process id.
    public var host: String
    public var pid: Int
    /// When the holder took the lease (milliseconds since the epoch).
    public var startedAt: Double
    /// The holder's last heartbeat (milliseconds since the epoch).
    public var heartbeatAt: Double

    public init(name: String, token: String, host: String, pid: Int, startedAt: Double, heartbeatAt: Double) {
        self.name = name
        self.token = token
        self.host = host
        self.pid = pid
        self.startedAt = startedAt
        self.heartbeatAt = heartbeatAt
    }

    /// A lease for this process, taken and renewed `now` (milliseconds since the epoch).
    public static func forThisProcess(name: String, now: Double) -> EventStoreLease {
        EventStoreLease(
            name: name,
            token: UUID().uuidString,
            host: ProcessInfo.processInfo.hostName,
            pid: Int(ProcessInfo.processInfo.processIdentifier),
            startedAt: now,
            heartbeatAt: now
        )
    }

    /// `pid 1234 on host noc-1`.
    public var holder: String { "pid \(pid) on host \(host)" }

    /// Whether the holder missed heartbeats for `timeout` milliseconds at `now`.
    public func isStale(now: Double, timeout: Double) -> Bool { now - heartbeatAt >= timeout }

    /// Whether the holder ran on this host and its process no longer exists (`kill(pid, 0)` fails
    /// with `ESRCH`): its lease can be taken over at once.
    public var isDeadProcessOnThisHost: Bool {
        guard host == ProcessInfo.processInfo.hostName, pid > 0, pid != Int(getpid()) else { return false }
        return kill(pid_t(pid), 0) != 0 && errno == ESRCH
    }
}

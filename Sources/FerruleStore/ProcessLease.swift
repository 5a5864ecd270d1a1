import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The right of one process to write something shared — run one campaign (`RunnerLease`, keyed by
/// the campaign id), consume events into a store and execute its outbox (`EventStoreLease`, keyed
/// `events-run`). One process at a time holds it, renews it with a heartbeat and gives it back
/// when it stops. A lease whose heartbeat is older than the timeout belonged to a process that
/// died (or hangs) and may be taken over. Stored by ``LeaseTable``.
public struct ProcessLease: Sendable, Hashable {
    /// What the lease is for: a campaign id, or a name such as `events-run`.
    public var key: String
    /// Unique per process and run: fences every write of the holder.
    public var token: String
    /// The holder's host name and process id.
    public var host: String
    public var pid: Int
    /// When the holder took the lease (milliseconds since the epoch).
    public var startedAt: Double
    /// The holder's last heartbeat (milliseconds since the epoch).
    public var heartbeatAt: Double

    public init(key: String, token: String, host: String, pid: Int, startedAt: Double, heartbeatAt: Double) {
        self.key = key
        self.token = token
        self.host = host
        self.pid = pid
        self.startedAt = startedAt
        self.heartbeatAt = heartbeatAt
    }

    /// A lease for this process, taken and renewed `now` (milliseconds since the epoch).
    public static func forThisProcess(key: String, now: Double) -> ProcessLease {
        ProcessLease(
            key: key,
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

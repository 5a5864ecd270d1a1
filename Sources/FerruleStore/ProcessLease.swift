import FerruleCore
import Foundation

/// The right of one process to write something shared — run one campaign (`RunnerLease`, keyed by
/// the campaign id), consume events into a store and execute its outbox (`EventStoreLease`, keyed
/// `events-run`). One process at a time holds it, renews it with a heartbeat and gives it back
/// when it stops. A lease whose heartbeat is older than the timeout belonged to a process that
/// died (or hangs) and may be taken over. Stored by ``LeaseTable``.
public struct ProcessLease: Sendable, Hashable {
    /// What the lease is for: a campaign id, or a name such as `events-run`.
    public var key: String
    /// Unique per process and run: fences every write of the holder. Written as
    /// `<uuid>@<process space>` (``processSpace``); a lease of a ferrule before the process space
    /// was recorded holds the uuid alone.
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
        let id = UUID().uuidString
        return ProcessLease(
            key: key,
            token: thisProcessSpace.map { "\(id)@\($0)" } ?? id,
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

    /// Whether the holder ran on this host, in this process's PID namespace and boot, and its
    /// process no longer exists: its lease can be taken over at once (``ProcessSpace/isDead(pid:host:space:)``;
    /// a holder whose lease does not record its space is freed only by its heartbeat timeout).
    public var isDeadProcessOnThisHost: Bool { ProcessSpace.isDead(pid: pid, host: host, space: processSpace) }

    /// The PID namespace and boot the holder's pid belongs to, from its ``token``; nil for a lease
    /// that does not record it.
    public var processSpace: String? {
        guard let at = token.lastIndex(of: "@") else { return nil }
        let space = token[token.index(after: at)...]
        return space.isEmpty ? nil : String(space)
    }

    /// This process's PID namespace and boot (``ProcessSpace/current``).
    public static var thisProcessSpace: String? { ProcessSpace.current }
}

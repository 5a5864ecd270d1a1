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
    /// process no longer exists (`kill(pid, 0)` fails with `ESRCH`): its lease can be taken over at
    /// once.
    ///
    /// A pid means something only in the PID namespace it was given in: two containers with the
    /// same host name (or host networking) sharing a state volume see each other's pids as absent.
    /// So the check needs the holder's ``processSpace`` to be this process's; a holder in another
    /// space, or one whose lease does not say (written by an older ferrule), is freed only by its
    /// heartbeat timeout.
    public var isDeadProcessOnThisHost: Bool {
        guard host == ProcessInfo.processInfo.hostName, pid > 0, pid != Int(getpid()),
            let space = processSpace, space == Self.thisProcessSpace
        else { return false }
        return kill(pid_t(pid), 0) != 0 && errno == ESRCH
    }

    /// The PID namespace and boot the holder's pid belongs to, from its ``token``; nil for a lease
    /// that does not record it.
    public var processSpace: String? {
        guard let at = token.lastIndex(of: "@") else { return nil }
        let space = token[token.index(after: at)...]
        return space.isEmpty ? nil : String(space)
    }

    /// This process's PID namespace and boot: `pidns:<device>:<inode>,boot:<boot_id>` on Linux (the
    /// identity of `/proc/self/ns/pid`, and `/proc/sys/kernel/random/boot_id`, since namespace
    /// inodes are reused after a reboot); `pid` on systems without PID namespaces. nil when /proc
    /// cannot be read: then no lease of this process is ever taken to be dead by its pid.
    public static let thisProcessSpace: String? = {
        #if os(Linux)
        var info = stat()
        guard stat("/proc/self/ns/pid", &info) == 0,
            let boot = try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8)
        else { return nil }
        let id = boot.trimmingCharacters(in: .whitespacesAndNewlines).prefix(64)
        guard !id.isEmpty, !id.contains("@") else { return nil }
        return "pidns:\(info.st_dev):\(info.st_ino),boot:\(id)"
        #else
        return "pid"
        #endif
    }()
}

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a process id means something: the PID namespace and boot of a process. A lease records
/// its holder's (`pid`, host, space) so that another process can tell a holder that died on the
/// same machine — its lease can be taken over at once — from one it cannot see.
public enum ProcessSpace {
    /// This process's PID namespace and boot: `pidns:<device>:<inode>,boot:<boot_id>` on Linux (the
    /// identity of `/proc/self/ns/pid`, and `/proc/sys/kernel/random/boot_id`, since namespace
    /// inodes are reused after a reboot); `pid` on systems without PID namespaces. nil when /proc
    /// cannot be read: then no holder is ever taken to be dead by its pid.
    public static let current: String? = {
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

    /// Whether the process `pid` of `host`, in `space`, ran on this host, in this process's PID
    /// namespace and boot, and no longer exists (`kill(pid, 0)` fails with `ESRCH`).
    ///
    /// A pid means something only in the PID namespace it was given in: two containers with the
    /// same host name (or host networking) sharing state see each other's pids as absent. So the
    /// holder's space must be this process's; a holder in another space, or one that did not record
    /// it, is never judged dead here.
    public static func isDead(pid: Int, host: String, space: String?) -> Bool {
        guard host == ProcessInfo.processInfo.hostName, pid > 0, pid != Int(getpid()), let space, space == current
        else { return false }
        return kill(pid_t(pid), 0) != 0 && errno == ESRCH
    }
}

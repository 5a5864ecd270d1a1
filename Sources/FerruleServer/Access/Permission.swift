/// The four permissions the seed platform's VOLTHA and GenieACS routers check, one per route.
public enum Permission: String, Sendable, CaseIterable {
    /// View PON network devices in VOLTHA (health, lists, statistics, alarms, events).
    case ponRead = "isp.network.pon.read"
    /// Manage PON network devices in VOLTHA (enable, disable, reboot, delete, discover, provision).
    case ponWrite = "isp.network.pon.write"
    /// View CPE devices in GenieACS (devices, presets, provisions, files, faults, schedules, jobs).
    case cpeRead = "isp.cpe.read"
    /// Manage CPE devices in GenieACS (tasks, deletes, presets, schedules and jobs).
    case cpeWrite = "isp.cpe.write"
}

public import Foundation

/// Recognises the second report of one ONU alarm: VOLTHA sends `ONU_DYING_GASP_*` twice, once
/// from the OLT's indication (voltha-openolt-adapter `internal/pkg/core/openolt_eventmgr.go:363-389`)
/// and once from the ONU's OMCI ONU-G alarm 7 (voltha-openonu-adapter-go
/// `internal/pkg/almgr/alarm_manager.go:158-159, 738-778`), with different context shapes.
///
/// An event is a duplicate when the same ONU (by serial, or by VOLTHA device id when a report
/// lacks the serial) last showed the same alarm in the same phase less than ``window`` ago. The
/// same alarm name on two UNIs of one ONU is two alarms (``PONEvent/uni``). A
/// raise, clear, raise within the window is therefore three events, not a duplicate: each changes
/// the alarm's state. Bare events and events naming no ONU are never duplicates.
///
/// Memory is bounded: at most ``capacity`` (ONU, alarm) entries, the least recently seen forgotten
/// first, and entries older than the window are dropped as time advances.
public struct PONEventDeduplicator: Sendable {
    /// How long a report stays a reference for its copy, in seconds.
    public let window: TimeInterval
    /// The most (ONU, alarm) pairs remembered.
    public let capacity: Int
    private var seen: RecentMap<String, Seen>
    private var clock = Date.distantPast

    private struct Seen: Sendable {
        var phase: PONEventPhase
        var at: Date
    }

    /// A deduplicator with a `window` in seconds and a `capacity` in (ONU, alarm) pairs.
    public init(window: TimeInterval = 30, capacity: Int = 100_000) {
        self.window = window
        self.capacity = capacity
        seen = RecentMap(capacity: capacity)
    }

    /// Whether `event` repeats a report seen less than ``window`` ago; records it either way.
    ///
    /// - Parameter now: the time to use when the event carries none (`raised_ts`, `reported_ts`).
    public mutating func isDuplicate(_ event: PONEvent, now: Date? = nil) -> Bool {
        let time = max(clock, event.raisedAt ?? event.reportedAt ?? now ?? clock)
        clock = time
        let horizon = time.addingTimeInterval(-window)
        seen.removeOldest { _, entry in entry.at < horizon }
        guard event.phase != .bare else { return false }
        let keys = Self.keys(event)
        guard !keys.isEmpty else { return false }
        let duplicate = keys.contains { key in
            guard let previous = seen[key] else { return false }
            return previous.phase == event.phase && previous.at >= horizon
        }
        for key in keys { seen.set(key, Seen(phase: event.phase, at: time)) }
        return duplicate
    }

    /// The names the event's ONU goes by, each with the alarm (and its UNI): its serial and its
    /// device id.
    static func keys(_ event: PONEvent) -> [String] {
        var keys: [String] = []
        let alarm = event.alarmInstance
        // openonu's placeholder serial is every unreadable ONU's: only the device id tells them apart.
        if let serial = GPONSerial.normalised(event.onuSerial) { keys.append("\(alarm)\u{0}s\u{0}\(serial)") }
        if let device = event.onuDeviceID { keys.append("\(alarm)\u{0}d\u{0}\(device)") }
        return keys
    }
}

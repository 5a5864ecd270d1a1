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
/// The openonu report names no OLT (its context has none, the resource is the ONU); when the ONU
/// was never seen with its OLT (``ONUParents``) the OLT's report, later, is the first to name it:
/// ``check(_:now:)`` says so (``Check/locates(first:)``), so that the filter takes it to the storm
/// stage the first report could not reach, and plans what only a report with the OLT matches.
///
/// Time is the event's own (`raised_ts`, else `reported_ts`, else `now`) on one clock per OLT, as
/// the storm detector keeps (``StormDetector``): each OLT's adapter stamps its events with its own
/// clock, so an OLT stamping ten minutes ahead neither makes another OLT's second report look new
/// (its window long past) nor an old report look recent. An OLT's time never goes backwards (its
/// event stamped earlier than its latest counts at the latest); the reports that name no OLT share
/// one clock of their own. A report and its copy on different clocks (openonu's, naming no OLT,
/// and openolt's) are one when their times are at most ``window`` apart.
///
/// Memory is bounded: at most ``capacity`` (ONU, alarm) entries, the least recently seen forgotten
/// first, and entries older than the window on their clock are dropped as time advances; at most
/// ``clockCapacity`` OLT clocks, the least recently seen forgotten first (a forgotten OLT's time
/// starts again from its next event). An entry of a report without an OLT that was passed on keeps
/// that report, without its description and context.
public struct PONEventDeduplicator: Sendable {
    /// How long a report stays a reference for its copy, in seconds.
    public let window: TimeInterval
    /// The most (ONU, alarm) pairs remembered.
    public let capacity: Int
    /// The most OLT clocks remembered.
    public let clockCapacity: Int
    private var seen: RecentMap<String, Seen>
    /// Each OLT's time (the reports naming no OLT under ``unlocated``).
    private var clocks: RecentMap<String, Date>
    /// The clock of the reports that name no OLT (no OLT id is empty).
    private static let unlocated = ""

    private struct Seen: Sendable {
        var phase: PONEventPhase
        var at: Date
        /// The clock `at` was read on: the OLT's, or ``unlocated``.
        var clock: String
        /// A report of this change named the OLT.
        var located: Bool
        /// The first report, without an OLT, when it was passed on (``passedOn(_:)``).
        var first: PONEvent?
    }

    /// What ``check(_:now:)`` found.
    public enum Check: Sendable, Hashable {
        /// Not seen within the window: a change.
        case new
        /// A repeat of a report seen within the window.
        case duplicate
        /// A repeat, and the first report of this change that names the OLT: the earlier ones
        /// named none. `first` is the earlier report when it was passed on.
        case locates(first: PONEvent?)
    }

    /// A deduplicator with a `window` in seconds, a `capacity` in (ONU, alarm) pairs and
    /// `clocks` OLT clocks.
    public init(window: TimeInterval = 30, capacity: Int = 100_000, clocks: Int = 10_000) {
        self.window = window
        self.capacity = capacity
        clockCapacity = max(1, clocks)
        seen = RecentMap(capacity: capacity)
        self.clocks = RecentMap(capacity: clockCapacity)
    }

    /// The OLT clocks held (tests check the bound).
    var clockCount: Int { clocks.count }

    /// Whether `event` repeats a report seen less than ``window`` ago; records it either way.
    ///
    /// - Parameter now: the time to use when the event carries none (`raised_ts`, `reported_ts`).
    public mutating func isDuplicate(_ event: PONEvent, now: Date? = nil) -> Bool {
        check(event, now: now) != .new
    }

    /// Whether `event` repeats a report seen less than ``window`` ago, and whether it is the first
    /// of its change to name the OLT; records it either way.
    ///
    /// - Parameter now: the time to use when the event carries none (`raised_ts`, `reported_ts`).
    public mutating func check(_ event: PONEvent, now: Date? = nil) -> Check {
        let clock = event.oltDeviceID ?? Self.unlocated
        let previous = clocks[clock]
        let time = max(previous ?? .distantPast, event.raisedAt ?? event.reportedAt ?? now ?? previous ?? .distantPast)
        clocks.set(clock, time)
        // Entries expire on their own clock; one whose clock was forgotten waits for the capacity.
        seen.removeOldest { _, entry in
            guard let current = clocks[entry.clock] else { return false }
            return entry.at < current.addingTimeInterval(-window)
        }
        guard event.phase != .bare else { return .new }
        let keys = Self.keys(event)
        guard !keys.isEmpty else { return .new }
        var earlier: Seen?
        for key in keys {
            // Within the window either way: a report and its copy may be on two clocks.
            if let previous = seen[key], previous.phase == event.phase,
                abs(time.timeIntervalSince(previous.at)) <= window
            {
                earlier = previous
                break
            }
        }
        let located = event.oltDeviceID != nil
        guard let earlier else {
            for key in keys {
                seen.set(key, Seen(phase: event.phase, at: time, clock: clock, located: located, first: nil))
            }
            return .new
        }
        let locates = located && !earlier.located
        // Once a report named the OLT, the first one has served: a third report is a plain repeat.
        let entry = Seen(
            phase: event.phase,
            at: time,
            clock: clock,
            located: earlier.located || located,
            first: locates ? nil : earlier.first
        )
        for key in keys { seen.set(key, entry) }
        return locates ? .locates(first: earlier.first) : .duplicate
    }

    /// Notes that `event`, new and naming no OLT, was passed on: a later report of the same change
    /// that names the OLT plans what this one could not match (``Check/locates(first:)``).
    public mutating func passedOn(_ event: PONEvent) {
        guard event.oltDeviceID == nil, event.phase != .bare else { return }
        var first = event
        first.description = ""
        first.context = first.context.filter { Self.factKeys.contains($0.key) }
        for key in Self.keys(event) {
            guard var entry = seen[key], entry.phase == event.phase, !entry.located else { continue }
            entry.first = first
            seen.update(key, entry)
        }
    }

    /// The context keys trigger conditions read (``TriggerMapping`` in PONTriggers): kept with a
    /// first report so that what it matched can be told.
    static let factKeys: Set<String> = ["vendor-id", "equipment-id", "software-version", "reason"]

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

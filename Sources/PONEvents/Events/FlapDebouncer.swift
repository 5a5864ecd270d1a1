public import Foundation

/// Debounces a flapping ONU: its alarm changes are passed on only once they hold.
///
/// Per ONU and alarm (`ONU_LOSS_OF_SIGNAL`, `ONU_DYING_GASP`, …; an alarm of one UNI, ``PONEvent/uni``,
/// apart from the same alarm of another): the first change is delivered at
/// once, so a real outage triggers without delay. A change arriving less than
/// ``PONStormSettings/debounce`` seconds after the previous one is held; once the ONU has been
/// quiet for the interval, the last held change is delivered if it differs from what was last
/// delivered, and suppressed if the ONU merely came back to it (raise, clear, raise = one raise).
/// A settled change is delivered by the next ``process(_:now:)`` or ``advance(to:)`` past its
/// deadline.
///
/// Time is the event's own (`raised_ts`, else `reported_ts`, else `now`), per ONU and alarm: a
/// change stamped earlier than that pair's last change counts at the last change's time, and an
/// event of another ONU stamped far ahead (a fast clock elsewhere) does not make this ONU's next
/// change look early. Held changes are settled when any event's time, or ``advance(to:)``, passes
/// their deadline.
///
/// A change stamped earlier than the newest one seen for that ONU and alarm (a redelivered or
/// reordered report) is ``PONEventOutcome/late(_:)``: a raise stamped before a clear already
/// passed on would otherwise leave a recovered ONU marked down.
///
/// Bare events and events naming no ONU pass through. Memory is bounded by
/// ``PONStormSettings/maxONUs`` (ONU, alarm) pairs, least recently changed forgotten first.
public struct FlapDebouncer: Sendable {
    public let interval: TimeInterval
    private var states: RecentMap<String, State>
    /// One deadline per (ONU, alarm) with a held change.
    private var deadlines = DeadlineHeap<String>()
    /// The debouncer's time: the latest event or `advance` time seen.
    public private(set) var clock = Date.distantPast

    private struct State: Sendable {
        var delivered: PONEventPhase
        var lastChange: Date
        var pending: PONEvent?
        /// The newest timestamp an event of this ONU and alarm carried (nil when none did).
        var newest: Date?
    }

    /// A debouncer holding changes for `interval` seconds, remembering `capacity` (ONU, alarm) pairs.
    public init(interval: TimeInterval, capacity: Int) {
        self.interval = interval
        states = RecentMap(capacity: capacity)
    }

    /// Settled changes due before `event`, then the event's own outcome.
    public mutating func process(_ event: PONEvent, now: Date? = nil) -> [PONEventOutcome] {
        let own = event.raisedAt ?? event.reportedAt ?? now
        guard interval > 0, event.phase != .bare, let onu = StormDetector.onuKey(event) else {
            var outcomes = advance(to: max(clock, own ?? clock))
            outcomes.append(.deliver(event))
            return outcomes
        }
        let key = "\(event.alarmInstance)\u{0}\(onu)"
        // One time per ONU and alarm, never backwards: another device's fast clock (another
        // adapter's, another OLT's) settles held changes no later, and holds none of this one's.
        let time = max(states[key]?.lastChange ?? .distantPast, own ?? clock)
        var outcomes = advance(to: time)
        let stamped = event.raisedAt ?? event.reportedAt
        guard var state = states[key] else {
            states.set(key, State(delivered: event.phase, lastChange: time, pending: nil, newest: stamped))
            outcomes.append(.deliver(event))
            return outcomes
        }
        if let stamped, let newest = state.newest, stamped < newest {
            outcomes.append(.late(event))
            return outcomes
        }
        if let stamped { state.newest = max(state.newest ?? stamped, stamped) }
        if state.pending == nil, time.timeIntervalSince(state.lastChange) >= interval {
            state.delivered = event.phase
            state.lastChange = time
            states.set(key, state)
            outcomes.append(.deliver(event))
            return outcomes
        }
        if state.pending == nil { deadlines.push(key, at: time.addingTimeInterval(interval)) }
        state.pending = event
        state.lastChange = time
        states.set(key, state)
        outcomes.append(.held(event))
        return outcomes
    }

    /// Gives a held change that names no OLT the OLT (and PON, when it names none) of `event`,
    /// the OLT's report of the same change (``PONEventFilter``): held, it was not planned yet, so
    /// once it settles it is delivered as the located report would have been. False when no such
    /// change of that ONU and alarm is held.
    @discardableResult
    mutating func locate(_ event: PONEvent) -> Bool {
        guard let olt = event.oltDeviceID, let onu = StormDetector.onuKey(event) else { return false }
        let key = "\(event.alarmInstance)\u{0}\(onu)"
        return states.modify(key) { state in
            guard var pending = state.pending, pending.phase == event.phase, pending.oltDeviceID == nil else {
                return false
            }
            pending.oltDeviceID = olt
            if pending.ponInterface == nil { pending.ponInterface = event.ponInterface }
            state.pending = pending
            return true
        } ?? false
    }

    /// Delivers (or suppresses) the held changes that have been stable for the interval at `now`.
    public mutating func advance(to now: Date) -> [PONEventOutcome] {
        clock = max(clock, now)
        var outcomes: [PONEventOutcome] = []
        for (key, _) in deadlines.popDue(clock) {
            guard var state = states[key], let pending = state.pending else { continue }
            let due = state.lastChange.addingTimeInterval(interval)
            if due > clock {
                // The ONU changed again since: wait from that change.
                deadlines.push(key, at: due)
                continue
            }
            state.pending = nil
            if pending.phase == state.delivered {
                outcomes.append(.flapSuppressed(pending))
            } else {
                state.delivered = pending.phase
                outcomes.append(.deliver(pending))
            }
            states.update(key, state)
        }
        return outcomes
    }

    /// Every held change settled (the end of a replay): as if the interval had passed.
    public mutating func flush() -> [PONEventOutcome] {
        advance(to: clock.addingTimeInterval(interval))
    }
}

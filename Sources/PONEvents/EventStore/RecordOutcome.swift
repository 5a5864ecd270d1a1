/// What ``EventStore/record(_:source:actions:)`` did.
public enum RecordOutcome: Sendable, Hashable {
    /// The event was new: it is stored, its alarm updated and its actions queued.
    case recorded(RecordedEvent)
    /// The position was already recorded with the same event, or the same event (header id,
    /// name, resource, timestamps, ONU) was recorded at another position: nothing changed. The id is
    /// the event stored the first time.
    case duplicate(eventID: Int64)

    /// Whether the position had been recorded before.
    public var isDuplicate: Bool {
        if case .duplicate = self { return true }
        return false
    }

    /// The stored event's id, new or earlier.
    public var eventID: Int64 {
        switch self {
        case .recorded(let recorded): recorded.eventID
        case .duplicate(let id): id
        }
    }
}

/// A newly recorded event and what it did to its alarm.
public struct RecordedEvent: Sendable, Hashable {
    /// The stored event's id (increasing in recording order).
    public var eventID: Int64
    /// The alarm the event raised or cleared; nil for an event that is not an alarm.
    public var alarmID: Int64?
    /// What changed in that alarm; nil for an event that is not an alarm.
    public var alarmChange: AlarmChange?
    /// The outbox ids of the actions queued with it, in the order given.
    public var actionIDs: [Int64]
}

/// What a raise or clear did to its alarm.
public enum AlarmChange: String, Sendable, Hashable, CaseIterable {
    /// A new alarm, or a cleared one raised again: now active.
    case raised
    /// A raise of an alarm already active (VOLTHA repeats some, and dying gasp has two sources):
    /// counted, still active.
    case repeated
    /// An active alarm cleared.
    case cleared
    /// A clear of an OLT-wide alarm that stands for several ports, each raised with no port
    /// (`OLT_PON_INTERFACE_DOWN` without `--voltha`: ``AlarmDerivation``): counted, still active
    /// while its episode has had more raises than clears.
    case partlyCleared = "partly-cleared"
    /// A clear of an alarm never seen raised (raised before the store existed): stored as cleared.
    case clearedWithoutRaise = "cleared-without-raise"
    /// A clear of an alarm already cleared: counted.
    case alreadyCleared = "already-cleared"
    /// A raise or clear older than the alarm's last change (events arrive out of order): counted,
    /// the state is left as the newer event set it.
    case outOfOrder = "out-of-order"
}

public import Foundation

/// An event as the store keeps it: the normalised event, where it came from and when.
public struct StoredEvent: Sendable, Hashable, Identifiable {
    /// The event's row; increases in recording order (never reused, so a follower that remembers
    /// the last id it printed misses nothing).
    public var id: Int64
    /// The event as recorded.
    public var event: PONEvent
    /// The event's time: `raised_ts`, else `reported_ts`, else when it was recorded.
    public var at: Date
    /// When the store recorded it.
    public var recordedAt: Date
    /// Where it was read from.
    public var source: EventSourcePosition
    /// The alarm it raised or cleared; nil for an event that is not an alarm.
    public var alarmID: Int64?
    /// The stored context text when it is not a JSON object of strings (a file edited or damaged
    /// by hand): `event.context` is then empty and this says what was there instead of hiding it.
    public var unreadableContext: String? = nil
}

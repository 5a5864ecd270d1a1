public import Foundation

/// Which events ``EventStore/events(_:)`` returns: every given filter must match.
public struct EventQuery: Sendable, Hashable {
    /// A VOLTHA device id: the event's ONU, its OLT, or its `resource_id`.
    public var deviceID: String?
    /// The ONU's serial number.
    public var onuSerial: String?
    /// The OLT's VOLTHA id.
    public var oltDeviceID: String?
    /// The PON interface (`intf-id`).
    public var ponInterface: UInt32?
    /// A kind (`onu_activated`, ``PONEventKind``), an alarm name (`ONU_LOSS_OF_SIGNAL`, both
    /// phases) or a full event name (`ONU_LOSS_OF_SIGNAL_CLEAR_EVENT`, that phase only).
    public var type: String?
    /// Events whose time is at or after this.
    public var since: Date?
    /// Events whose time is before this.
    public var until: Date?
    /// Events the store recorded at or after this (its own clock, not the OLT's: for questions
    /// about what is recent, which an OLT's skewed clock must not answer).
    public var recordedSince: Date?
    /// Only events recorded after this id (a follower's position).
    public var afterID: Int64?
    /// The page size, 1 … ``EventStore/maxLimit`` (larger values are lowered to it).
    public var limit: Int
    /// Matching events skipped before the page.
    public var offset: Int
    /// Newest first (the default, as the seed's API), or oldest first (for a follower).
    public var oldestFirst: Bool

    /// A query; without arguments, the 100 newest events.
    public init(
        deviceID: String? = nil,
        onuSerial: String? = nil,
        oltDeviceID: String? = nil,
        ponInterface: UInt32? = nil,
        type: String? = nil,
        since: Date? = nil,
        until: Date? = nil,
        recordedSince: Date? = nil,
        afterID: Int64? = nil,
        limit: Int = 100,
        offset: Int = 0,
        oldestFirst: Bool = false
    ) {
        self.deviceID = deviceID
        self.onuSerial = onuSerial
        self.oltDeviceID = oltDeviceID
        self.ponInterface = ponInterface
        self.type = type
        self.since = since
        self.until = until
        self.recordedSince = recordedSince
        self.afterID = afterID
        self.limit = limit
        self.offset = offset
        self.oldestFirst = oldestFirst
    }
}

/// One page of events with the number the query matched (the seed platform's `events` response:
/// `events`, `total`).
public struct EventPage: Sendable, Hashable {
    /// The page, in the query's order.
    public var events: [StoredEvent]
    /// Events matching the query, ignoring limit and offset.
    public var total: Int
}

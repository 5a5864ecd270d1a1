public import Foundation

/// Which alarms ``EventStore/alarms(_:)`` returns: every given filter must match.
public struct AlarmQuery: Sendable, Hashable {
    /// A VOLTHA device id: the alarm's ONU, its OLT, or its `resource_id`.
    public var deviceID: String?
    /// The ONU's serial number.
    public var onuSerial: String?
    /// The OLT's VOLTHA id.
    public var oltDeviceID: String?
    /// The PON interface (`intf-id`).
    public var ponInterface: UInt32?
    /// The alarm name (`ONU_LOSS_OF_SIGNAL`); a full event name is accepted and its suffix dropped.
    public var name: String?
    /// Any of these severities; empty for all.
    public var severities: Set<AlarmSeverity>
    /// Active or cleared; nil for both.
    public var state: AlarmState?
    /// Alarms that changed at or after this time.
    public var since: Date?
    /// Alarms that changed before this time.
    public var until: Date?
    /// The page size, 1 … ``EventStore/maxLimit`` (larger values are lowered to it).
    public var limit: Int
    /// Matching alarms skipped before the page, newest change first.
    public var offset: Int

    /// A query; without arguments, the 100 most recently changed alarms.
    public init(
        deviceID: String? = nil,
        onuSerial: String? = nil,
        oltDeviceID: String? = nil,
        ponInterface: UInt32? = nil,
        name: String? = nil,
        severities: Set<AlarmSeverity> = [],
        state: AlarmState? = nil,
        since: Date? = nil,
        until: Date? = nil,
        limit: Int = 100,
        offset: Int = 0
    ) {
        self.deviceID = deviceID
        self.onuSerial = onuSerial
        self.oltDeviceID = oltDeviceID
        self.ponInterface = ponInterface
        self.name = name
        self.severities = severities
        self.state = state
        self.since = since
        self.until = until
        self.limit = limit
        self.offset = offset
    }
}

/// One page of alarms with the totals of everything the query matched (the seed platform's
/// `alarms` response: `total`, `active`, `cleared`).
public struct AlarmPage: Sendable, Hashable {
    /// The page, most recently changed first.
    public var alarms: [PONAlarm]
    /// Alarms matching the query, ignoring limit and offset.
    public var total: Int
    /// Of those, active.
    public var active: Int
    /// Of those, cleared.
    public var cleared: Int
}

public import Foundation

/// An alarm as the store derives it from VOLTHA's `<NAME>_RAISE_EVENT` / `<NAME>_CLEAR_EVENT`
/// pairs: one per alarm name and device identity (``identity``), raised and cleared any number of
/// times.
public struct PONAlarm: Sendable, Hashable, Identifiable {
    /// The alarm's row; stable for the alarm's life (the REST API's `alarm_id`).
    public var id: Int64
    /// The alarm name without suffix (`ONU_LOSS_OF_SIGNAL`): the seed's `type`.
    public var name: String
    /// Which device the alarm is about, as ``AlarmKey`` derives it (`onu:HWTC1A2B3C4D`,
    /// `pon:olt-1/3`, `olt:olt-1`).
    public var identity: String
    /// Active or cleared.
    public var state: AlarmState
    /// From ``SeverityMapping`` when it was last raised.
    public var severity: AlarmSeverity
    /// `EventCategory` name of the last raise or clear (`COMMUNICATION`, `EQUIPMENT`, …).
    public var category: String
    /// `EventSubCategory` name (`PON`, `OLT`, `ONU`, `NNI`): the seed's `category`.
    public var subCategory: String
    /// `DeviceEvent.resource_id` of the event that created the alarm.
    public var resourceID: String
    /// The OLT's VOLTHA id, when an event said it.
    public var oltDeviceID: String?
    /// The ONU's VOLTHA id, when an event said it.
    public var onuDeviceID: String?
    /// The ONU's serial number, when an event said it.
    public var onuSerial: String?
    /// The PON interface, when an event said it.
    public var ponInterface: UInt32?
    /// The ONU's number on the PON, when an event said it.
    public var onuNumber: UInt32?
    /// The last raise's description.
    public var description: String
    /// The last raise's context map (or the clear's, for an alarm never seen raised).
    public var context: [String: String]
    /// The stored context text when it is not a JSON object of strings (`context` is then empty).
    public var unreadableContext: String? = nil
    /// When the current (or last) episode was raised; nil for an alarm only ever seen cleared.
    public var raisedAt: Date?
    /// When the state last changed (event time, or the operator's clear).
    public var changedAt: Date
    /// When it was cleared; nil while active.
    public var clearedAt: Date?
    /// Raise events received, repeats and late ones included.
    public var raiseCount: Int
    /// Clear events received.
    public var clearCount: Int
    /// The newest event that concerned it.
    public var lastEventID: Int64
    /// Who acknowledged the current episode; reset when the alarm is raised again.
    public var acknowledgement: OperatorNote?
    /// Who cleared it by hand, when an operator did; reset when the alarm is raised again.
    public var operatorClear: OperatorNote?
}

/// An operator's acknowledgement or clear: who, when, and an optional note.
public struct OperatorNote: Sendable, Hashable {
    /// As given (the seed takes it from the request body, not from the authenticated user).
    public var by: String
    /// When the store recorded it.
    public var at: Date
    /// Free text; nil when none was given.
    public var note: String?

    /// A note by `by` at `at`.
    public init(by: String, at: Date, note: String? = nil) {
        self.by = by
        self.at = at
        self.note = note
    }
}

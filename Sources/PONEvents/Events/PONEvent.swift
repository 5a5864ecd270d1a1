public import Foundation

/// One VOLTHA event (`event.Event` on the `voltha.events` topic), normalised so that the ONU and OLT it
/// concerns can be read the same way whichever adapter sent it.
///
/// VOLTHA puts the identities under different context keys per event family
/// (voltha-openolt-adapter `internal/pkg/core/openolt_eventmgr.go`, voltha-openonu-adapter-go
/// `internal/pkg/almgr/alarm_manager.go`, voltha-go `rw_core/core/device/agent.go`): the decoder
/// resolves them once, here, and keeps the raw context for everything else.
public struct PONEvent: Sendable, Hashable, Codable {
    /// `device_event_name` exactly as sent, e.g. `ONU_LOSS_OF_SIGNAL_RAISE_EVENT`.
    public var name: String
    /// The name without its `_RAISE_EVENT` / `_CLEAR_EVENT` suffix, old names mapped to current ones
    /// (`ONU_DYING_GASP_EVENT` → `ONU_DYING_GASP`, `ONU_ACTIVATION_FAIL` kept), e.g. `ONU_LOSS_OF_SIGNAL`.
    public var alarmName: String
    /// What happened, in Ferrule's vocabulary.
    public var kind: PONEventKind
    /// Raise, clear, or a bare event that is neither.
    public var phase: PONEventPhase
    /// `EventHeader.id` (`Voltha.openolt.<NAME>.<unix-nanos>`); not an identity for the ONU.
    public var headerID: String
    /// `EventCategory.Types` name (`COMMUNICATION`, `EQUIPMENT`, …).
    public var category: String
    /// `EventSubCategory.Types` name (`PON`, `OLT`, `ONU`, …).
    public var subCategory: String
    /// `DeviceEvent.resource_id`: the OLT for openolt alarms, the ONU for core and openonu events.
    public var resourceID: String
    /// The VOLTHA id of the OLT, when the event says or implies it.
    public var oltDeviceID: String?
    /// The VOLTHA id of the ONU, when the event says it.
    public var onuDeviceID: String?
    /// The ONU's serial number (`serial-number` or `onu-serial-number`, whichever holds the ONU's).
    public var onuSerial: String?
    /// The OLT's serial number, when the event carries it.
    public var oltSerial: String?
    /// The PON interface id (`intf-id`, `pon-id`, `onu-intf-id`).
    public var ponInterface: UInt32?
    /// The numeric ONU id on that PON (never the device id some openonu alarms put under `onu-id`).
    public var onuNumber: UInt32?
    /// When the device or adapter saw it (`raised_ts`).
    public var raisedAt: Date?
    /// When it was published (`reported_ts`).
    public var reportedAt: Date?
    /// `DeviceEvent.description`.
    public var description: String
    /// The event's context map, unchanged.
    public var context: [String: String]

    /// Creates an event from its normalised parts.
    public init(
        name: String,
        alarmName: String,
        kind: PONEventKind,
        phase: PONEventPhase,
        headerID: String = "",
        category: String = "",
        subCategory: String = "",
        resourceID: String = "",
        oltDeviceID: String? = nil,
        onuDeviceID: String? = nil,
        onuSerial: String? = nil,
        oltSerial: String? = nil,
        ponInterface: UInt32? = nil,
        onuNumber: UInt32? = nil,
        raisedAt: Date? = nil,
        reportedAt: Date? = nil,
        description: String = "",
        context: [String: String] = [:]
    ) {
        self.name = name
        self.alarmName = alarmName
        self.kind = kind
        self.phase = phase
        self.headerID = headerID
        self.category = category
        self.subCategory = subCategory
        self.resourceID = resourceID
        self.oltDeviceID = oltDeviceID
        self.onuDeviceID = onuDeviceID
        self.onuSerial = onuSerial
        self.oltSerial = oltSerial
        self.ponInterface = ponInterface
        self.onuNumber = onuNumber
        self.raisedAt = raisedAt
        self.reportedAt = reportedAt
        self.description = description
        self.context = context
    }
}

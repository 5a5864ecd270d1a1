import Foundation

/// What one PON event says, as the conditions of trigger rules see it.
///
/// The PONTriggers module fills it from a normalised VOLTHA event; tests and `ferrule explain` can
/// build one directly. Every field is optional: an event that does not carry a field fails any
/// condition on it.
public struct TriggerFacts: Sendable, Hashable, Codable {
    /// The ONU's serial number (`HWTC1A2B3C4D`).
    public var serial: String?
    /// The OLT's VOLTHA device id.
    public var oltID: String?
    /// The OLT's serial number.
    public var oltSerial: String?
    /// The PON interface (port) number on the OLT.
    public var ponPort: UInt32?
    /// The numeric ONU id on that PON.
    public var onuNumber: UInt32?
    /// The ONU's VOLTHA device id.
    public var onuDeviceID: String?
    /// The vendor id: the event's `vendor-id`, else the first four letters of a GPON serial.
    public var vendor: String?
    /// The ONU's equipment id (`equipment-id`).
    public var equipmentID: String?
    /// The ONU's active software version (`software-version`).
    public var softwareVersion: String?
    /// The VOLTHA alarm or event name without `_RAISE_EVENT` / `_CLEAR_EVENT` (`ONU_LOSS_OF_SIGNAL`).
    public var alarm: String?
    /// `raise`, `clear` or `bare`.
    public var phase: String?
    /// The event name as sent (`ONU_LOSS_OF_SIGNAL_RAISE_EVENT`).
    public var name: String?
    /// A stable identity of the event (header id and what identifies it), for idempotency keys.
    public var eventID: String?
    /// When the device saw it, milliseconds since the epoch (shown as ISO 8601 in `${event.raisedAt}`).
    public var raisedAt: Int64?
    /// The UNI the event is about, numbered as the operator sees it (`<serial>-<uni>`).
    public var uni: UInt32?
    /// ONOS events: the UNI port's name (`BBSM00000001-1`).
    public var uniPort: String?
    /// ONOS events: the OLT's OpenFlow device id (`of:…`; not VOLTHA's device id).
    public var ofDevice: String?
    /// ONOS events: the UNI's OpenFlow port number.
    public var ofPort: UInt32?
    /// ONOS DHCP events: the client's MAC address.
    public var macAddress: String?
    /// ONOS DHCP events: the IP address (assigned, on `DHCPACK`).
    public var ipAddress: String?

    public init(
        serial: String? = nil,
        oltID: String? = nil,
        oltSerial: String? = nil,
        ponPort: UInt32? = nil,
        onuNumber: UInt32? = nil,
        onuDeviceID: String? = nil,
        vendor: String? = nil,
        equipmentID: String? = nil,
        softwareVersion: String? = nil,
        alarm: String? = nil,
        phase: String? = nil,
        name: String? = nil,
        eventID: String? = nil,
        raisedAt: Int64? = nil
    ) {
        self.serial = serial
        self.oltID = oltID
        self.oltSerial = oltSerial
        self.ponPort = ponPort
        self.onuNumber = onuNumber
        self.onuDeviceID = onuDeviceID
        self.vendor = vendor
        self.equipmentID = equipmentID
        self.softwareVersion = softwareVersion
        self.alarm = alarm
        self.phase = phase
        self.name = name
        self.eventID = eventID
        self.raisedAt = raisedAt
    }

    /// The fields `${event.FIELD}` reads in action templates, by name.
    public static let templateFields = [
        "serial", "olt", "oltSerial", "ponPort", "onuId", "onuDeviceId", "vendor", "equipmentId", "softwareVersion",
        "alarm", "phase", "name", "id", "raisedAt", "trigger", "uni", "uniPort", "ofDevice", "ofPort", "mac", "ip",
    ]

    /// The value of `${event.FIELD}`, nil when the event does not carry it.
    public func field(_ name: String, trigger: TriggerEvent) -> String? {
        switch name {
        case "serial": serial
        case "olt": oltID
        case "oltSerial": oltSerial
        case "ponPort": ponPort.map { String($0) }
        case "onuId": onuNumber.map { String($0) }
        case "onuDeviceId": onuDeviceID
        case "vendor": vendor
        case "equipmentId": equipmentID
        case "softwareVersion": softwareVersion
        case "alarm": alarm
        case "phase": phase
        case "name": self.name
        case "id": eventID
        case "raisedAt":
            raisedAt.map { Date(timeIntervalSince1970: Double($0) / 1000).formatted(.iso8601) }
        case "trigger": trigger.qualifiedName
        case "uni": uni.map { String($0) }
        case "uniPort": uniPort
        case "ofDevice": ofDevice
        case "ofPort": ofPort.map { String($0) }
        case "mac": macAddress
        case "ip": ipAddress
        default: nil
        }
    }
}

/// The OLT, ONU and PON an event concerns, read from the keys its family uses.
package struct PONEventIdentity: Sendable, Hashable {
    var oltDeviceID: String?
    var onuDeviceID: String?
    var onuSerial: String?
    var oltSerial: String?
    var ponInterface: UInt32?
    var onuNumber: UInt32?

    /// Reads the identities of an event of `family`.
    static func resolve(
        family: PONEventFamily,
        alarmName: String,
        resourceID: String,
        context: [String: String]
    ) -> PONEventIdentity {
        let c = ContextReader(context)
        var id = PONEventIdentity()
        switch family {
        case .coreStateChange:
            // utils.go:75-99: `serial-number` and `id` are the device's own, OLT or ONU by `is-root`.
            if c["is-root"] == "true" {
                id.oltDeviceID = c["id"] ?? nonEmpty(resourceID)
                id.oltSerial = c["serial-number"]
            } else {
                id.onuDeviceID = c["id"] ?? nonEmpty(resourceID)
                id.onuSerial = c["serial-number"]
                id.oltDeviceID = c["parent-id"]
                id.ponInterface = c.number("parent-port").flatMap(ponInterface(fromPortNumber:))
            }
        case .coreDeleted:
            // utils.go:101-125: the ONU variant adds pon-id, onu-id, parent-id, olt-serial-number.
            if alarmName == "OLT_DELETED" {
                id.oltDeviceID = c["id"] ?? nonEmpty(resourceID)
                id.oltSerial = c["serial-number"]
            } else {
                id.onuDeviceID = c["id"] ?? nonEmpty(resourceID)
                id.onuSerial = c["serial-number"]
                id.oltDeviceID = c["parent-id"]
                id.oltSerial = c["olt-serial-number"]
                id.ponInterface = c.number("pon-id")
                id.onuNumber = c.number("onu-id")
            }
        case .openoltONU:
            // openolt_eventmgr.go:304-316. The resource id is the OLT, except on the "LOS clear on
            // re-discovery" path (device_handler.go:1905-1935, processDiscONULOSClear) where it is the ONU.
            id.onuDeviceID = c["onu-device-id"] ?? c["id"]
            if let resource = nonEmpty(resourceID), resource != id.onuDeviceID { id.oltDeviceID = resource }
            id.onuSerial = c["serial-number"]
            id.ponInterface = c.number("intf-id")
            id.onuNumber = c.number("onu-id")
        case .openoltOLT:
            id.oltDeviceID = nonEmpty(resourceID)
            // OLT_LOSS_OF_SIGNAL writes `intf-id` as PortNoToIntfID(IntfId) (openolt_eventmgr.go:249,
            // :253). The indication carries the small interface id (1), except on the reconcile path,
            // which passes it already converted (device_handler.go:953, :968): PortNoToIntfID is an
            // XOR with 0x2<<28 (vendor/github.com/opencord/voltha-lib-go/v7/pkg/platform/platform.go:147-155),
            // so it writes the port number 536870913 while `port-label` (:254) says `pon-1`. Both are PON 1.
            id.ponInterface = c.number("intf-id").map { ponInterface(fromPortNumber: $0) ?? $0 }
            id.oltSerial = c["serial-number"]
        case .openoltFailure:
            // device_handler.go:4937-4966: `serial-number` is the OLT's; intf-id and onu-id are
            // always written, meaningful only when an ONU is named.
            id.oltDeviceID = c["olt-device-id"] ?? nonEmpty(resourceID)
            id.oltSerial = c["serial-number"]
            id.onuSerial = c["onu-serial-number"]
            id.onuDeviceID = c["onu-device-id"]
            if id.onuSerial != nil || id.onuDeviceID != nil {
                id.ponInterface = c.number("intf-id")
                id.onuNumber = c.number("onu-id")
            }
        case .openonuOMCI:
            // alarm_manager.go:738-778: `onu-id` is the device id; `onu-intf-id` is a port number.
            id.onuDeviceID = c["onu-id"] ?? nonEmpty(resourceID)
            id.onuSerial = c["onu-serial-number"]
            if let port = c.number("onu-intf-id") {
                let place = placeOfOMCIPort(port)
                id.ponInterface = place.pon
                id.onuNumber = place.onu
            }
        case .openonuActivated:
            // device_handler.go:3436-3505.
            id.onuDeviceID = c["device-id"] ?? nonEmpty(resourceID)
            id.onuSerial = c["serial-number"]
            id.oltSerial = c["olt-serial-number"]
            (id.ponInterface, id.onuNumber) = openonuPlace(c)
        case .openonuFailure:
            // device_handler.go:3507-3566.
            id.onuDeviceID = c["onu-device-id"] ?? c["device-id"] ?? nonEmpty(resourceID)
            id.onuSerial = c["onu-serial-number"] ?? c["serial-number"]
            id.oltSerial = c["olt-serial-number"]
            id.oltDeviceID = c["olt-device-id"] ?? c["parent-id"]
            (id.ponInterface, id.onuNumber) = openonuPlace(c)
        case .openonuDevice:
            // onu_device_entry.go:1107-1125.
            id.onuDeviceID = nonEmpty(resourceID)
            id.onuSerial = c["onu-serial-number"]
            id.ponInterface = c.number("intf-id")
            id.onuNumber = c.number("onu-id")
        case .openonuConfig:
            // device_handler.go:5092-5130.
            id.onuDeviceID = c["onu-device-id"] ?? c["device-id"] ?? nonEmpty(resourceID)
            id.onuSerial = c["onu-serial-number"] ?? c["serial-number"]
            id.oltDeviceID = c["olt-device-id"] ?? c["parent-id"]
        case .unknown:
            id.onuSerial = c["onu-serial-number"] ?? c["serial-number"]
            id.oltSerial = c["olt-serial-number"]
            id.onuDeviceID = c["onu-device-id"] ?? c["device-id"]
            id.oltDeviceID = c["olt-device-id"]
            id.ponInterface = c.number("intf-id") ?? c.number("pon-id")
            // A non-numeric onu-id is a device id (the openonu OMCI shape).
            if let onu = c["onu-id"] {
                if let number = UInt32(decimal: onu) {
                    id.onuNumber = number
                } else {
                    id.onuDeviceID = id.onuDeviceID ?? onu
                }
            }
        }
        // One spelling per ONU (VOLTHA's), and openonu's all-zero placeholder is no serial: it would
        // make every ONU without a readable serial one ONU.
        id.onuSerial = GPONSerial.normalised(id.onuSerial)
        return id
    }

    /// The PON interface of an OLT PON port number, `0x2<<28 | intf` (voltha-lib-go
    /// `pkg/platform/platform.go:82-92, 136-153`); nil for any other number.
    package static func ponInterface(fromPortNumber port: UInt32) -> UInt32? {
        guard port >> 28 == 0x2 else { return nil }
        let intf = port & 0x0FFF_FFFF
        return intf < 256 ? intf : nil
    }

    /// Where the port number of an openonu OMCI alarm (`onu-intf-id`) points.
    ///
    /// The alarm manager writes the ONU's parent port (the OLT PON port number) for ANI-G and ONU-G
    /// alarms, and the UNI port number `pon<<16 | onu<<8 | uni` for circuit-pack and PPTP Ethernet
    /// UNI alarms (alarm_manager.go:715-736; voltha-lib-go `pkg/platform/platform.go:104-117`). A
    /// number below 256 is taken as the PON interface itself.
    static func placeOfOMCIPort(_ port: UInt32) -> (pon: UInt32?, onu: UInt32?) {
        if let pon = ponInterface(fromPortNumber: port) { return (pon, nil) }
        if port < 256 { return (port, nil) }
        if port < 1 << 24 { return ((port >> 16) & 0xFF, (port >> 8) & 0xFF) }
        return (nil, nil)
    }

    /// The UNI an openonu OMCI alarm is raised on, from its `onu-intf-id`: the uni id of a UNI port
    /// number (circuit-pack and PPTP Ethernet UNI alarms, alarm_manager.go:722-728); nil for the PON
    /// port number of ANI-G and ONU-G alarms (:729-731), for other families (openolt's `intf-id`)
    /// and for a number of no known shape.
    package static func uni(context: [String: String]) -> UInt32? {
        let c = ContextReader(context)
        guard c["intf-id"] == nil, let port = c.number("onu-intf-id") else { return nil }
        guard ponInterface(fromPortNumber: port) == nil, port >= 256, port < 1 << 24 else { return nil }
        return port & 0xFF
    }

    private static func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }

    /// `pon-id` and `onu-id` of openonu's `ONU_ACTIVATED` and failure events. Without the ONU's
    /// indication the adapter writes `0` for both (voltha-openonu-adapter-go
    /// `internal/pkg/core/device_handler.go:3452-3460, 3522-3531`); openolt numbers ONUs from 1
    /// (`OnuIDStart`), so ONU 0 on PON 0 is that default, and the place is unknown.
    private static func openonuPlace(_ c: ContextReader) -> (pon: UInt32?, onu: UInt32?) {
        let pon = c.number("pon-id")
        let onu = c.number("onu-id")
        if pon == 0, onu == 0 { return (nil, nil) }
        return (pon, onu)
    }
}

/// Context values with empty strings read as absent (VOLTHA writes `""` when it has no value,
/// e.g. `onu-device-id` for an ONU the adapter no longer caches).
private struct ContextReader {
    let context: [String: String]

    init(_ context: [String: String]) { self.context = context }

    subscript(key: String) -> String? {
        guard let value = context[key], !value.isEmpty else { return nil }
        return value
    }

    /// A decimal number, or nil when absent or not a plain decimal.
    func number(_ key: String) -> UInt32? { self[key].flatMap { UInt32(decimal: $0) } }
}

extension UInt32 {
    /// A plain decimal (digits only, no sign or spaces) that fits.
    fileprivate init?(decimal text: String) {
        guard !text.isEmpty, text.utf8.count <= 10, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return nil
        }
        self.init(text)
    }
}

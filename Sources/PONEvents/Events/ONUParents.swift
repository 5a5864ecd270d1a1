/// The OLT each ONU was last reported on, for the ONU event that does not name its OLT.
///
/// When a PON's fibre is repaired, BAL sends no per-ONU "LOS off": voltha-openolt-adapter clears the
/// loss of signal of each ONU it rediscovers (`processDiscONULOSClear`,
/// `internal/pkg/core/device_handler.go:1905-1935`, called from :1979-1991) with the ONU's own
/// device id as the resource (:1927), where every other ONU alarm has the OLT's
/// (`openolt_eventmgr.go:456-505`), and a context of `intf-id`, `onu-id`, `port-label`,
/// `serial-number` and `onu-device-id` (`openolt_eventmgr.go:304-317`): no OLT. The OLT is the one
/// the ONU was last reported on (its loss was raised there), so this memory fills it in: the
/// clear then counts in the storm on that port and matches rules scoped to that OLT.
///
/// Memory is bounded: at most `capacity` names (serial or device id), least recently seen
/// forgotten first. An ONU forgotten, or never seen on an OLT, keeps an event without one.
struct ONUParents: Sendable {
    private var olts: RecentMap<String, String>

    /// A memory of `capacity` ONU names.
    init(capacity: Int) { olts = RecentMap(capacity: capacity) }

    /// `event` with its OLT filled in when it names its ONU as the resource and no OLT, and the ONU
    /// was seen on one; an event naming both ONU and OLT is remembered.
    mutating func resolve(_ event: PONEvent) -> PONEvent {
        if let olt = event.oltDeviceID {
            learn(serial: event.onuSerial, device: event.onuDeviceID, olt: olt)
            return event
        }
        let names = Self.names(event)
        guard Self.namesONUAsResource(event), let olt = names.compactMap({ olts[$0] }).first else { return event }
        var resolved = event
        resolved.oltDeviceID = olt
        return resolved
    }

    /// Remembers that the ONU `serial` / `device` is on `olt` (a restarted consumer's active losses).
    mutating func learn(serial: String?, device: String?, olt: String) {
        if let serial { olts.set("s\u{0}\(serial)", olt) }
        if let device { olts.set("d\u{0}\(device)", olt) }
    }

    /// The openolt ONU alarm shape whose resource is the ONU itself (`intf-id` in the context,
    /// resource id = `onu-device-id`).
    static func namesONUAsResource(_ event: PONEvent) -> Bool {
        event.oltDeviceID == nil && event.ponInterface != nil && event.context["intf-id"] != nil
            && !event.resourceID.isEmpty && event.resourceID == event.onuDeviceID
    }

    private static func names(_ event: PONEvent) -> [String] {
        var names: [String] = []
        if let serial = event.onuSerial { names.append("s\u{0}\(serial)") }
        if let device = event.onuDeviceID { names.append("d\u{0}\(device)") }
        return names
    }
}

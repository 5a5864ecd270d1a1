/// The OLT (and PON) each ONU was last reported on, for the ONU events that do not name their OLT.
///
/// Two kinds of ONU event name no OLT:
/// - voltha-openonu-adapter-go's OMCI alarms (`internal/pkg/almgr/alarm_manager.go:738-778`): the
///   resource is the ONU, the context only `onu-intf-id`, `onu-id` (the ONU's device id) and
///   `onu-serial-number`; its ONU-G dying gasp is one of them, sent besides openolt's own
///   (`internal/pkg/core/openolt_eventmgr.go:363-383`, OLT as the resource). The two adapters are
///   separate processes: either report may come first.
/// - voltha-openolt-adapter's loss-of-signal clear for an ONU rediscovered after a fibre repair
///   (`processDiscONULOSClear`, `internal/pkg/core/device_handler.go:1905-1935`, called from
///   :1979-1991), with the ONU's own device id as the resource (:1927) where every other ONU alarm
///   has the OLT's (`openolt_eventmgr.go:456-505`).
///
/// The memory learns from every event that names both the ONU and its OLT (openolt's ONU alarms,
/// discovery and dying gasp, the core's ONU state changes with `parent-id` / `parent-port`), from a
/// restarted consumer's active alarms and from each reconciliation's inventory, and fills in the
/// OLT (and the PON when the event has none) of an ONU event without one. The event's own PON wins:
/// when it names another PON than the one remembered, the ONU may have moved, and the OLT is not
/// filled in. So a filled-in event counts in its port's storm, is recognised as the duplicate of
/// the other adapter's report, and matches rules scoped to that OLT.
///
/// Memory is bounded: at most `capacity` names (serial or device id), least recently seen
/// forgotten first. An ONU forgotten, or never seen with its OLT, keeps an event without one.
struct ONUParents: Sendable {
    /// Where an ONU was last reported.
    struct Parent: Sendable, Hashable {
        var olt: String
        var pon: UInt32?
    }

    private var parents: RecentMap<String, Parent>

    /// A memory of `capacity` ONU names.
    init(capacity: Int) { parents = RecentMap(capacity: capacity) }

    /// `event` with its OLT (and PON) filled in when it names its ONU and no OLT, and the ONU was
    /// seen on one; an event naming both ONU and OLT is remembered.
    mutating func resolve(_ event: PONEvent) -> PONEvent {
        if let olt = event.oltDeviceID {
            learn(serial: event.onuSerial, device: event.onuDeviceID, olt: olt, pon: event.ponInterface)
            return event
        }
        guard let parent = known(Self.names(serial: GPONSerial.normalised(event.onuSerial), device: event.onuDeviceID))
        else { return event }
        if let pon = event.ponInterface, let known = parent.pon, pon != known { return event }
        var resolved = event
        resolved.oltDeviceID = parent.olt
        if resolved.ponInterface == nil { resolved.ponInterface = parent.pon }
        return resolved
    }

    /// Remembers that the ONU `serial` / `device` is on `olt`, on PON `pon` when known (kept from
    /// before when the same OLT was remembered with one).
    mutating func learn(serial: String?, device: String?, olt: String, pon: UInt32?) {
        guard !olt.isEmpty else { return }
        let names = Self.names(serial: GPONSerial.normalised(serial), device: device)
        var parent = Parent(olt: olt, pon: pon)
        if pon == nil, let before = known(names), before.olt == olt { parent.pon = before.pon }
        for name in names { parents.set(name, parent) }
    }

    /// The parent remembered under the first of `names` that has one.
    private func known(_ names: [String]) -> Parent? {
        for name in names {
            if let parent = parents[name] { return parent }
        }
        return nil
    }

    /// The openolt ONU alarm shape whose resource is the ONU itself (`intf-id` in the context,
    /// resource id = `onu-device-id`): the rediscovery LOS clear.
    static func namesONUAsResource(_ event: PONEvent) -> Bool {
        event.oltDeviceID == nil && event.ponInterface != nil && event.context["intf-id"] != nil
            && !event.resourceID.isEmpty && event.resourceID == event.onuDeviceID
    }

    private static func names(serial: String?, device: String?) -> [String] {
        var names: [String] = []
        if let serial, !serial.isEmpty { names.append("s\u{0}\(serial)") }
        if let device, !device.isEmpty { names.append("d\u{0}\(device)") }
        return names
    }
}

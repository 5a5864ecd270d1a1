/// Which alarm an event raises or clears: its name and the identity of the device it concerns.
///
/// VOLTHA names the same ONU differently per event family (voltha.events context keys:
/// `serial-number` in openolt's ONU alarms, `onu-serial-number` in openonu's OMCI alarms; openolt
/// puts the OLT id in `resource_id`, openonu the ONU id), so the identity prefers what both
/// families share: the ONU serial the decoder resolved, then the ONU's VOLTHA id, then its place
/// on the PON, then the PON, then the OLT, and last the bare `resource_id`. A dying gasp seen by
/// the OLT (voltha-openolt-adapter `internal/pkg/core/openolt_eventmgr.go`) and by the ONU's OMCI
/// ONU-G alarm (voltha-openonu-adapter-go `internal/pkg/almgr/alarm_manager.go`) therefore lands
/// on one alarm. The serial is in its one form (``GPONSerial/normalised(_:)``): a clear spelt
/// `ALCL78DE45B1` clears the raise VOLTHA spelt `ALCL78de45b1`, and openonu's placeholder
/// `0000000000000000` is no serial (the ONU's device id then names it).
///
/// An alarm about one UNI of the ONU (``PONEvent/uniID``: openonu's PPTP Ethernet UNI and circuit-pack
/// alarms, kept per managed entity upstream, `alarm_manager.go:72-76, 141-163, 715-736`) adds the
/// UNI to the identity (`onu:HWTC1A2B3C4D/uni-1`), so LAN loss of signal on UNI 0 and on UNI 1 are
/// two alarms, and a circuit pack's `ONU_EQUIPMENT` is not the ONU-G's.
public struct AlarmKey: Sendable, Hashable, CustomStringConvertible {
    /// Alarm names sent with a `_RAISE_EVENT` suffix that are notifications, never cleared: an ONU
    /// discovered or activated, a state change, a deletion, a failed core-to-adapter call
    /// (voltha-go `rw_core/core/device/agent.go`, voltha-openonu-adapter-go
    /// `internal/pkg/core/device_handler.go`). They are events only.
    public static let notificationNames: Set<String> = [
        "ONU_DISCOVERY", "ONU_ACTIVATED", "DEVICE_STATE_CHANGE", "OLT_DELETED", "ONU_DELETED", "RPC_ERROR",
    ]

    /// Kinds that are never alarms, whatever their suffix.
    static let notificationKinds: Set<PONEventKind> = [
        .onuDiscovered, .onuActivated, .stateChange, .deviceDeleted, .kpi, .rpcError,
    ]

    /// The alarm name without suffix.
    public var name: String
    /// `onu:<serial>`, `onu-device:<id>`, `onu-at:<olt>/<pon>/<onu>`, `pon:<olt>/<pon>`, `olt:<olt>` or
    /// `resource:<id>`, followed by `/uni-<n>` for an alarm about one UNI.
    public var identity: String

    /// The alarm `event` raises or clears; nil for a bare event or a notification.
    public init?(_ event: PONEvent) {
        guard event.phase != .bare, !event.alarmName.isEmpty,
            !Self.notificationNames.contains(event.alarmName), !Self.notificationKinds.contains(event.kind)
        else { return nil }
        name = event.alarmName
        identity = Self.identity(of: event)
    }

    /// An alarm key from its parts.
    public init(name: String, identity: String) {
        self.name = name
        self.identity = identity
    }

    /// `ONU_LOSS_OF_SIGNAL@onu:HWTC1A2B3C4D`.
    public var description: String { "\(name)@\(identity)" }

    /// The most stable identity the event gives for the device it concerns.
    static func identity(of event: PONEvent) -> String {
        let device = deviceIdentity(of: event)
        guard let uni = event.uniID else { return device }
        return scoped(device, uni: uni)
    }

    /// `identity` narrowed to one UNI of the ONU.
    static func scoped(_ identity: String, uni: UInt32) -> String { "\(identity)/uni-\(uni)" }

    private static func deviceIdentity(of event: PONEvent) -> String {
        if let serial = GPONSerial.normalised(event.onuSerial) { return "onu:\(serial)" }
        if let device = nonEmpty(event.onuDeviceID) { return "onu-device:\(device)" }
        if let olt = nonEmpty(event.oltDeviceID), let pon = event.ponInterface {
            if let onu = event.onuNumber { return "onu-at:\(olt)/\(pon)/\(onu)" }
            return "pon:\(olt)/\(pon)"
        }
        if let olt = nonEmpty(event.oltDeviceID) { return "olt:\(olt)" }
        return "resource:\(event.resourceID)"
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}

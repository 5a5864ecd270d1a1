public import Foundation
public import PONEvents
import VOLTHAMessages

/// The events VOLTHA's inventory says were missed: VOLTHA's events are best effort (a failed send
/// is only logged, voltha-lib-go `pkg/events/events_proxy.go`), and none reach a consumer while it
/// or the broker is down, so after an outage `ferrule events run --voltha` compares each ONU's
/// state in `ListDevices` with what the event store recorded (``EventStore/onuLifecycles(serials:)``)
/// and derives, for an ONU administratively enabled:
///
/// | VOLTHA now | the store | derived |
/// |---|---|---|
/// | ACTIVE and REACHABLE | active signal-lost / power-lost alarms | their `_CLEAR_EVENT`s |
/// | ACTIVE and REACHABLE | no activation since its last loss (or none at all) | `ONU_ACTIVATED_RAISE_EVENT` |
/// | UNREACHABLE | activated since its last loss, no loss alarm active | `ONU_LOSS_OF_SIGNAL_RAISE_EVENT` |
///
/// Anything else derives nothing: an ONU still coming up (DISCOVERED or ACTIVATING and REACHABLE),
/// one disabled, one the store never saw up and is down now. The states are the openonu
/// adapter's: ACTIVE with `initial-mib-downloaded` is when it sends ONU_ACTIVATED
/// (voltha-openonu-adapter-go `internal/pkg/core/device_handler.go:2954-2984, 3060-3066`); the ONU
/// indication "down" that comes with a loss of signal or a dying gasp sets UNREACHABLE and
/// DISCOVERED (`device_handler.go:2664-2716`); OperStatus and ConnectStatus are voltha-protos
/// `protos/voltha_protos/common.proto` `OperStatus.Types` / `ConnectStatus.Types`.
///
/// The derived events carry the names, context keys, categories and resources VOLTHA's would
/// (openonu `device_handler.go:3438-3503` for the activation; voltha-openolt-adapter
/// `internal/pkg/core/openolt_eventmgr.go:456-505` for the loss), a header id
/// `Ferrule.reconcile.<NAME>.<ONU device id>.<pass>` and `"ferrule-reconcile": "true"` in their
/// context, and are normalised by the decoder's own code, so triggers match them as they would
/// VOLTHA's. Deriving again from the state they leave derives nothing: a pass is idempotent.
public enum PONReconciliation {
    /// The context key that marks a derived event.
    public static let marker = ReconciledEventMarks.marker
    /// How a derived event's header id begins.
    public static let headerPrefix = ReconciledEventMarks.headerPrefix

    /// The events to record for `inventory` given what the store knows (`known`, by ONU serial),
    /// in inventory order; `at` is the pass's time (the events' raised and reported time).
    public static func derive(
        inventory: [OnuInventoryEntry],
        known: [String: ONULifecycle],
        at: Date
    ) -> [PONEvent] {
        var out: [PONEvent] = []
        for onu in inventory where onu.adminState == .enabled && !onu.serialNumber.isEmpty {
            let lifecycle = known[onu.serialNumber] ?? ONULifecycle()
            if onu.operStatus == .active, onu.connectStatus == .reachable {
                for name in lifecycle.activeLossAlarms { out.append(loss(onu, name: name, raise: false, at: at)) }
                if !lifecycle.activatedSinceLoss { out.append(activated(onu, at: at)) }
            } else if onu.connectStatus == .unreachable, lifecycle.activatedSinceLoss,
                lifecycle.activeLossAlarms.isEmpty
            {
                out.append(loss(onu, name: "ONU_LOSS_OF_SIGNAL", raise: true, at: at))
            }
        }
        return out
    }

    /// `ONU_ACTIVATED_RAISE_EVENT` as the openonu adapter sends it (EQUIPMENT / PON, resource and
    /// key the ONU).
    static func activated(_ onu: OnuInventoryEntry, at: Date) -> PONEvent {
        let context = [
            "pon-id": String(onu.ponInterface), "onu-id": String(onu.onuID), "serial-number": onu.serialNumber,
            "olt-serial-number": onu.oltSerialNumber, "device-id": onu.deviceID, "registration-id": onu.deviceID,
            "vendor-id": onu.vendorID, "software-version": onu.activeSoftware,
            "inactive-software-version": onu.standbySoftware, marker: "true",
        ]
        return make(
            "ONU_ACTIVATED_RAISE_EVENT",
            resource: onu.deviceID,
            onu: onu,
            context: context,
            category: "EQUIPMENT",
            subCategory: "PON",
            at: at
        )
    }

    /// An openolt ONU alarm `<name>_RAISE_EVENT` / `_CLEAR_EVENT` (COMMUNICATION / ONU, resource the OLT).
    static func loss(_ onu: OnuInventoryEntry, name: String, raise: Bool, at: Date) -> PONEvent {
        let context = [
            "intf-id": String(onu.ponInterface), "onu-id": String(onu.onuID), "port-label": onu.ponLabel,
            "serial-number": onu.serialNumber, "onu-device-id": onu.deviceID, marker: "true",
        ]
        return make(
            name + (raise ? "_RAISE_EVENT" : "_CLEAR_EVENT"),
            resource: onu.oltID,
            onu: onu,
            context: context,
            category: "COMMUNICATION",
            subCategory: "ONU",
            at: at
        )
    }

    private static func make(
        _ name: String,
        resource: String,
        onu: OnuInventoryEntry,
        context: [String: String],
        category: String,
        subCategory: String,
        at: Date
    ) -> PONEvent {
        var device = Event_DeviceEvent()
        device.deviceEventName = name
        device.resourceID = resource
        device.description_p = "derived by ferrule from VOLTHA's ListDevices: the event itself was not received"
        device.context = context
        var event = PONEventNormaliser.deviceEvent(device)
        let (alarmName, _) = PONEventNormaliser.split(name)
        let millis = Int64((at.timeIntervalSince1970 * 1000).rounded(.down))
        event.headerID = "\(headerPrefix)\(alarmName).\(onu.deviceID).\(millis)"
        event.category = category
        event.subCategory = subCategory
        event.raisedAt = at
        event.reportedAt = at
        // The openolt alarms name the OLT only as their resource; the inventory knows it for both.
        if event.oltDeviceID == nil { event.oltDeviceID = onu.oltID }
        return event
    }
}

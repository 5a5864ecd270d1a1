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
/// | ACTIVE, REACHABLE, reason `omci-flows-pushed` | no `SERVICE_READY` since its last loss | `SERVICE_READY` |
/// | UNREACHABLE, its OLT in service, its PON port not disabled | activated since its last loss, no loss alarm active | `ONU_LOSS_OF_SIGNAL_RAISE_EVENT` |
///
/// Anything else derives nothing: an ONU still coming up (DISCOVERED or ACTIVATING and REACHABLE),
/// one disabled, one the store never saw up and is down now, and an ONU that is UNREACHABLE because
/// its OLT is not in service (``OnuInventoryEntry/oltInService``: enabled, REACHABLE, ACTIVE) or
/// because the operator disabled its PON port (``OnuInventoryEntry/ponDisabled``).
/// VOLTHA sends no loss of signal for those: an operator's DisableDevice of the OLT only tells the
/// ONUs "unreachable" (voltha-openolt-adapter `internal/pkg/core/device_handler.go:2482-2521`
/// `notifyChildDevices`), and the openonu adapter then sets UNREACHABLE and DISCOVERED without an
/// event (voltha-openonu-adapter-go `internal/pkg/core/device_handler.go:2700-2730`); an OLT whose
/// heartbeat is lost becomes UNREACHABLE with oper UNKNOWN and VOLTHA reports it once, as
/// `OLT_COMMUNICATION_FAILURE_RAISE_EVENT` (openolt `device_handler.go:3079-3115`,
/// `openolt_eventmgr.go:155-191`); an OLT its agent reports down goes oper UNKNOWN and tells its
/// ONUs "down", again with no per-ONU alarm (`device_handler.go:1119-1179`); and a PON port the
/// operator disabled (`DisablePort`) has its interface events dropped (`openolt_eventmgr.go:659-671`).
/// A PON port down by itself is different: its loss of signal is sent for every ONU on it
/// (`openolt_eventmgr.go:245-273`), so a loss is derived there as for any ONU. Deriving a loss per ONU
/// there would fire `signal_lost` triggers for a planned maintenance or for what is one OLT fault.
///
/// `SERVICE_READY` is Ferrule's own event, not VOLTHA's: the openonu adapter only writes the reason
/// `omci-flows-pushed` to the core when the ONU's flows are configured (`device_handler.go:3207-3217`)
/// and publishes nothing, so the periodic listing is where the change is seen. It is derived once
/// per time in service: when the store has none since the ONU's last loss (it records it like the
/// other derived events, so a restart does not derive it again), or when the previous pass of this
/// process saw the ONU not ready (coming up, its OLT disabled, its flows removed and pushed again):
/// ``derive(inventory:known:notReadyBefore:at:)``.
///
/// The states are the openonu adapter's: ACTIVE with `initial-mib-downloaded` is when it sends
/// ONU_ACTIVATED (voltha-openonu-adapter-go `internal/pkg/core/device_handler.go:2954-2984,
/// 3060-3066`); the ONU indication "down" that comes with a loss of signal or a dying gasp sets
/// UNREACHABLE and DISCOVERED (`device_handler.go:2664-2716`); OperStatus and ConnectStatus are
/// voltha-protos `protos/voltha_protos/common.proto` `OperStatus.Types` / `ConnectStatus.Types`.
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

    /// The name of the event derived when an ONU's reason becomes ``serviceReadyReason``.
    public static let serviceReadyName = ReconciledEventMarks.serviceReady
    /// The openonu device reason that says the ONU's flows are configured
    /// (voltha-openonu-adapter-go `internal/pkg/common/defines.go:118`, `DrOmciFlowsPushed`).
    public static let serviceReadyReason = "omci-flows-pushed"

    /// The events to record for `inventory` given what the store knows (`known`, by ONU serial),
    /// in inventory order; `at` is the pass's time (the events' raised and reported time).
    /// `notReadyBefore` holds the serials the previous pass of this process saw up without the
    /// reason `omci-flows-pushed` (``notReady(_:)`` of that pass's inventory; empty at start).
    public static func derive(
        inventory: [OnuInventoryEntry],
        known: [String: ONULifecycle],
        notReadyBefore: Set<String> = [],
        at: Date
    ) -> [PONEvent] {
        var out: [PONEvent] = []
        for onu in inventory where onu.adminState == .enabled && !onu.serialNumber.isEmpty {
            let lifecycle = known[onu.serialNumber] ?? ONULifecycle()
            if onu.operStatus == .active, onu.connectStatus == .reachable {
                for name in lifecycle.activeLossAlarms { out.append(loss(onu, name: name, raise: false, at: at)) }
                if activates(onu, lifecycle) { out.append(activated(onu, at: at)) }
                if onu.reason == serviceReadyReason,
                    !lifecycle.serviceReadySinceLoss || notReadyBefore.contains(onu.serialNumber)
                {
                    out.append(serviceReady(onu, at: at))
                }
            } else if onu.connectStatus == .unreachable, onu.oltInService, !onu.ponDisabled,
                lifecycle.activatedSinceLoss,
                lifecycle.activeLossAlarms.isEmpty
            {
                out.append(loss(onu, name: "ONU_LOSS_OF_SIGNAL", raise: true, at: at))
            }
        }
        return out
    }

    /// The ONUs of `inventory` that ``derive(inventory:known:notReadyBefore:at:)`` derives an
    /// `ONU_ACTIVATED_RAISE_EVENT` for: the ones whose software versions (``OnuSoftware``) the
    /// caller reads first, so that the event carries them as the adapter's own does.
    public static func activations(inventory: [OnuInventoryEntry], known: [String: ONULifecycle]) -> [OnuInventoryEntry]
    {
        inventory.filter { onu in
            onu.adminState == .enabled && !onu.serialNumber.isEmpty && onu.operStatus == .active
                && onu.connectStatus == .reachable && activates(onu, known[onu.serialNumber] ?? ONULifecycle())
        }
    }

    /// Whether an ONU up now (enabled, ACTIVE, REACHABLE) gets an activation: none since its last loss.
    private static func activates(_ onu: OnuInventoryEntry, _ lifecycle: ONULifecycle) -> Bool {
        !lifecycle.activatedSinceLoss
    }

    /// The serials of the enabled ONUs in `inventory` that are not ready (not ACTIVE and
    /// REACHABLE with the reason `omci-flows-pushed`): what the next pass's `notReadyBefore` is.
    public static func notReady(_ inventory: [OnuInventoryEntry]) -> Set<String> {
        var out: Set<String> = []
        for onu in inventory where onu.adminState == .enabled && !onu.serialNumber.isEmpty {
            if onu.operStatus != .active || onu.connectStatus != .reachable || onu.reason != serviceReadyReason {
                out.insert(onu.serialNumber)
            }
        }
        return out
    }

    /// `SERVICE_READY`: Ferrule's event for an ONU whose reason became `omci-flows-pushed` (VOLTHA
    /// has none); EQUIPMENT / ONU, resource the ONU, context as `ONU_ACTIVATED`'s plus `reason`.
    static func serviceReady(_ onu: OnuInventoryEntry, at: Date) -> PONEvent {
        let context = [
            "pon-id": String(onu.ponInterface), "onu-id": String(onu.onuID), "serial-number": onu.serialNumber,
            "olt-serial-number": onu.oltSerialNumber, "device-id": onu.deviceID, "reason": onu.reason,
            "vendor-id": onu.vendorID, marker: "true",
        ]
        return make(
            serviceReadyName,
            resource: onu.deviceID,
            onu: onu,
            context: context,
            category: "EQUIPMENT",
            subCategory: "ONU",
            at: at
        )
    }

    /// `ONU_ACTIVATED_RAISE_EVENT` as the openonu adapter sends it (EQUIPMENT / PON, resource and
    /// key the ONU). `software-version` / `inactive-software-version` are the entry's versions: the
    /// adapter's event takes them from the ONU's software image MEs (voltha-openonu-adapter-go
    /// `internal/pkg/core/device_handler.go:3476-3477`), which VOLTHA's device record does not
    /// hold, so the caller reads them with `GetOnuImages` first (``activations(inventory:known:)``,
    /// ``OnuSoftware``); empty when that failed.
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
        device.description_p =
            name == serviceReadyName
            ? "derived by ferrule from VOLTHA's ListDevices: the ONU's reason is \(serviceReadyReason)"
            : "derived by ferrule from VOLTHA's ListDevices: the event itself was not received"
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

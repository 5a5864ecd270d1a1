import Foundation
public import PONEvents
public import Rules

/// From a normalised VOLTHA event to the triggers of the rule language and the facts their
/// conditions test.
///
/// | trigger | events |
/// |---|---|
/// | `onu_discovered` | `ONU_DISCOVERY_RAISE_EVENT` (once per ONU device lifetime, voltha-openolt-adapter `internal/pkg/core/device_handler.go`) |
/// | `onu_activated` | `ONU_ACTIVATED_RAISE_EVENT`; or `DEVICE_STATE_CHANGE_RAISE_EVENT` of a non-root device to oper ACTIVE, connect REACHABLE, admin ENABLED from a state that was not up |
/// | `service_ready` | `SERVICE_READY`, which a reconciliation with VOLTHA derives when an ONU's reason becomes `omci-flows-pushed` (VOLTHA publishes no reason change: ``TriggerSources``); or any event whose context says `reason: omci-flows-pushed` |
/// | `signal_lost` | `ONU_LOSS_OF_SIGNAL_RAISE_EVENT` |
/// | `power_lost` | `ONU_DYING_GASP_RAISE_EVENT` (either source; the old bare `ONU_DYING_GASP_EVENT` too) |
/// | `recovered` | the `_CLEAR_EVENT` of loss of signal or dying gasp; a state change back to ACTIVE + REACHABLE from UNREACHABLE or FAILED |
/// | `pon_down` / `pon_up` | `OLT_LOSS_OF_SIGNAL_RAISE_EVENT` / `_CLEAR_EVENT` (a cut fibre), `OLT_PON_INTERFACE_DOWN_RAISE_EVENT` / `_CLEAR_EVENT`, a LOS storm's start / end (once per outage whichever reports it: ``StormDetector``) |
/// | `config_failed` | `ONU_CONFIG_FAILED`, `ONU_*_FAILED` / `*_FAILURE` with an `error-code`, `ONU_ACTIVATION_FAIL` |
/// | `alarm` | every other alarm, raised or cleared (`ONU_Ethernet_UNI`, optical levels …) |
///
/// OLT-wide events (`OLT_DOWN_INDICATION`, `OLT_COMMUNICATION_FAILURE`), deletions, KPIs, RPC errors and
/// unknown names trigger nothing. Context keys: voltha-go `rw_core/core/device/agent.go` (state changes),
/// voltha-openonu-adapter-go `internal/pkg/core/device_handler.go` (`ONU_ACTIVATED`: `vendor-id`,
/// `equipment-id`, `software-version`).
public enum TriggerMapping {
    /// The triggers `event` fires (none, one, or — never in practice — more).
    public static func triggers(for event: PONEvent) -> [TriggerEvent] {
        if event.name == "SERVICE_READY" || (!event.context.isEmpty && event.context["reason"] == "omci-flows-pushed") {
            return single[.serviceReady] ?? []
        }
        let trigger: TriggerEvent
        switch (event.kind, event.phase) {
        case (.onuDiscovered, .raise), (.onuDiscovered, .bare): trigger = .onuDiscovered
        case (.onuActivated, .raise), (.onuActivated, .bare): trigger = .onuActivated
        case (.signalLost, .raise), (.signalLost, .bare): trigger = .signalLost
        case (.powerLost, .raise), (.powerLost, .bare): trigger = .powerLost
        case (.signalLost, .clear), (.powerLost, .clear): trigger = .recovered
        case (.ponDown, .raise), (.ponDown, .bare): trigger = .ponDown
        case (.ponDown, .clear): trigger = .ponUp
        case (.configFailed, _): trigger = .configFailed
        case (.alarm, _): trigger = .alarm
        case (.stateChange, _): return stateChange(event.context)
        case (.onos, _): return ONOSTriggerMapping.triggers(for: event)
        default: return []
        }
        return single[trigger] ?? [trigger]
    }

    /// One list per trigger, made once: mapping an event allocates nothing.
    private static let single: [TriggerEvent: [TriggerEvent]] = Dictionary(
        uniqueKeysWithValues: TriggerEvent.allCases.map { ($0, [$0]) }
    )

    /// An ONU's state change: in service (activated, or recovered when it was unreachable or failed).
    static func stateChange(_ context: [String: String]) -> [TriggerEvent] {
        guard context["is-root"] == "false", context["oper-state"] == "ACTIVE",
            context["connect-state"] == "REACHABLE", context["admin-state"] == "ENABLED"
        else { return [] }
        let previousOper = context["prev-oper-state"] ?? ""
        let previousConnect = context["prev-connect-state"] ?? ""
        let previousAdmin = context["prev-admin-state"] ?? ""
        if previousOper == "ACTIVE" && previousConnect == "REACHABLE" && previousAdmin == "ENABLED" { return [] }
        if previousConnect == "UNREACHABLE" || previousOper == "FAILED" { return single[.recovered] ?? [.recovered] }
        return single[.onuActivated] ?? [.onuActivated]
    }

    /// What the conditions of trigger rules see of `event`.
    public static func facts(for event: PONEvent) -> TriggerFacts {
        let serial = event.onuSerial.flatMap { $0.isEmpty ? nil : $0 }
        let facts = TriggerFacts(
            serial: serial,
            oltID: event.oltDeviceID,
            oltSerial: event.oltSerial,
            ponPort: event.ponInterface,
            onuNumber: event.onuNumber,
            onuDeviceID: event.onuDeviceID,
            vendor: event.context["vendor-id"].flatMap { $0.isEmpty ? nil : $0 } ?? serial.flatMap(GPONSerial.vendor),
            equipmentID: event.context["equipment-id"],
            softwareVersion: event.context["software-version"],
            alarm: event.alarmName,
            phase: event.phase.rawValue,
            name: event.name,
            eventID: identity(of: event),
            raisedAt: event.raisedAt.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
        )
        return ONOSTriggerMapping.adding(event, to: facts)
    }

    /// A stable identity of one event: the header id (which carries the publish time in nanoseconds)
    /// with the name, resource, serial and raise time, so a re-delivered event has the same identity.
    public static func identity(of event: PONEvent) -> String {
        let raised = event.raisedAt.map { String(Int64(($0.timeIntervalSince1970 * 1000).rounded())) } ?? ""
        let serial = event.onuSerial ?? ""
        // One allocation: this runs for every event.
        var id = ""
        id.reserveCapacity(
            event.headerID.utf8.count + event.name.utf8.count + event.resourceID.utf8.count + serial.utf8.count
                + raised.utf8.count + 4
        )
        id += event.headerID
        id += "|"
        id += event.name
        id += "|"
        id += event.resourceID
        id += "|"
        id += serial
        id += "|"
        id += raised
        return id
    }
}

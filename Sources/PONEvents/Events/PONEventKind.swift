/// What a VOLTHA event means for the CPE behind the ONU, in Ferrule's vocabulary.
public enum PONEventKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// `ONU_DISCOVERY_RAISE_EVENT`: the openolt adapter created the ONU device (once per device lifetime).
    case onuDiscovered = "onu_discovered"
    /// `ONU_ACTIVATED_RAISE_EVENT` (openonu): MIB downloaded, UNIs unlocked, oper ACTIVE.
    case onuActivated = "onu_activated"
    /// `ONU_LOSS_OF_SIGNAL_*`.
    case signalLost = "signal_lost"
    /// `ONU_DYING_GASP_*` from either the OLT indication or the OMCI ONU-G alarm.
    case powerLost = "power_lost"
    /// A PON port down: `OLT_LOSS_OF_SIGNAL_*` (the port lost all light, a cut fibre; names its
    /// PON) and `OLT_PON_INTERFACE_DOWN_*` (the port's oper state; names no interface: resolved by
    /// listing the OLT's ports).
    case ponDown = "pon_down"
    /// `OLT_DOWN_INDICATION_*`, `OLT_COMMUNICATION_FAILURE_*`.
    case oltDown = "olt_down"
    /// `DEVICE_STATE_CHANGE_RAISE_EVENT` from the core.
    case stateChange = "state_change"
    /// `OLT_DELETED_RAISE_EVENT`, `ONU_DELETED_RAISE_EVENT`.
    case deviceDeleted = "device_deleted"
    /// `ONU_CONFIG_FAILED`, `ONU_*_FAILED` / `*_FAILURE` with an `error-code`, `ONU_ACTIVATION_FAIL`.
    case configFailed = "config_failed"
    /// Any other alarm (`<NAME>_RAISE_EVENT` / `_CLEAR_EVENT`): optical levels, temperature, LOF, …
    case alarm
    /// A KPI event (`STATS_PUBLISH_EVENT`).
    case kpi
    /// The core's `RPC_ERROR_RAISE_EVENT`.
    case rpcError = "rpc_error"
    /// A name Ferrule does not know: kept, logged, never fatal.
    case unknown
    /// An ONOS event (kafka-onos JSON on `onu.events`, `authentication.events`, `dhcp.events`;
    /// ``ONOSEventDecoder``): the name says what happened (`ONOS_UNI_ADDED`, `ONOS_DHCP_ACK` …).
    case onos
}

/// Whether an event raises an alarm, clears it, or is a bare event.
public enum PONEventPhase: String, Sendable, Hashable, Codable, CaseIterable {
    /// `<NAME>_RAISE_EVENT`.
    case raise
    /// `<NAME>_CLEAR_EVENT`.
    case clear
    /// A name without either suffix (`ONU_DISABLE`, `ONU_CONFIG_FAILED`, …).
    case bare
}

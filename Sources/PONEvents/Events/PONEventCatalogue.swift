/// Every `device_event_name` VOLTHA 2.x sends, without its `_RAISE_EVENT` / `_CLEAR_EVENT` suffix,
/// with the kind Ferrule gives it and the family whose context keys it uses.
///
/// Sources: voltha-go `rw_core/core/device/agent.go` and `rw_core/core/device/event/event.go`,
/// voltha-lib-go `pkg/events/utils.go`; voltha-openolt-adapter
/// `internal/pkg/core/openolt_eventmgr.go:38-64` and `internal/pkg/events/common.go:39-44`;
/// voltha-openonu-adapter-go `internal/pkg/almgr/alarm_manager.go:141-182`,
/// `internal/pkg/core/device_handler.go:121-124` and `internal/pkg/common/defines.go:376-402`.
enum PONEventCatalogue {
    struct Entry: Sendable, Hashable {
        var kind: PONEventKind
        var family: PONEventFamily
    }

    /// The entry for `alarmName` (the name without its phase suffix), or nil for a name Ferrule
    /// does not know.
    static func entry(_ alarmName: String) -> Entry? { entries[alarmName] }

    /// Names sent bare before they were renamed, and the name Ferrule files them under.
    ///
    /// `ONU_DYING_GASP_EVENT` was the openolt dying gasp before VOL-5206 (voltha-openolt-adapter
    /// commit 1992f998, Nov 2023, `openolt_eventmgr.go:387` then); it was sent on the indication
    /// whatever its status, and VOLTHA sent it for the "on" indication in practice, so it is read as
    /// a raise. `ONU_ACTIVATION_FAIL` (openolt ≤ 4.7.0, replaced by `ONU_UPDATE_COMMUNICATION_FAILED`
    /// with `error-code` `ERR_ACTIVATE_ONU` in VOL-5595) keeps its name.
    static let legacyNames: [String: (alarmName: String, phase: PONEventPhase)] = [
        "ONU_DYING_GASP_EVENT": ("ONU_DYING_GASP", .raise)
    ]

    /// The name Ferrule gives KPI events (`STATS_PUBLISH_EVENT`, the id the openolt adapter passes
    /// to `SendKpiEvent`: voltha-openolt-adapter `internal/pkg/core/statsmanager.go:795`).
    static let kpiName = "STATS_PUBLISH_EVENT"

    /// The name of the core's RPC events: the only one it sends (voltha-go
    /// `rw_core/core/device/agent.go:271-273`); the name travels only in the header id.
    static let rpcErrorName = "RPC_ERROR_RAISE_EVENT"

    private static let entries: [String: Entry] = {
        var table: [String: Entry] = [:]
        func add(_ names: [String], _ kind: PONEventKind, _ family: PONEventFamily) {
            for name in names { table[name] = Entry(kind: kind, family: family) }
        }
        // Core (voltha-lib-go pkg/events/utils.go:59-64).
        add(["DEVICE_STATE_CHANGE"], .stateChange, .coreStateChange)
        add(["OLT_DELETED", "ONU_DELETED"], .deviceDeleted, .coreDeleted)
        // openolt, one ONU (openolt_eventmgr.go:38-64).
        add(["ONU_DISCOVERY"], .onuDiscovered, .openoltONU)
        add(["ONU_LOSS_OF_SIGNAL"], .signalLost, .openoltONU)
        add(["ONU_DYING_GASP"], .powerLost, .openoltONU)
        add(["ONU_DISABLE", "ONU_ENABLE"], .stateChange, .openoltONU)
        add(["ONU_ACTIVATION_FAIL"], .configFailed, .openoltONU)
        add(
            [
                "ONU_LOSS_OF_BURST", "ONU_LOPC_MISS", "ONU_LOPC_MIC_ERROR", "ONU_LOSS_OF_FRAME", "ONU_LOSS_OF_PLOAM",
                "ONU_LOSS_OF_OMCI_CHANNEL", "ONU_DRIFT_OF_WINDOW", "ONU_SIGNAL_DEGRADE", "ONU_SIGNALS_FAIL",
                "ONU_STARTUP_FAIL", "ONU_LOSS_OF_KEY_SYNC", "ONU_DEACTIVATION_FAILURE", "ONU_REMOTE_DEFECT",
                "ONU_LOSS_OF_GEM_CHANNEL_DELINEATION", "ONU_PHYSICAL_EQUIPMENT_ERROR", "ONU_LOSS_OF_ACKNOWLEDGEMENT",
                "ONU_DIFFERENTIAL_REACH_EXCEEDED",
            ],
            .alarm,
            .openoltONU
        )
        // openolt, the OLT or a PON port.
        // OLT_LOSS_OF_SIGNAL is the OLT's report of a PON port that lost all light (a cut feeder
        // fibre): raised until the port's LOS indication is "off" (openolt_eventmgr.go:245-287), so
        // it is the PON going down and coming back, as OLT_PON_INTERFACE_DOWN (:660-690, the port's
        // oper state) is.
        add(["OLT_LOSS_OF_SIGNAL", "OLT_PON_INTERFACE_DOWN"], .ponDown, .openoltOLT)
        add(["OLT_DOWN_INDICATION", "OLT_COMMUNICATION_FAILURE"], .oltDown, .openoltOLT)
        add(["OLT_REBOOT_FAILED"], .alarm, .openoltOLT)
        // openolt failure events (internal/pkg/events/common.go:39-44, VOL-5595).
        add(
            ["ONU_UPDATE_COMMUNICATION_FAILED", "OLT_DEVICE_STATE_UPDATE_FAILED", "OLT_DEVICE_DB_UPDATE_FAILURE"],
            .configFailed,
            .openoltFailure
        )
        // openonu.
        add(["ONU_ACTIVATED"], .onuActivated, .openonuActivated)
        add(
            [
                "ONU_EQUIPMENT", "ONU_SELF_TEST_FAIL", "ONU_LASER_EOL", "ONU_TEMP_YELLOW", "ONU_TEMP_RED",
                "ONU_Ethernet_UNI", "ONU_VOLTAGE_YELLOW", "ONU_VOLTAGE_RED", "ONU_LOW_RX_OPTICAL",
                "ONU_HIGH_RX_OPTICAL", "ONU_BIT_ERROR_BASED_SIGNAL_FAIL", "ONU_BIT_ERROR_BASED_SIGNAL_DEGRADE",
                "ONU_LOW_TX_OPTICAL", "ONU_HIGH_TX_OPTICAL", "ONU_LASER_BIAS_CURRENT",
            ],
            .alarm,
            .openonuOMCI
        )
        add(
            ["ONU_INITIALIZATION_FAILED", "ONU_DEVICE_UPDATE_FAILED", "ONU_DEVICE_DB_UPDATE_FAILURE"],
            .configFailed,
            .openonuFailure
        )
        add(
            [
                "ONU_MIB_AUDIT_FAILURE_MDS", "ONU_OMCI_COMMUNICATION_FAILURE_CONFIG",
                "ONU_OMCI_COMMUNICATION_FAILURE_SW_UPGRADE", "ONU_CONFIG_FAILURE_RESPONSE_ERROR",
                "ONU_CONFIG_FAILURE_TIMEOUT", "ONU_CONFIG_FAILURE_MISSING_TCONT",
                "ONU_CONFIG_FAILURE_MISSING_US_PRIORITY_QUEUE",
            ],
            .configFailed,
            .openonuDevice
        )
        add(["ONU_CONFIG_FAILED", "ONU_RECONCILE_FAILED"], .configFailed, .openonuConfig)
        return table
    }()

    /// Every known name (without suffix), for documentation and tests.
    static var knownNames: [String] { entries.keys.sorted() }
}

extension PONEventKind {
    /// The kind the consumer gives an event of this `device_event_name` (with or without its
    /// `_RAISE_EVENT` / `_CLEAR_EVENT` suffix), or nil for a name Ferrule does not know.
    public init?(eventName: String) {
        guard let entry = PONEventCatalogue.entry(PONEventNormaliser.split(eventName).0) else { return nil }
        self = entry.kind
    }
}

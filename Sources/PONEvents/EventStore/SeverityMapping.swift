/// The severity of each alarm name: VOLTHA 2.x events carry none, so Ferrule assigns one.
///
/// The built-in table (``builtIn``) follows ITU-T X.733's definitions: *critical* when a
/// service-affecting condition has occurred for many subscribers at once (a whole OLT or PON),
/// *major* when service to one subscriber is lost or about to be, *minor* for a degradation that
/// does not yet affect service (optical levels, bit errors under the fail threshold),
/// *warning* for conditions that may be the subscriber's own doing, and *indeterminate* for
/// names Ferrule does not know. docs/alarms.md gives the reason for each row. Operators replace
/// any row, and the default, with a YAML file (``SeverityOverrideReader``).
public struct SeverityMapping: Sendable, Hashable {
    /// Severity by alarm name (without `_RAISE_EVENT` / `_CLEAR_EVENT`).
    public private(set) var severities: [String: AlarmSeverity]
    /// The severity of a name not in ``severities``.
    public var fallback: AlarmSeverity

    /// A mapping from its table and fallback.
    public init(severities: [String: AlarmSeverity], fallback: AlarmSeverity = .indeterminate) {
        self.severities = severities
        self.fallback = fallback
    }

    /// The severity of alarm `name`.
    public func severity(of name: String) -> AlarmSeverity {
        severities[name] ?? fallback
    }

    /// This mapping with `overrides` replacing its rows, and `fallback` when given.
    public func overridden(by overrides: [String: AlarmSeverity], fallback: AlarmSeverity? = nil) -> SeverityMapping {
        SeverityMapping(
            severities: severities.merging(overrides) { _, new in new },
            fallback: fallback ?? self.fallback
        )
    }

    /// Ferrule's table, from the alarm names VOLTHA 2.x raises and clears
    /// (voltha-openolt-adapter `internal/pkg/core/openolt_eventmgr.go`,
    /// voltha-openonu-adapter-go `internal/pkg/almgr/alarm_manager.go`).
    public static let builtIn = SeverityMapping(
        severities: Dictionary(uniqueKeysWithValues: table.flatMap { severity, names in names.map { ($0, severity) } })
    )

    private static let table: [(AlarmSeverity, [String])] = [
        // A whole OLT or PON, hundreds of subscribers: service lost now.
        (
            .critical,
            ["OLT_DOWN_INDICATION", "OLT_COMMUNICATION_FAILURE", "OLT_LOSS_OF_SIGNAL", "OLT_PON_INTERFACE_DOWN"]
        ),
        // One subscriber's service lost (or an ONU that cannot be managed or started).
        (
            .major,
            [
                "ONU_LOSS_OF_SIGNAL", "ONU_DYING_GASP", "ONU_LOSS_OF_BURST", "ONU_LOSS_OF_FRAME", "ONU_LOSS_OF_PLOAM",
                "ONU_LOPC_MISS", "ONU_LOPC_MIC_ERROR", "ONU_LOSS_OF_OMCI_CHANNEL", "ONU_SIGNALS_FAIL",
                "ONU_BIT_ERROR_BASED_SIGNAL_FAIL", "ONU_STARTUP_FAIL", "ONU_LOSS_OF_KEY_SYNC",
                "ONU_LOSS_OF_GEM_CHANNEL_DELINEATION", "ONU_DEACTIVATION_FAILURE", "ONU_PHYSICAL_EQUIPMENT_ERROR",
                "ONU_EQUIPMENT", "ONU_SELF_TEST_FAIL", "ONU_TEMP_RED", "ONU_VOLTAGE_RED", "OLT_REBOOT_FAILED",
            ]
        ),
        // Degraded but in service: act before it becomes a loss.
        (
            .minor,
            [
                "ONU_LOW_RX_OPTICAL", "ONU_HIGH_RX_OPTICAL", "ONU_LOW_TX_OPTICAL", "ONU_HIGH_TX_OPTICAL",
                "ONU_LASER_BIAS_CURRENT", "ONU_LASER_EOL", "ONU_SIGNAL_DEGRADE", "ONU_BIT_ERROR_BASED_SIGNAL_DEGRADE",
                "ONU_DRIFT_OF_WINDOW", "ONU_REMOTE_DEFECT", "ONU_DIFFERENTIAL_REACH_EXCEEDED",
                "ONU_LOSS_OF_ACKNOWLEDGEMENT", "ONU_TEMP_YELLOW", "ONU_VOLTAGE_YELLOW",
            ]
        ),
        // A LAN port without link: often the subscriber unplugged a cable.
        (.warning, ["ONU_Ethernet_UNI"]),
    ]
}

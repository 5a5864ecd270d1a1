/// Which VOLTHA component sent an event, which decides the context keys its identities are under.
///
/// The same key means different things per family: `serial-number` is the ONU's in openolt ONU
/// alarms but the OLT's in the openolt failure events, and `onu-id` is the numeric ONU id
/// everywhere except the openonu OMCI alarms, where it holds the ONU's VOLTHA device id.
enum PONEventFamily: Sendable, Hashable {
    /// `DEVICE_STATE_CHANGE_RAISE_EVENT` (voltha-lib-go `pkg/events/utils.go:75-99`).
    case coreStateChange
    /// `OLT_DELETED_RAISE_EVENT` / `ONU_DELETED_RAISE_EVENT` (voltha-lib-go `pkg/events/utils.go:101-125`).
    case coreDeleted
    /// openolt alarms about one ONU: resource id = the OLT, context `intf-id`, `onu-id`,
    /// `serial-number` (the ONU's), `onu-device-id` (voltha-openolt-adapter
    /// `internal/pkg/core/openolt_eventmgr.go:304-316`).
    case openoltONU
    /// openolt alarms about the OLT or a PON port: resource id = the OLT, `intf-id` only for
    /// `OLT_LOSS_OF_SIGNAL` (`openolt_eventmgr.go:245-287`), none for `OLT_PON_INTERFACE_DOWN`
    /// (`openolt_eventmgr.go:660-690`), the OLT's `serial-number` for `OLT_COMMUNICATION_FAILURE`.
    case openoltOLT
    /// openolt failure events: `serial-number` is the OLT's, the ONU's is `onu-serial-number`
    /// (voltha-openolt-adapter `internal/pkg/core/device_handler.go:4934-4966`).
    case openoltFailure
    /// openonu OMCI alarms: resource id = the ONU, `onu-id` = the ONU's device id, `onu-intf-id`
    /// = a port number, `onu-serial-number` (voltha-openonu-adapter-go
    /// `internal/pkg/almgr/alarm_manager.go:738-778`).
    case openonuOMCI
    /// `ONU_ACTIVATED_*`: numeric `onu-id`, `pon-id`, `serial-number` (the ONU's),
    /// `olt-serial-number` (voltha-openonu-adapter-go `internal/pkg/core/device_handler.go:3436-3505`).
    case openonuActivated
    /// openonu failure events: `serial-number` and `onu-serial-number` (both the ONU's),
    /// `olt-device-id`, numeric `onu-id`, `pon-id` (`device_handler.go:3507-3566`).
    case openonuFailure
    /// openonu device events on OMCI/configuration trouble: numeric `onu-id`, `intf-id`,
    /// `onu-serial-number` (voltha-openonu-adapter-go `internal/pkg/mib/onu_device_entry.go:1107-1125`).
    case openonuDevice
    /// `ONU_CONFIG_FAILED`, `ONU_RECONCILE_FAILED`: `device-id`, `onu-serial-number`, `parent-id`
    /// (voltha-openonu-adapter-go `internal/pkg/core/device_handler.go:5092-5130`).
    case openonuConfig
    /// A name Ferrule does not know: identities are read from whichever known keys are present.
    case unknown
}

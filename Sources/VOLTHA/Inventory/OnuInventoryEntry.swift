/// One ONU with its place in the network: OLT, PON port, ONU id, states and software.
public struct OnuInventoryEntry: Sendable, Hashable {
    /// The ONU's VOLTHA device id.
    public var deviceID: String
    /// The ONU serial as VOLTHA shows it, e.g. `BBSM00000001`.
    public var serialNumber: String
    /// The first four characters of the serial (the ITU vendor id, e.g. `BBSM`, `ALCL`).
    public var vendorID: String
    /// The rest of the serial (the vendor-specific part, 8 hex digits).
    public var vendorSpecific: String
    public var oltID: String
    public var oltSerialNumber: String
    /// The PON interface id on the OLT (`proxy_address.channel_id`).
    public var ponInterface: UInt32
    /// The OLT PON port's label, e.g. `pon-0`.
    public var ponLabel: String
    /// The ONU id on that PON (`proxy_address.onu_id`).
    public var onuID: UInt32
    public var adminState: AdminState
    public var operStatus: OperStatus
    public var connectStatus: ConnectStatus
    /// The openonu adapter's device reason (`initial-mib-downloaded`, `omci-flows-pushed`, …).
    public var reason: String
    /// The active image's version, from `GetOnuImages` (``OnuSoftware``); empty until read, and
    /// for an ONU that could not be asked or did not answer.
    public var activeSoftware: String
    /// The inactive (standby) image's version, from `GetOnuImages`; empty likewise.
    public var standbySoftware: String
    /// The OLT's admin state (its own `ListDevices` entry); `unknown` when the OLT is not listed.
    public var oltAdminState: AdminState = .unknown
    /// The OLT's oper status; `unknown` when the OLT is not listed.
    public var oltOperStatus: OperStatus = .unknown
    /// The OLT's connect status; `unknown` when the OLT is not listed.
    public var oltConnectStatus: ConnectStatus = .unknown
    /// The admin state of the OLT PON port the ONU hangs on (`ListDevicePorts` of its OLT); `unknown`
    /// when the OLT's ports were not listed or have no such port.
    public var ponAdminState: AdminState = .unknown

    /// Whether the ONU's OLT is in service: enabled, REACHABLE and ACTIVE (openolt `doStateUp`).
    /// An OLT disabled by the operator, one whose heartbeat was lost (UNREACHABLE, UNKNOWN), one
    /// whose agent said it is down or that rebooted is not; nor is an OLT missing from the listing.
    public var oltInService: Bool {
        oltAdminState == .enabled && oltConnectStatus == .reachable && oltOperStatus == .active
    }

    /// Whether the operator disabled the ONU's PON port (`DisablePort`): VOLTHA then sends no alarm
    /// for it nor for its ONUs (voltha-openolt-adapter `internal/pkg/core/openolt_eventmgr.go:659-671`
    /// drops the PON interface's events while the port is not admin ENABLED). Unknown is not disabled.
    public var ponDisabled: Bool { ponAdminState == .disabled }

    /// The UNI port name SADIS and the ONOS olt app use for UNI `uni` (1-based): `<serial>-<uni>`
    /// (`voltha-openonu-adapter-go:internal/pkg/common/onu_uni_port.go`).
    public func uniPortName(_ uni: Int = 1) -> String { "\(serialNumber)-\(uni)" }
}

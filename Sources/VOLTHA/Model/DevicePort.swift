/// A port of a device (`device.Port`): PON and NNI ports of an OLT, PON and UNI ports of an ONU.
public struct DevicePort: Sendable, Hashable {
    /// The device-unique port number (OLT PON port `0x2<<28 | intf`, NNI `1<<24 | intf`).
    public var number: UInt32
    /// The label, e.g. `pon-0` or `nni-0` (openolt `GetportLabel`: the type and the interface id).
    public var label: String
    public var type: PortType
    public var adminState: AdminState
    public var operStatus: OperStatus
    public var deviceID: String
    /// The ports at the other end (an OLT PON port lists its ONUs).
    public var peers: [PeerPort]
    /// The OpenFlow port name (`ofp_port.name`): an ONU UNI's is `<serial>-<n>`, the name SADIS and
    /// ONOS know the UNI by (voltha-openonu-adapter-go `internal/pkg/common/onu_uni_port.go`
    /// `CreateVolthaPort`); empty when the adapter sets none.
    public var name: String

    /// A port from its parts.
    public init(
        number: UInt32,
        label: String,
        type: PortType,
        adminState: AdminState = .unknown,
        operStatus: OperStatus = .unknown,
        deviceID: String = "",
        peers: [PeerPort] = [],
        name: String = ""
    ) {
        self.number = number
        self.label = label
        self.type = type
        self.adminState = adminState
        self.operStatus = operStatus
        self.deviceID = deviceID
        self.peers = peers
        self.name = name
    }
}

/// The far end of a port (`device.Port.PeerPort`).
public struct PeerPort: Sendable, Hashable {
    public var deviceID: String
    public var portNumber: UInt32

    /// A peer from its parts.
    public init(deviceID: String, portNumber: UInt32) {
        self.deviceID = deviceID
        self.portNumber = portNumber
    }
}

/// A port of a device (`device.Port`): PON and NNI ports of an OLT, PON and UNI ports of an ONU.
public struct DevicePort: Sendable, Hashable {
    /// The device-unique port number (OLT PON port `0x2<<28 | intf`, NNI `1<<24 | intf`).
    public var number: UInt32
    /// The label, e.g. `pon-0` or `nni-1048576`.
    public var label: String
    public var type: PortType
    public var adminState: AdminState
    public var operStatus: OperStatus
    public var deviceID: String
    /// The ports at the other end (an OLT PON port lists its ONUs).
    public var peers: [PeerPort]

    /// A port from its parts.
    public init(
        number: UInt32,
        label: String,
        type: PortType,
        adminState: AdminState = .unknown,
        operStatus: OperStatus = .unknown,
        deviceID: String = "",
        peers: [PeerPort] = []
    ) {
        self.number = number
        self.label = label
        self.type = type
        self.adminState = adminState
        self.operStatus = operStatus
        self.deviceID = deviceID
        self.peers = peers
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

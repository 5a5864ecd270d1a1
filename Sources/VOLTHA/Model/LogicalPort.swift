/// A port of a logical device (`logical_device.LogicalPort`): the NNI, or an ONU's UNI.
public struct LogicalPort: Sendable, Hashable {
    public var id: String
    /// The OpenFlow port name; a UNI is `<ONU serial>-<n>`, the key SADIS and ONOS use.
    public var name: String
    /// The OpenFlow port number (UNI `pon<<16 | onu<<8 | uni`).
    public var ofpPortNumber: UInt32
    public var deviceID: String
    public var devicePortNumber: UInt32
    public var isRootPort: Bool

    /// A logical port from its parts.
    public init(
        id: String,
        name: String,
        ofpPortNumber: UInt32,
        deviceID: String,
        devicePortNumber: UInt32,
        isRootPort: Bool
    ) {
        self.id = id
        self.name = name
        self.ofpPortNumber = ofpPortNumber
        self.deviceID = deviceID
        self.devicePortNumber = devicePortNumber
        self.isRootPort = isRootPort
    }
}

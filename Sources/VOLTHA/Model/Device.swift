/// An OLT or ONU as VOLTHA's `device.Device` describes it (`voltha_protos/device.proto`).
///
/// OLTs have ``isRoot`` set; ONUs carry their OLT in ``parentID`` and their place on the PON in
/// ``proxyAddress``.
public struct Device: Sendable, Hashable {
    /// VOLTHA's device id.
    public var id: String
    /// The adapter type, e.g. `openolt` or `brcm_openomci_onu`.
    public var type: String
    /// True for OLTs.
    public var isRoot: Bool
    /// The OLT's device id for an ONU; empty for an OLT.
    public var parentID: String
    /// The OLT port the ONU hangs off (a PON port number).
    public var parentPortNumber: UInt32
    public var vendor: String
    public var model: String
    public var hardwareVersion: String
    public var firmwareVersion: String
    public var serialNumber: String
    /// The vendor id (first four characters of an ONU serial).
    public var vendorID: String
    public var adapterEndpoint: String
    /// `host:port` of the OLT agent (OLTs), empty otherwise.
    public var hostAndPort: String
    public var macAddress: String
    public var adminState: AdminState
    public var operStatus: OperStatus
    public var connectStatus: ConnectStatus
    /// Free-text reason; for ONUs the openonu adapter's device reason (`initial-mib-downloaded`, …).
    public var reason: String
    /// Where an ONU sits: OLT, PON (channel) and ONU id; nil for OLTs.
    public var proxyAddress: ProxyAddress?
    /// Software images the adapter wrote to the device record. The openonu adapter writes none
    /// (an ONU's come from `GetOnuImages`: ``OnuSoftware``).
    public var images: [DeviceImage]

    /// A device with the given id and every other field empty.
    public init(id: String) {
        self.id = id
        type = ""
        isRoot = false
        parentID = ""
        parentPortNumber = 0
        vendor = ""
        model = ""
        hardwareVersion = ""
        firmwareVersion = ""
        serialNumber = ""
        vendorID = ""
        adapterEndpoint = ""
        hostAndPort = ""
        macAddress = ""
        adminState = .unknown
        operStatus = .unknown
        connectStatus = .unknown
        reason = ""
        proxyAddress = nil
        images = []
    }
}

/// An ONU's address behind its OLT (`device.Device.ProxyAddress`).
public struct ProxyAddress: Sendable, Hashable {
    /// The OLT's device id.
    public var deviceID: String
    public var deviceType: String
    /// The PON interface id on the OLT.
    public var channelID: UInt32
    /// The ONU id on that PON.
    public var onuID: UInt32

    /// An address from its parts.
    public init(deviceID: String, deviceType: String = "", channelID: UInt32, onuID: UInt32) {
        self.deviceID = deviceID
        self.deviceType = deviceType
        self.channelID = channelID
        self.onuID = onuID
    }
}

/// One software image of a device (`device.Image`).
public struct DeviceImage: Sendable, Hashable {
    public var name: String
    public var version: String
    public var isActive: Bool
    public var isCommitted: Bool
    public var isValid: Bool

    /// An image from its parts.
    public init(name: String, version: String, isActive: Bool, isCommitted: Bool, isValid: Bool) {
        self.name = name
        self.version = version
        self.isActive = isActive
        self.isCommitted = isCommitted
        self.isValid = isValid
    }
}

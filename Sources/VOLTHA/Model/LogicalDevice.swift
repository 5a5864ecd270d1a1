/// The OpenFlow switch VOLTHA exposes for an OLT (`logical_device.LogicalDevice`).
public struct LogicalDevice: Sendable, Hashable {
    public var id: String
    /// The OpenFlow datapath id; ONOS shows it as ``onosDeviceID``.
    public var datapathID: UInt64
    /// The OLT's device id.
    public var rootDeviceID: String
    public var manufacturer: String
    public var hardware: String
    public var software: String
    public var serialNumber: String

    /// A logical device from its parts.
    public init(
        id: String,
        datapathID: UInt64,
        rootDeviceID: String,
        manufacturer: String = "",
        hardware: String = "",
        software: String = "",
        serialNumber: String = ""
    ) {
        self.id = id
        self.datapathID = datapathID
        self.rootDeviceID = rootDeviceID
        self.manufacturer = manufacturer
        self.hardware = hardware
        self.software = software
        self.serialNumber = serialNumber
    }

    /// The device id ONOS uses for this switch: `of:` and the datapath id in 16 hex digits.
    public var onosDeviceID: String {
        let hex = String(datapathID, radix: 16)
        return "of:" + String(repeating: "0", count: max(0, 16 - hex.count)) + hex
    }
}

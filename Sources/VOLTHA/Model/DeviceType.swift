/// A device type an adapter handles (`device.DeviceType`), e.g. `brcm_openomci_onu` with the ONU
/// vendor ids it claims.
public struct DeviceType: Sendable, Hashable {
    public var id: String
    public var vendorID: String
    public var vendorIDs: [String]
    public var adapterType: String

    /// A device type from its parts.
    public init(id: String, vendorID: String, vendorIDs: [String], adapterType: String) {
        self.id = id
        self.vendorID = vendorID
        self.vendorIDs = vendorIDs
        self.adapterType = adapterType
    }
}

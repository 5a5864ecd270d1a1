/// One software image slot of an ONU as its adapter reads it over OMCI (`device.OnuImage`).
public struct OnuImage: Sendable, Hashable {
    public var version: String
    public var isCommitted: Bool
    public var isActive: Bool
    public var isValid: Bool
    public var productCode: String

    /// An image from its parts.
    public init(version: String, isCommitted: Bool, isActive: Bool, isValid: Bool, productCode: String) {
        self.version = version
        self.isCommitted = isCommitted
        self.isActive = isActive
        self.isValid = isValid
        self.productCode = productCode
    }
}

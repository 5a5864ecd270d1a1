public import Campaigns

/// One GenieACS device with the ONU in front of it: where it hangs in the PON, the ONU's serial
/// and the device's model.
public struct TopologyEntry: Sendable, Hashable {
    /// The GenieACS device id (`<OUI>-<ProductClass>-<SerialNumber>`).
    public var deviceID: String
    /// The ONU's OLT and PON port.
    public var placement: PONPlacement
    /// The ONU's serial as VOLTHA reports it (`HWTC1A2B3C4D`), which names it in VOLTHA's
    /// events; nil when unknown (the device then never counts for `pon_health`).
    public var onuSerial: String?
    /// The device's model (for `canary_spread`); nil when unknown.
    public var model: String?

    /// An entry from its parts.
    public init(deviceID: String, placement: PONPlacement, onuSerial: String? = nil, model: String? = nil) {
        self.deviceID = deviceID
        self.placement = placement
        self.onuSerial = onuSerial
        self.model = model
    }
}

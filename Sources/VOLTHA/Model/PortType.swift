/// The kind of a device port, as VOLTHA's `device.Port.PortType` names it.
public enum PortType: Sendable, Hashable, CustomStringConvertible {
    case unknown, ethernetNNI, ethernetUNI, ponOLT, ponONU, venetOLT, venetONU
    case unrecognized(Int)

    /// The enum value's name exactly as VOLTHA and voltctl print it (`PON_OLT`, …).
    public var description: String {
        switch self {
        case .unknown: "UNKNOWN"
        case .ethernetNNI: "ETHERNET_NNI"
        case .ethernetUNI: "ETHERNET_UNI"
        case .ponOLT: "PON_OLT"
        case .ponONU: "PON_ONU"
        case .venetOLT: "VENET_OLT"
        case .venetONU: "VENET_ONU"
        case .unrecognized(let value): "UNRECOGNIZED(\(value))"
        }
    }
}

/// Whether VOLTHA reaches a device, as its `common.ConnectStatus.Types` names it.
public enum ConnectStatus: Sendable, Hashable, CustomStringConvertible {
    case unknown, unreachable, reachable
    case unrecognized(Int)

    /// The enum value's name exactly as VOLTHA and voltctl print it (`REACHABLE`, …).
    public var description: String {
        switch self {
        case .unknown: "UNKNOWN"
        case .unreachable: "UNREACHABLE"
        case .reachable: "REACHABLE"
        case .unrecognized(let value): "UNRECOGNIZED(\(value))"
        }
    }
}

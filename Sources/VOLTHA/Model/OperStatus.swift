/// A device's or port's operational status, as VOLTHA's `common.OperStatus.Types` names it.
public enum OperStatus: Sendable, Hashable, CustomStringConvertible {
    case unknown, discovered, activating, testing, active, failed, reconciling, reconcilingFailed, rebooted
    case unrecognized(Int)

    /// The enum value's name exactly as VOLTHA and voltctl print it (`ACTIVE`, …).
    public var description: String {
        switch self {
        case .unknown: "UNKNOWN"
        case .discovered: "DISCOVERED"
        case .activating: "ACTIVATING"
        case .testing: "TESTING"
        case .active: "ACTIVE"
        case .failed: "FAILED"
        case .reconciling: "RECONCILING"
        case .reconcilingFailed: "RECONCILING_FAILED"
        case .rebooted: "REBOOTED"
        case .unrecognized(let value): "UNRECOGNIZED(\(value))"
        }
    }
}

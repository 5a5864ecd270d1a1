/// A device's or port's administrative state, as VOLTHA's `common.AdminState.Types` names it.
///
/// Values VOLTHA adds later arrive as ``unrecognized(_:)`` with their number, never as an error.
public enum AdminState: Sendable, Hashable, CustomStringConvertible {
    case unknown, preprovisioned, enabled, disabled, downloadingImage
    case unrecognized(Int)

    /// The enum value's name exactly as VOLTHA and voltctl print it (`ENABLED`, …).
    public var description: String {
        switch self {
        case .unknown: "UNKNOWN"
        case .preprovisioned: "PREPROVISIONED"
        case .enabled: "ENABLED"
        case .disabled: "DISABLED"
        case .downloadingImage: "DOWNLOADING_IMAGE"
        case .unrecognized(let value): "UNRECOGNIZED(\(value))"
        }
    }
}

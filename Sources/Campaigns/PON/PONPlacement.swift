/// Where an ONU hangs in the PON: its OLT and, when known, its PON port on that OLT.
///
/// A placement without ``pon`` names a whole OLT (an OLT-wide storm, or a device whose port is
/// unknown).
public struct PONPlacement: Sendable, Hashable, Comparable {
    /// The OLT's device id in VOLTHA.
    public var olt: String
    /// The PON port (interface) on the OLT; nil = unknown or the whole OLT.
    public var pon: String?

    public init(olt: String, pon: String? = nil) {
        self.olt = olt
        self.pon = pon
    }

    /// Whether a storm at `self` covers a device at `device` (same OLT; same port unless `self`
    /// is OLT-wide).
    public func covers(_ device: PONPlacement) -> Bool {
        olt == device.olt && (pon == nil || pon == device.pon)
    }

    /// `olt-1 PON 3` or `olt-1`, for reasons and events.
    public var description: String { pon.map { "\(olt) PON \($0)" } ?? olt }

    public static func < (a: PONPlacement, b: PONPlacement) -> Bool {
        (a.olt, a.pon ?? "") < (b.olt, b.pon ?? "")
    }
}

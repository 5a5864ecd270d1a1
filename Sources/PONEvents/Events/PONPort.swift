/// One PON port of one OLT: where a storm happens.
public struct PONPort: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The OLT's VOLTHA device id.
    public var oltDeviceID: String
    /// The PON interface id on that OLT.
    public var ponInterface: UInt32

    /// A port from its parts.
    public init(oltDeviceID: String, ponInterface: UInt32) {
        self.oltDeviceID = oltDeviceID
        self.ponInterface = ponInterface
    }

    /// The port an event concerns, when it names both the OLT and the PON interface.
    public init?(_ event: PONEvent) {
        guard let olt = event.oltDeviceID, let pon = event.ponInterface else { return nil }
        self.init(oltDeviceID: olt, ponInterface: pon)
    }

    /// `<olt id>/pon-<n>`.
    public var description: String { "\(oltDeviceID)/pon-\(ponInterface)" }

    public static func < (a: Self, b: Self) -> Bool {
        (a.oltDeviceID, a.ponInterface) < (b.oltDeviceID, b.ponInterface)
    }
}

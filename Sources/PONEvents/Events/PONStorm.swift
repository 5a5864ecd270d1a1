public import Foundation

/// A loss-of-signal or power storm on one PON port: many ONUs lost signal or power at once, so the
/// cause is the PON (a cut fibre, a splitter, a power outage), not the ONUs.
public struct PONStorm: Sendable, Hashable, Codable {
    /// Where.
    public var port: PONPort
    /// The first signal-lost or power-lost raise of the burst that started it.
    public var startedAt: Date
    /// When it was declared over (no new raise for the quiet period); nil while it lasts.
    public var endedAt: Date?
    /// Signal-lost and power-lost raises on the port since the burst began (including the ones
    /// delivered before the storm was recognised).
    public var raises: Int
    /// The ONUs that lost signal or power (serial, else VOLTHA device id), sorted; at most
    /// ``PONStormSettings/maxONUsPerPort``.
    public var onus: [String]
    /// Of those, the ones with no clear yet, sorted.
    public var stillDown: [String]

    /// A storm from its parts.
    public init(
        port: PONPort,
        startedAt: Date,
        endedAt: Date? = nil,
        raises: Int,
        onus: [String],
        stillDown: [String]
    ) {
        self.port = port
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.raises = raises
        self.onus = onus
        self.stillDown = stillDown
    }
}

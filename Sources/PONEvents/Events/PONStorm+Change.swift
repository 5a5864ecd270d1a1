public import Foundation

/// What a consumer writes to its event store about a storm, with the event that raised or ended
/// it, so that a restarted consumer goes on with the same storm (``EventStore/activeStorms()``,
/// ``PONEventFilter/restoreStorms(_:)``, with the time of its latest loss) instead of detecting a new one: `pon_down` must not fire
/// twice, and `pon_up` keeps the storm's identity (its header id comes from the start).
public enum PONStormChange: Sendable, Hashable {
    /// A storm began on `port` at `startedAt`.
    case began(PONPort, startedAt: Date)
    /// The storm on `port` absorbed a new loss at `at`: its quiet period starts again.
    case lossAbsorbed(PONPort, at: Date)
    /// The storm on `port` ended.
    case ended(PONPort)
    /// An outage a storm began is open (the storm ended while ONUs it counted were still down), as
    /// it is now: new, or with ONUs back or down again. Kept so that a restarted consumer still
    /// sends its `pon_up` when the last of them is back (``StormDetector/restoreOpenOutages(_:)``).
    case outageOpened(PONOpenOutage)
    /// The open outage on the port ended (its `pon_up` was delivered, or the OLT reported it up).
    case outageClosed(PONPort)
}

/// An outage a storm began that outlived the storm (``StormDetector``): the storm as it ended (its
/// `pon_up` keeps the storm's identity) and the ONUs still down, by the key the detector counts
/// them by (serial, else VOLTHA device id, else `onu-<number>`).
public struct PONOpenOutage: Sendable, Hashable {
    /// The storm that began the outage, as it ended.
    public var storm: PONStorm
    /// The ONUs still down, sorted.
    public var down: [String]

    /// An open outage from its parts.
    public init(storm: PONStorm, down: [String]) {
        self.storm = storm
        self.down = down
    }
}

extension PONEventOutcome {
    /// The store change this outcome makes: a storm's start or end; nil for other outcomes.
    public var stormChange: PONStormChange? {
        switch self {
        case .stormRaised(let storm): .began(storm.port, startedAt: storm.startedAt)
        case .stormCleared(let storm): .ended(storm.port)
        case .absorbed(let event, let port)
        where event.phase == .raise && PONStormSettings.stormKinds.contains(event.kind):
            (event.raisedAt ?? event.reportedAt).map { .lossAbsorbed(port, at: $0) }
        default: nil
        }
    }
}

/// A storm a consumer left active in its event store (``EventStore/activeStorms(limit:)``).
public struct PONStormRecord: Sendable, Hashable {
    public var port: PONPort
    public var startedAt: Date
    /// The time of the latest loss it absorbed (its start when none).
    public var lastLoss: Date

    /// A storm record from its parts.
    public init(port: PONPort, startedAt: Date, lastLoss: Date) {
        self.port = port
        self.startedAt = startedAt
        self.lastLoss = lastLoss
    }
}

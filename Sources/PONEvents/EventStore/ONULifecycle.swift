/// What the event store knows of one ONU's life, for reconciling with VOLTHA's inventory
/// (``EventStore/onuLifecycles(serials:)``): the last activation and the last loss it recorded
/// (by recording order; a loss raise recorded after a recovery of its ONU stamped no earlier is a
/// late report of an earlier loss, not a loss), the last `SERVICE_READY`, and the loss alarms still
/// active.
public struct ONULifecycle: Sendable, Hashable {
    /// The id of the last `onu_activated` event recorded for the ONU; nil when none was.
    public var lastActivation: Int64?
    /// Whether that activation was derived by a reconciliation (``PONReconciliation``), not received.
    public var lastActivationDerived: Bool
    /// The id of the last signal-lost or power-lost raise recorded for the ONU; nil when none was.
    public var lastLoss: Int64?
    /// The names of its signal-lost and power-lost alarms that are active (`ONU_LOSS_OF_SIGNAL` …).
    public var activeLossAlarms: [String]
    /// The id of the last `SERVICE_READY` event recorded for the ONU
    /// (``ReconciledEventMarks/serviceReady``); nil when none was.
    public var lastServiceReady: Int64?

    /// A lifecycle from its parts.
    public init(
        lastActivation: Int64? = nil,
        lastActivationDerived: Bool = false,
        lastLoss: Int64? = nil,
        activeLossAlarms: [String] = [],
        lastServiceReady: Int64? = nil
    ) {
        self.lastActivation = lastActivation
        self.lastActivationDerived = lastActivationDerived
        self.lastLoss = lastLoss
        self.activeLossAlarms = activeLossAlarms
        self.lastServiceReady = lastServiceReady
    }

    /// Whether a `SERVICE_READY` was recorded after the ONU's last loss (or ever, without a loss).
    /// Not the last activation: VOLTHA's own activation may be recorded after a derived one (it was
    /// late), and that is the same time in service.
    public var serviceReadySinceLoss: Bool {
        guard let lastServiceReady else { return false }
        return lastLoss.map { lastServiceReady > $0 } ?? true
    }

    /// Whether the store saw the ONU activated after its last loss (or ever, without a loss).
    public var activatedSinceLoss: Bool {
        guard let lastActivation else { return false }
        return lastLoss.map { lastActivation > $0 } ?? true
    }
}

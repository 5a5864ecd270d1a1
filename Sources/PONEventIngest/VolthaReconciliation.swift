public import VOLTHA

/// How ``KafkaEventIngestor`` reconciles with VOLTHA's inventory (``PONReconciliation``): where
/// the inventory comes from and when a pass is due.
///
/// Each pass that lists the inventory also lists every OLT's ports (with ``ports``), the listing
/// ``PONDownResolver`` compares the next `OLT_PON_INTERFACE_DOWN` report of that OLT with: the
/// first pass is the start-up listing, so that a PON already down at start is found when it comes
/// back; a failed listing is reported and leaves that OLT without one.
///
/// A pass is due at start, after each Kafka outage once the broker is back, every ``interval``
/// (when given), and ``retryAfter`` after a pass that could not list the devices. It runs when the
/// consumer has caught up (``KafkaConsumer/caughtUp``: every assigned partition read to its end)
/// and the topic has been quiet for ``idle``, so that the backlog, which holds the events VOLTHA
/// did publish, is recorded first and only what is still missing is derived.
public struct VolthaReconciliation: Sendable {
    /// VOLTHA's address, as the derived events' source names it.
    public var name: String
    /// The ONU inventory (one `ListDevices`, one `ListDevicePorts` per OLT).
    public var inventory: @Sendable () async throws -> [OnuInventoryEntry]
    /// Time between passes while all is well; nil: only at start and after outages.
    public var interval: Duration?
    /// How long the topic must be quiet before a due pass runs.
    public var idle: Duration
    /// Wait after a pass that failed before the next try.
    public var retryAfter: Duration
    /// Lists an OLT's ports (`ListDevicePorts`), to find the PON port of an
    /// `OLT_PON_INTERFACE_DOWN` report (``PONDownResolver``); nil records those reports without it.
    public var ports: (@Sendable (_ oltDeviceID: String) async throws -> [DevicePort])?
    /// The device ids of the OLTs (the root devices of `ListDevices`), whose ports each pass lists
    /// for ``PONDownResolver``; nil: the OLTs the inventory's ONUs name.
    public var olts: (@Sendable () async throws -> [String])?
    /// Reads the software versions of the ONUs a pass derives an `ONU_ACTIVATED_RAISE_EVENT` for
    /// (`GetOnuImages`, ``VolthaClient/onuSoftware(_:maxInFlight:budget:)``), at most
    /// ``softwareLimit`` per pass, within `budget` (``softwareBudget``); nil: those events carry no
    /// software version.
    public var software:
        (@Sendable (_ onus: [OnuInventoryEntry], _ budget: Duration) async throws -> OnuSoftwareReport)?
    /// How long one pass may spend reading software versions. Each `GetOnuImages` has the client's
    /// deadline, but a slow VOLTHA with thousands of ONUs to read would hold one pass (and the
    /// consumer: it records nothing meanwhile) for hours. The ONUs not read by then have their
    /// activation derived in the next pass, which follows at once and reads them first; an ONU not
    /// read in that one either gets its activation without versions. So no ONU waits more than one
    /// extra pass, and the pass says what was carried and what was given up.
    public var softwareBudget: Duration
    /// The most ONUs whose software one pass reads: past it (a first pass over a large network
    /// with an empty store), the rest of the derived activations carry no software version and
    /// the pass says so, rather than holding the consumer for one OMCI read per ONU.
    public var softwareLimit: Int

    /// The default ``softwareLimit``: a whole OLT's ONUs back after an outage (16 PON ports of 64).
    public static let defaultSoftwareLimit = 1024

    /// The default ``softwareBudget``: a minute, some 500 ONUs at one second per OMCI read and
    /// ``VolthaClient/imageCallsInFlight`` at once.
    public static let defaultSoftwareBudget = Duration.seconds(60)

    /// A reconciliation reading `inventory` (and with `ports`, an OLT's ports, of the OLTs `olts`
    /// lists; with `software`, the software versions of the ONUs it derives an activation for)
    /// from VOLTHA at `name`.
    public init(
        name: String,
        interval: Duration? = .seconds(600),
        idle: Duration = .seconds(1),
        retryAfter: Duration = .seconds(30),
        ports: (@Sendable (_ oltDeviceID: String) async throws -> [DevicePort])? = nil,
        olts: (@Sendable () async throws -> [String])? = nil,
        software: (@Sendable (_ onus: [OnuInventoryEntry], _ budget: Duration) async throws -> OnuSoftwareReport)? =
            nil,
        softwareLimit: Int = defaultSoftwareLimit,
        softwareBudget: Duration = defaultSoftwareBudget,
        inventory: @escaping @Sendable () async throws -> [OnuInventoryEntry]
    ) {
        self.ports = ports
        self.olts = olts
        self.software = software
        self.softwareLimit = softwareLimit
        self.softwareBudget = softwareBudget
        self.name = name
        self.inventory = inventory
        self.interval = interval
        self.idle = idle
        self.retryAfter = retryAfter
    }
}

public import FerruleCore

/// A campaign as stored: its definition and where it stands.
public struct CampaignRecord: Sendable, Hashable, Codable {
    /// The lifecycle of a campaign.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Created, targets frozen; nothing pushed yet.
        case created
        /// A runner is (or was, until it stopped) pushing and verifying.
        case running
        /// Stopped by an operator or by the failure-rate rule; `resume` continues.
        case paused
        /// Every target finished.
        case completed
        /// Cancelled: no more pushes; queued, unstarted tasks were deleted.
        case cancelled
    }

    /// `c-<yyyyMMdd>-<8 hex>`, unique.
    public var id: String
    public var name: String
    /// `firmware` or `configuration`.
    public var kind: String
    /// The campaign file's text as it was at `create` (the definition never changes afterwards).
    public var specText: String
    /// Path of that file, for messages.
    public var specFile: String
    public var status: Status
    /// Why it is paused or cancelled (`failure rate 31% > 20% after 40 devices`).
    public var statusReason: String?
    /// The NBI it runs against.
    public var acsURL: String
    /// The campaign this one rolls back, if any.
    public var rollbackOf: String?
    /// Milliseconds since the epoch.
    public var createdAt: Double
    public var startedAt: Double?
    public var finishedAt: Double?
    /// The `${name}` variables the campaign was created with: its stored text reads with them
    /// (``CampaignFile/parse(stored:diagnostics:)``), so nobody has to give them again.
    public var variables: [String: String]

    public init(
        id: String,
        name: String,
        kind: String,
        specText: String,
        specFile: String,
        status: Status = .created,
        statusReason: String? = nil,
        acsURL: String,
        rollbackOf: String? = nil,
        createdAt: Double,
        startedAt: Double? = nil,
        finishedAt: Double? = nil,
        variables: [String: String] = [:]
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.specText = specText
        self.specFile = specFile
        self.status = status
        self.statusReason = statusReason
        self.acsURL = acsURL
        self.rollbackOf = rollbackOf
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.variables = variables
    }

    /// ``variables`` as the campaign reader takes them.
    public var variableSet: VariableSet {
        var set = VariableSet()
        for (name, value) in variables { set.set(name, value) }
        return set
    }
}

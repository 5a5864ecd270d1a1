/// One device of a campaign, frozen at create: its progress, its task, and what changed.
public struct TargetRecord: Sendable, Hashable, Codable {
    /// The per-device states of docs/campaigns.md.
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Waiting for its wave, a window, a slot or a retry time.
        case pending
        /// About to POST its task: written before the POST so a crash in between is detectable.
        case pushing
        /// A task is queued in GenieACS (`taskID`).
        case pushed
        /// The task is gone without a fault; waiting for the device to show the change.
        case verifying
        case succeeded
        case failed
        /// Nothing to do (already on the target version / values) or removed from GenieACS.
        case skipped

        /// Succeeded, failed or skipped.
        public var isFinished: Bool { self == .succeeded || self == .failed || self == .skipped }
        /// Pushing, pushed or verifying: counts against `maxConcurrent`.
        public var isInFlight: Bool { self == .pushing || self == .pushed || self == .verifying }
    }

    public var campaignID: String
    public var deviceID: String
    /// Position in the frozen target list (waves are ranges of it).
    public var ordinal: Int
    public var state: State
    /// Pushes so far (1 after the first).
    public var attempts: Int
    /// The GenieACS task id of the current attempt.
    public var taskID: String?
    /// Milliseconds since the epoch: first push (deadline base), current push, next allowed push.
    public var firstPushedAt: Double?
    public var pushedAt: Double?
    public var notBefore: Double?
    public var finishedAt: Double?
    /// A short code (`cwmp.9010`, `timeout`, `offline`, `verification`) and the message.
    public var errorCode: String?
    public var errorMessage: String?
    /// JSON: the values this campaign sets on this device (`{"path": value}`), secrets as placeholders.
    public var changesJSON: String?
    /// JSON: the device's values before the change (`{"path": value}`), the rollback's input.
    public var previousJSON: String?
    /// The device's SoftwareVersion when the target list was frozen (firmware).
    public var versionBefore: String?
    public var updatedAt: Double
    /// The task of an earlier attempt that GenieACS may still hold, with its fault, and retry on its
    /// own: the runner abandoned it (a retry, the device failed or passed its deadline) and its
    /// deletion is not confirmed yet (a CPE in session, GenieACS unreachable). Deleted again every
    /// cycle; the device gets no new task until it is gone. nil: nothing left behind.
    public var staleTaskID: String?

    public init(
        campaignID: String,
        deviceID: String,
        ordinal: Int,
        state: State = .pending,
        attempts: Int = 0,
        taskID: String? = nil,
        firstPushedAt: Double? = nil,
        pushedAt: Double? = nil,
        notBefore: Double? = nil,
        finishedAt: Double? = nil,
        errorCode: String? = nil,
        errorMessage: String? = nil,
        changesJSON: String? = nil,
        previousJSON: String? = nil,
        versionBefore: String? = nil,
        updatedAt: Double,
        staleTaskID: String? = nil
    ) {
        self.campaignID = campaignID
        self.deviceID = deviceID
        self.ordinal = ordinal
        self.state = state
        self.attempts = attempts
        self.taskID = taskID
        self.firstPushedAt = firstPushedAt
        self.pushedAt = pushedAt
        self.notBefore = notBefore
        self.finishedAt = finishedAt
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.changesJSON = changesJSON
        self.previousJSON = previousJSON
        self.versionBefore = versionBefore
        self.updatedAt = updatedAt
        self.staleTaskID = staleTaskID
    }
}

public import FerruleCore

/// How fast and when a campaign reaches its devices, and when it stops itself.
public struct Rollout: Sendable, Hashable {
    /// Not before this instant (resolved from the file's local time and `timezone`); nil = now.
    public var startAt: Double?
    /// The IANA zone of `scheduled_at` and of windows without their own (`Europe/Berlin`).
    public var timeZone: String
    /// Devices are pushed only inside one of these (none = any time).
    public var windows: [MaintenanceWindow]
    /// Devices in flight (pushed, not yet verified) at once.
    public var maxConcurrent: Int
    /// Task pushes per minute at most; nil = no limit.
    public var ratePerMinute: Int?
    /// Wave sizes in order: the first is the canary; the last repeats until every device is done.
    /// A wave starts only when the previous one has finished (succeeded, failed or skipped).
    public var waves: [WaveSize]
    /// Where each of ``waves`` is written in the campaign file, in the same order (for the canary,
    /// its size inside `{canary: …}`): `campaign create` warns there about a canary that holds every
    /// target and about waves that get no device. Empty for a rollout built in code.
    public var waveLocations: [SourceLocation] = []
    /// Auto-pause when failed / finished exceeds this, once `minimumSample` devices finished.
    public var maxFailureRate: Double?
    public var minimumSample: Int
    /// Re-pushes after a fault or a failed verification.
    public var retries: Int
    /// Seconds before the first retry; doubled for each later one.
    public var retryBackoffSeconds: Double
    /// Seconds a device may take from its first push to verification; past it, it failed.
    public var deviceDeadlineSeconds: Double
    /// Wake each device with a connection request after queueing its task (else wait for its inform).
    public var connectionRequest: Bool
    /// With ``connectionRequest``, for fleets expected online: seconds each task POST lets GenieACS wait
    /// for the session its connection request starts (the POST's `timeout`). A task that ran in that
    /// session needs no poll; 0 (the default) answers at once and leaves every task to the polls.
    public var sessionWaitSeconds: Double
    /// Caps, canary spread, health gate and storm hold from PON topology (all off by default).
    public var pon: PONRollout

    public init(
        startAt: Double? = nil,
        timeZone: String = "UTC",
        windows: [MaintenanceWindow] = [],
        maxConcurrent: Int = 50,
        ratePerMinute: Int? = nil,
        waves: [WaveSize] = [],
        maxFailureRate: Double? = nil,
        minimumSample: Int = 10,
        retries: Int = 2,
        retryBackoffSeconds: Double = 60,
        deviceDeadlineSeconds: Double = 3600,
        connectionRequest: Bool = true,
        sessionWaitSeconds: Double = 0,
        pon: PONRollout = PONRollout()
    ) {
        self.startAt = startAt
        self.timeZone = timeZone
        self.windows = windows
        self.maxConcurrent = maxConcurrent
        self.ratePerMinute = ratePerMinute
        self.waves = waves
        self.maxFailureRate = maxFailureRate
        self.minimumSample = minimumSample
        self.retries = retries
        self.retryBackoffSeconds = retryBackoffSeconds
        self.deviceDeadlineSeconds = deviceDeadlineSeconds
        self.connectionRequest = connectionRequest
        self.sessionWaitSeconds = sessionWaitSeconds
        self.pon = pon
    }
}

/// A daily maintenance window in a time zone, optionally on some weekdays only.
///
/// `end` before `start` crosses midnight (`22:00`–`04:00`); the window belongs to the day it starts.
public struct MaintenanceWindow: Sendable, Hashable {
    /// Minutes after local midnight.
    public var start: Int
    public var end: Int
    /// ISO weekdays 1 (Monday) … 7 (Sunday); empty = every day.
    public var weekdays: Set<Int>
    /// IANA zone; nil takes the rollout's.
    public var timeZone: String?

    public init(start: Int, end: Int, weekdays: Set<Int> = [], timeZone: String? = nil) {
        self.start = start
        self.end = end
        self.weekdays = weekdays
        self.timeZone = timeZone
    }
}

/// The size of one wave.
public enum WaveSize: Sendable, Hashable {
    case devices(Int)
    /// A share of all targets (0…1), at least one device.
    case fraction(Double)
}

public import Foundation

/// What the consumer knows about its connection to the cluster, for operators and for the caller
/// to reconcile after an outage.
///
/// librdkafka reconnects by itself; events published while the consumer was away are read from
/// the committed offset when it is back. Events the producer failed to send during the outage are
/// lost at the source (VOLTHA only logs a failed send), so when ``outages`` grows the caller
/// reconciles with a fresh inventory (VOLTHA `ListDevices`) for the span from ``lastOutageStart``.
public struct KafkaConnectionState: Sendable, Hashable, CustomStringConvertible {
    /// The connection as a whole.
    public enum Status: String, Sendable, Hashable {
        /// Not connected yet since start.
        case connecting
        /// At least one broker connection is up (librdkafka's statistics, or records arriving).
        case connected
        /// Every broker is down (librdkafka's `_ALL_BROKERS_DOWN`); librdkafka keeps retrying.
        case down
    }

    /// The status.
    public var status: Status
    /// When the status began.
    public var since: Date
    /// The latest problem seen (broker down, refused connection, unknown topic, authentication),
    /// `nil` once connected with partitions assigned.
    public var problem: KafkaError?
    /// How many times the status went from connected to down.
    public var outages: Int
    /// When the latest outage began, `nil` before the first one.
    public var lastOutageStart: Date?
    /// The partitions of the topic this consumer holds in its group, sorted.
    public var assignment: [Int32]

    /// A state.
    public init(
        status: Status,
        since: Date,
        problem: KafkaError? = nil,
        outages: Int = 0,
        lastOutageStart: Date? = nil,
        assignment: [Int32] = []
    ) {
        self.status = status
        self.since = since
        self.problem = problem
        self.outages = outages
        self.lastOutageStart = lastOutageStart
        self.assignment = assignment
    }

    /// `down since 2026-12-05T09:00:00Z: kafka …` — status, since when, and the problem if any.
    public var description: String {
        var text = "\(status.rawValue) since \(since.formatted(.iso8601))"
        if !assignment.isEmpty { text += ", partitions \(assignment.map(String.init).joined(separator: ","))" }
        if outages > 0 { text += ", \(outages) outage\(outages == 1 ? "" : "s")" }
        if let problem { text += ": \(problem)" }
        return text
    }
}

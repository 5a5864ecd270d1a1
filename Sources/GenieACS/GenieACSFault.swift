public import FerruleJSON

/// A fault document (GenieACS 1.2.16 lib/cwmp/db.ts:576-595).
public struct GenieACSFault: Sendable, Hashable {
    /// `<deviceId>:<channel>`.
    public var id: String
    public var device: String
    /// `task_<taskId>` for tasks, the preset's channel otherwise.
    public var channel: String
    /// `cwmp.9002`, `script.TypeError`, `timeout`, `too_many_commits`, …
    public var code: String
    public var message: String
    /// Automatic retries so far; GenieACS retries after `retryDelay × 2^retries` seconds.
    public var retries: Int
    /// ISO time of the fault.
    public var timestamp: String
    /// The whole document (detail, provisions, expiry).
    public var document: JSONValue

    /// Reads a fault document; nil when `_id` is missing.
    public init?(document: JSONValue) {
        guard let id = document["_id"]?.stringValue else { return nil }
        self.id = id
        let split = id.split(separator: ":", maxSplits: 1).map(String.init)
        device = document["device"]?.stringValue ?? split.first ?? ""
        channel = document["channel"]?.stringValue ?? (split.count == 2 ? split[1] : "")
        code = document["code"]?.stringValue ?? ""
        message = document["message"]?.stringValue ?? ""
        retries = document["retries"]?.intValue ?? 0
        timestamp = document["timestamp"]?.stringValue ?? ""
        self.document = document
    }

    /// The task id when the fault is on a task channel.
    public var taskID: String? {
        channel.hasPrefix("task_") ? String(channel.dropFirst(5)) : nil
    }
}

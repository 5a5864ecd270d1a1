public import FerruleJSON

/// A task GenieACS accepted: its document as the NBI returned it.
public struct SubmittedTask: Sendable, Hashable {
    /// GenieACS's task id (an ObjectId as 24 hex digits).
    public var id: String
    public var device: String
    public var document: JSONValue

    /// The fault id GenieACS records if this task fails: `<deviceId>:task_<taskId>` (GenieACS 1.2.16
    /// lib/cwmp/db.ts:576-581).
    public var faultID: String { "\(device):task_\(id)" }
}

/// Why a connection request failed, from the reason phrase GenieACS sends (GenieACS 1.2.16
/// lib/connection-request.ts:99-169).
public enum ConnectionRequestFailure: Sendable, Hashable, CustomStringConvertible {
    case deviceOffline
    case incorrectCredentials
    case invalidURL
    case basicAuthNotAllowed
    /// Any other text (`Connection request error: …`).
    case other(String)

    init(reason: String) {
        switch reason {
        case "Device is offline": self = .deviceOffline
        // GenieACS 1.2.16 lib/connection-request.ts:169 (HTTP) and :303 (XMPP) spell it differently.
        case "Connection request error: Incorrect connection request credentials",
            "Incorrect connection request credentials":
            self = .incorrectCredentials
        case "Invalid connection request URL": self = .invalidURL
        case "Basic HTTP authentication not allowed": self = .basicAuthNotAllowed
        default: self = .other(reason)
        }
    }

    public var description: String {
        switch self {
        case .deviceOffline: "Device is offline"
        case .incorrectCredentials: "Incorrect connection request credentials"
        case .invalidURL: "Invalid connection request URL"
        case .basicAuthNotAllowed: "Basic HTTP authentication not allowed"
        case .other(let text): text
        }
    }
}

/// What `POST /devices/<id>/tasks` said (GenieACS 1.2.16 lib/nbi.ts:382, 410-412; lib/connection-request.ts:99-169),
/// reason phrase included.
///
/// Only ``completed`` means the task ran; every other outcome leaves a queued task that runs at
/// the device's next session. Poll ``GenieACSNBI/taskStatus(_:)`` (or wait with ``TaskWaiter``) for the final result.
public enum TaskOutcome: Sendable, Hashable {
    /// 200: the CPE held a session after the task was queued and no fault was recorded. For a
    /// download this only means the Download RPC was accepted (GenieACS 1.2.16 lib/cwmp.ts:334-354;
    /// lib/cwmp/db.ts:707-725).
    case completed
    /// 202 (or 200) without a connection request: queued for the next Inform.
    case queued
    /// 202 `Task queued but not processed`: the device was in a session, or its session did not
    /// start or end in time.
    case queuedNotProcessed
    /// 202 `Task faulted`: a fault `<device>:task_<id>` exists; GenieACS retries it with backoff.
    case faulted
    /// 202 with a connection-request error: the task is queued, the device was not woken.
    case connectionRequestFailed(ConnectionRequestFailure)
    /// 202 with a reason this client does not know.
    case accepted(reason: String)

    init(status: Int, reason: String, connectionRequest: Bool) {
        switch (status, reason) {
        // Without `connection_request` GenieACS answers 202 whatever happens (1.2.16 lib/nbi.ts:283-294):
        // a 200 then (a proxy, another server) says nothing about the task having run.
        case (200, _) where !connectionRequest: self = .queued
        case (200, _): self = .completed
        case (202, "Task queued but not processed"): self = .queuedNotProcessed
        case (202, "Task faulted"): self = .faulted
        case (202, _) where !connectionRequest: self = .queued
        case (202, "Accepted"), (202, ""): self = .queued
        case (202, let reason):
            let failure = ConnectionRequestFailure(reason: reason)
            if case .other(let text) = failure, !text.hasPrefix("Connection request error") {
                self = .accepted(reason: reason)
            } else {
                self = .connectionRequestFailed(failure)
            }
        default: self = .accepted(reason: reason)
        }
    }
}

/// The answer to one task POST.
public struct TaskSubmission: Sendable, Hashable {
    /// The task as stored; nil only when GenieACS answered 404 (no such device).
    public var task: SubmittedTask?
    public var outcome: TaskOutcome?
    /// The status line GenieACS sent, verbatim (`202 Device is offline`).
    public var status: Int
    public var reasonPhrase: String

    /// 404 `No such device`: nothing was queued.
    public var isNoSuchDevice: Bool { status == 404 }
}

/// What an empty-body connection request (`POST …/tasks?connection_request`) achieved.
public enum ConnectionRequestResult: Sendable, Hashable {
    /// 200: the CPE accepted the connection request (a session was not awaited).
    case accepted
    /// 504 with the CR error as reason phrase.
    case failed(ConnectionRequestFailure)
    /// 404.
    case noSuchDevice
}

/// Where a submitted task stands, from `tasks` and `faults` (GenieACS 1.2.16 lib/cwmp.ts:402-430, 650-672).
public enum TaskStatus: Sendable, Hashable {
    /// The task document is present and no fault: waiting for a session.
    case pending
    /// A fault exists for the task's channel.
    case faulted(GenieACSFault)
    /// Task gone and no fault: it ran (for downloads: the Download RPC was accepted, GenieACS 1.2.16
    /// lib/cwmp.ts:334-354; lib/cwmp/db.ts:707-725).
    case done
}

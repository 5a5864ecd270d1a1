import CurlHTTP
import FerruleJSON

extension NBIClient {
    /// Time a task POST with `connection_request` may take: GenieACS waits up to 30 s for the
    /// session lock, then `timeout` for a session to start and 120 s for it to end (GenieACS 1.2.16
    /// lib/nbi.ts:311-405).
    static func connectionRequestBudget(_ sessionStart: Duration?) -> Duration {
        .seconds(30) + (sessionStart ?? .milliseconds(4000)) + .seconds(120) + .seconds(10)
    }

    /// `POST /devices/<id>/tasks`: queues one task, optionally waking the device.
    ///
    /// The task is checked locally first (``TaskValidation``); an invalid one throws
    /// ``GenieACSError`` and is never sent. Never retried: a task POST is not idempotent unless
    /// it carries a ``TaskRequest/uniqueKey``.
    /// - Parameters:
    ///   - connectionRequest: send a connection request and wait for the session (up to ~150 s).
    ///   - sessionStart: how long GenieACS waits for the session to start (its `timeout`,
    ///     default `cwmp.deviceOnlineThreshold`, 4 s).
    public func submit(
        _ request: TaskRequest,
        to device: String,
        connectionRequest: Bool,
        sessionStart: Duration? = nil
    ) async throws -> TaskSubmission {
        if let problem = TaskValidation.problem(request) { throw GenieACSError.invalidTask(problem, device: device) }
        var items: [(String, String?)] = []
        if connectionRequest {
            items.append(("connection_request", nil))
            if let sessionStart { items.append(("timeout", String(sessionStart.milliseconds))) }
        }
        let path = "/devices/\(NBIPath.segment(device))/tasks" + NBIPath.query(items)
        let response = try await send(
            "POST",
            path,
            body: request.body,
            timeout: connectionRequest ? Self.connectionRequestBudget(sessionStart) : nil
        )
        switch response.status {
        case 200, 202:
            let document = try json(response, method: "POST")
            guard let id = document["_id"]?.stringValue else {
                throw GenieACSError.invalidResponse(
                    "the task has no _id",
                    method: "POST",
                    url: response.url,
                    status: response.status
                )
            }
            return TaskSubmission(
                task: SubmittedTask(id: id, device: document["device"]?.stringValue ?? device, document: document),
                outcome: TaskOutcome(
                    status: response.status,
                    reason: response.reasonPhrase,
                    connectionRequest: connectionRequest
                ),
                status: response.status,
                reasonPhrase: response.reasonPhrase
            )
        case 404:
            return TaskSubmission(task: nil, outcome: nil, status: 404, reasonPhrase: response.reasonPhrase)
        default:
            throw GenieACSError.status(response, method: "POST")
        }
    }

    /// An empty-body `POST …/tasks?connection_request`: wakes the device without a task.
    public func connectionRequest(to device: String) async throws -> ConnectionRequestResult {
        let path = "/devices/\(NBIPath.segment(device))/tasks?connection_request"
        let response = try await send("POST", path, timeout: Self.connectionRequestBudget(nil))
        switch response.status {
        case 200: return .accepted
        case 504: return .failed(ConnectionRequestFailure(reason: response.reasonPhrase))
        case 404: return .noSuchDevice
        default: throw GenieACSError.status(response, method: "POST")
        }
    }

    /// `DELETE /tasks/<id>`: deletes the task and its fault `<device>:task_<id>` while the task
    /// exists (GenieACS 1.2.16 lib/nbi.ts:428-450). Throws 404 `Task not found` once the task is gone —
    /// its fault may remain: a Download whose TransferComplete faulted after the task document went
    /// (lib/cwmp.ts:333-355), which GenieACS retries on its own; ``deleteFault(_:)`` takes it — and
    /// 503 `Device is in session` as ``GenieACSError``.
    public func deleteTask(_ id: String) async throws {
        try requireObjectID(id, "DELETE", "/tasks/\(id)")
        try await expect("DELETE", "/tasks/\(NBIPath.segment(id))")
    }

    /// `POST /tasks/<id>/retry`: deletes the task's fault so it runs at the next Inform.
    ///
    /// Checks the task exists first: GenieACS crashes a worker on an unknown id (GenieACS 1.2.16 lib/nbi.ts:463-468).
    /// - Returns: false when the task does not exist (nothing was sent to retry).
    @discardableResult
    public func retryTask(_ id: String) async throws -> Bool {
        try requireObjectID(id, "POST", "/tasks/\(id)/retry")
        let existing = try await query(
            .tasks,
            CollectionQuery(query: .object([("_id", .string(id))]), projection: ["_id"])
        )
        guard !existing.items.isEmpty else { return false }
        try await expect("POST", "/tasks/\(NBIPath.segment(id))/retry")
        return true
    }

    /// `DELETE /faults/<id>` (also deletes the task when the channel is `task_<id>`): 200 also when
    /// neither exists; 503 `Device is in session` (GenieACS 1.2.16 lib/nbi.ts:238-257,
    /// lib/api-functions.ts:397-410).
    public func deleteFault(_ id: String) async throws {
        try await expect("DELETE", "/faults/\(NBIPath.faultSegment(id))")
    }

    /// Faults, optionally of one device.
    public func faults(device: String? = nil) async throws -> [GenieACSFault] {
        let filter: JSONValue? = device.map { .object([("device", .string($0))]) }
        return try await query(.faults, CollectionQuery(query: filter, sort: [("_id", 1)])).items.compactMap {
            GenieACSFault(document: $0)
        }
    }

    /// A non-hex task id in `/tasks/<id>` crashes a GenieACS worker (GenieACS 1.2.16 lib/nbi.ts:428): refuse it here.
    private func requireObjectID(_ id: String, _ method: String, _ path: String) throws {
        guard id.count == 24,
            id.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) })
        else {
            throw GenieACSError.invalidArgument(
                "task ids are 24 hex digits (\(id.count) characters given); not sent, GenieACS would crash a worker",
                method: method,
                url: path
            )
        }
    }
}

extension NBIPath {
    /// A fault id: the device id part is encoded like any id, the `:` separator stays (GenieACS 1.2.16 lib/nbi.ts:31).
    static func faultSegment(_ id: String) -> String {
        id.split(separator: ":", omittingEmptySubsequences: false).map { segment(String($0)) }.joined(separator: ":")
    }
}

extension Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}

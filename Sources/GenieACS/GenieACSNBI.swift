public import FerruleJSON

/// The GenieACS NBI operations the planner, the deployer and the campaign engine use
/// (GenieACS 1.2.16 lib/nbi.ts:72-702; lib/nbi.ts:258-420): collection queries, task POSTs and connection requests,
/// task deletion, and the writes of presets, provisions, virtual parameters and objects.
///
/// ``NBIClient`` implements it over HTTP. Code written against this protocol runs unchanged on
/// an in-process GenieACS (`GenieACSStandIn.InMemoryGenieACS`) whose time is driven by a test
/// clock, so rollout logic is tested in milliseconds without sockets.
public protocol GenieACSNBI: Sendable {
    /// Where this GenieACS is (`http://acs:7557`), recorded with campaigns and shown in messages.
    var baseURL: String { get }

    /// `GET /<collection>/` with a query, projection, sort, skip and limit.
    func query(_ collection: NBICollection, _ query: CollectionQuery) async throws -> CollectionPage

    /// `POST /devices/<id>/tasks`: queues one task, optionally waking the device (GenieACS 1.2.16 lib/nbi.ts:258-420).
    func submit(
        _ request: TaskRequest,
        to device: String,
        connectionRequest: Bool,
        sessionStart: Duration?
    ) async throws -> TaskSubmission

    /// An empty-body `POST …/tasks?connection_request`: wakes the device without a task.
    func connectionRequest(to device: String) async throws -> ConnectionRequestResult

    /// `DELETE /tasks/<id>`: deletes the task and the fault `<device>:task_<id>` while the task
    /// exists; throws ``GenieACSError`` 404 once the task is gone, even when its fault stays (GenieACS
    /// 1.2.16 lib/nbi.ts:428-450). ``deleteFault(_:)`` takes such a fault.
    func deleteTask(_ id: String) async throws

    /// `DELETE /faults/<device>:<channel>`: deletes the fault, and for a `task_<id>` channel the task
    /// too; 200 also when neither exists, 503 `Device is in session` while the CPE is in session
    /// (GenieACS 1.2.16 lib/nbi.ts:238-257, lib/api-functions.ts:397-410).
    func deleteFault(_ id: String) async throws

    /// `PUT /presets/<name>`, stored as-is (GenieACS 1.2.16 lib/cwmp/local-cache.ts:65-171; lib/local-cache.ts:33-53).
    func putPreset(_ name: String, _ document: JSONValue) async throws
    /// `DELETE /presets/<name>` (200 also when absent).
    func deletePreset(_ name: String) async throws
    /// `PUT /provisions/<name>` or `/virtual_parameters/<name>` with the raw script (GenieACS 1.2.16
    /// lib/nbi.ts:142-148).
    func putScript(_ kind: ScriptKind, _ name: String, script: String) async throws
    /// `DELETE /provisions/<name>` or `/virtual_parameters/<name>`.
    func deleteScript(_ kind: ScriptKind, _ name: String) async throws
    /// `PUT /objects/<name>` (a JSON document stored as-is).
    func putObject(_ name: String, _ document: JSONValue) async throws
    /// `DELETE /objects/<name>` (200 also when absent).
    func deleteObject(_ name: String) async throws
}

/// The two script collections GenieACS compiles on upload (GenieACS 1.2.16 lib/nbi.ts:142-148).
public enum ScriptKind: String, Sendable, Hashable, CaseIterable {
    case provision
    case virtualParameter

    var collection: NBICollection {
        switch self {
        case .provision: .provisions
        case .virtualParameter: .virtualParameters
        }
    }
}

extension GenieACSNBI {
    /// A query without a filter: every document of `collection`.
    public func query(_ collection: NBICollection) async throws -> CollectionPage {
        try await query(collection, CollectionQuery())
    }

    /// Queues a task for the device's next session, without a connection request.
    public func submit(_ request: TaskRequest, to device: String) async throws -> TaskSubmission {
        try await submit(request, to: device, connectionRequest: false, sessionStart: nil)
    }
}

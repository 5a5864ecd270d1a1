import FerruleJSON
import GenieACS
import Synchronization

/// A GenieACS NBI that runs `onSubmit` (with the 1-based count of task POSTs so far) before each task POST, then
/// forwards every call: for tests of what happens to a runner while it is pushing.
final class HookedNBI: GenieACSNBI {
    let base: any GenieACSNBI
    let onSubmit: @Sendable (Int) async throws -> Void
    /// Called before each collection query, with the number of task POSTs so far.
    let beforeQuery: @Sendable (Int) async throws -> Void
    /// Task POSTs queue the task without waking the device, whatever the runner asked: a runner
    /// that died after recording `pushed` and before the wake-up reached GenieACS.
    let queueOnly: Bool
    /// Answers a query in place of the base when it returns a page (a file with other metadata).
    let answer: @Sendable (NBICollection, CollectionQuery) -> CollectionPage?
    /// Fails a query in place of the base when it returns an error (a URL Node would refuse).
    let refuse: @Sendable (NBICollection, CollectionQuery) -> (any Error)?
    /// Fails a task deletion in place of the base when it returns an error (a CPE in session).
    let refuseDelete: @Sendable (String) -> (any Error)?
    /// Fails a connection request (with the 1-based count of connection requests so far) when it
    /// returns an error (a wake-up lost on the way).
    let refuseWake: @Sendable (Int) -> (any Error)?
    /// Task POSTs queue the task without waking the device and answer 200, as GenieACS does when the session it
    /// waited for ended without running the task (a CPE that dropped its session, lib/nbi.ts:384-415).
    let claimCompleted: Bool
    private let submits = Mutex(0)
    private let wakes = Mutex(0)
    private let reads = Mutex<[(collection: NBICollection, ids: Int)]>([])

    /// Empty-body connection-request POSTs made so far.
    var connectionRequestCalls: Int { wakes.withLock { $0 } }
    /// Task POSTs made so far.
    var submitCalls: Int { submits.withLock { $0 } }

    /// Collection queries made so far, in order, with the number of ids in their `_id` (or `device`) `$in` list (0
    /// without one).
    var queries: [(collection: NBICollection, ids: Int)] { reads.withLock { $0 } }

    /// The `$in` sizes of the queries of `collection` so far.
    func queries(of collection: NBICollection) -> [Int] { queries.filter { $0.collection == collection }.map(\.ids) }

    init(
        _ base: any GenieACSNBI,
        queueOnly: Bool = false,
        onSubmit: @escaping @Sendable (Int) async throws -> Void = { _ in },
        beforeQuery: @escaping @Sendable (Int) async throws -> Void = { _ in },
        answer: @escaping @Sendable (NBICollection, CollectionQuery) -> CollectionPage? = { _, _ in nil },
        refuse: @escaping @Sendable (NBICollection, CollectionQuery) -> (any Error)? = { _, _ in nil },
        refuseDelete: @escaping @Sendable (String) -> (any Error)? = { _ in nil },
        refuseWake: @escaping @Sendable (Int) -> (any Error)? = { _ in nil },
        claimCompleted: Bool = false
    ) {
        self.claimCompleted = claimCompleted
        self.refuseWake = refuseWake
        self.refuseDelete = refuseDelete
        self.answer = answer
        self.refuse = refuse
        self.base = base
        self.queueOnly = queueOnly
        self.onSubmit = onSubmit
        self.beforeQuery = beforeQuery
    }

    var baseURL: String { base.baseURL }

    func query(_ collection: NBICollection, _ query: CollectionQuery) async throws -> CollectionPage {
        let ids = (query.query?["_id"]?["$in"] ?? query.query?["device"]?["$in"])?.arrayValue?.count ?? 0
        reads.withLock { $0.append((collection, ids)) }
        try await beforeQuery(submitCalls)
        if let error = refuse(collection, query) { throw error }
        if let page = answer(collection, query) { return page }
        return try await base.query(collection, query)
    }

    func submit(_ request: TaskRequest, to device: String, connectionRequest: Bool, sessionStart: Duration?)
        async throws -> TaskSubmission
    {
        let count = submits.withLock {
            $0 += 1
            return $0
        }
        try await onSubmit(count)
        if claimCompleted {
            var submission = try await base.submit(request, to: device, connectionRequest: false, sessionStart: nil)
            submission.outcome = .completed
            submission.status = 200
            submission.reasonPhrase = "OK"
            return submission
        }
        return try await base.submit(
            request,
            to: device,
            connectionRequest: connectionRequest && !queueOnly,
            sessionStart: sessionStart
        )
    }

    func connectionRequest(to device: String) async throws -> ConnectionRequestResult {
        let count = wakes.withLock {
            $0 += 1
            return $0
        }
        if let error = refuseWake(count) { throw error }
        return try await base.connectionRequest(to: device)
    }

    func deleteTask(_ id: String) async throws {
        if let error = refuseDelete(id) { throw error }
        try await base.deleteTask(id)
    }
    /// Refused like a task deletion when `refuseDelete` refuses the whole fault id (`<device>:task_<id>`).
    func deleteFault(_ id: String) async throws {
        if let error = refuseDelete(id) { throw error }
        try await base.deleteFault(id)
    }
    func putPreset(_ name: String, _ document: JSONValue) async throws { try await base.putPreset(name, document) }
    func deletePreset(_ name: String) async throws { try await base.deletePreset(name) }
    func putScript(_ kind: ScriptKind, _ name: String, script: String) async throws {
        try await base.putScript(kind, name, script: script)
    }
    func deleteScript(_ kind: ScriptKind, _ name: String) async throws { try await base.deleteScript(kind, name) }
    func putObject(_ name: String, _ document: JSONValue) async throws { try await base.putObject(name, document) }
    func deleteObject(_ name: String) async throws { try await base.deleteObject(name) }
}

import FerruleCore
import FerruleJSON
import GenieACS

extension ActionExecutor {
    /// A task GenieACS still holds for `device` under `uniqueKey`, and its fault if it has one.
    struct QueuedTask: Sendable, Hashable {
        var id: String
        /// `code: message` of the fault `<device>:task_<id>`, shortened; nil when the task has none.
        var fault: String?
    }

    /// The task an earlier send of this action left in GenieACS, if any: the action was sent and
    /// the run stopped (or its answer was lost) before it was marked. A task still queued — or
    /// faulted, which GenieACS keeps with its fault until retried or deleted — is not sent again:
    /// a second POST would replace it (GenieACS 1.2.16 lib/api-functions.ts:362-367) and, for a
    /// faulted one, hide its fault. A task the CPE already ran is gone: GenieACS deletes done tasks
    /// at the end of the session (lib/cwmp.ts:792-796, lib/cwmp/db.ts:668-675) and keeps no record
    /// of them, so that case cannot be told from "never sent" and the action is sent again (at
    /// least once, docs/triggers.md "Restart").
    func queuedTask(_ uniqueKey: String, on device: String) async throws -> QueuedTask? {
        let filter: JSONValue = .object([("device", .string(device)), ("uniqueKey", .string(uniqueKey))])
        let tasks = try await acs.query(.tasks, CollectionQuery(query: filter, projection: ["_id"])).items
        guard let id = tasks.lazy.compactMap({ $0["_id"]?.stringValue }).first else { return nil }
        let faultID = "\(device):task_\(id)"
        let faults = try await acs.query(
            .faults,
            CollectionQuery(query: .object([("_id", .string(faultID))]), projection: ["code", "message"])
        ).items
        let fault = faults.first.map { document in
            let code = document["code"]?.stringValue ?? "fault"
            let message = document["message"]?.stringValue.map { ": \($0)" } ?? ""
            return DisplayText.value(code + message)
        }
        return QueuedTask(id: id, fault: fault)
    }
}

import FerruleJSON

extension GenieACSNBI {
    /// Where a submitted task stands: pending, faulted (with the fault) or done (GenieACS 1.2.16
    /// lib/cwmp.ts:402-430, 650-672).
    ///
    /// The fault is read first: a task that faulted keeps its document until it is retried or
    /// deleted, so the order tells a faulted task from a pending one.
    public func taskStatus(_ task: SubmittedTask) async throws -> TaskStatus {
        let faults = try await query(.faults, CollectionQuery(query: .object([("_id", .string(task.faultID))])))
        if let document = faults.items.first, let fault = GenieACSFault(document: document) { return .faulted(fault) }
        let tasks = try await query(
            .tasks,
            CollectionQuery(query: .object([("_id", .string(task.id))]), projection: ["_id"])
        )
        return tasks.items.isEmpty ? .done : .pending
    }
}

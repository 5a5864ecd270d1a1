import FerruleJSON
import GenieACS

/// Forwards every call to `base`, running `beforeScript` (with the script's name) before each
/// provision or virtual parameter write, `beforePreset` before each preset write, and `afterWrite`
/// (with "PUT preset NAME", "DELETE provision NAME", …) after each preset or script write or
/// delete: for tests of what happens to a deploy while it writes.
struct WriteHookedNBI: GenieACSNBI {
    let base: any GenieACSNBI
    let beforeScript: @Sendable (String) async throws -> Void
    let beforePreset: @Sendable (String) async throws -> Void
    let afterWrite: @Sendable (String) async throws -> Void

    init(
        _ base: any GenieACSNBI,
        beforeScript: @escaping @Sendable (String) async throws -> Void = { _ in },
        beforePreset: @escaping @Sendable (String) async throws -> Void = { _ in },
        afterWrite: @escaping @Sendable (String) async throws -> Void = { _ in }
    ) {
        self.base = base
        self.beforeScript = beforeScript
        self.beforePreset = beforePreset
        self.afterWrite = afterWrite
    }

    var baseURL: String { base.baseURL }

    func query(_ collection: NBICollection, _ query: CollectionQuery) async throws -> CollectionPage {
        try await base.query(collection, query)
    }
    func submit(_ request: TaskRequest, to device: String, connectionRequest: Bool, sessionStart: Duration?)
        async throws -> TaskSubmission
    {
        try await base.submit(request, to: device, connectionRequest: connectionRequest, sessionStart: sessionStart)
    }
    func connectionRequest(to device: String) async throws -> ConnectionRequestResult {
        try await base.connectionRequest(to: device)
    }
    func deleteTask(_ id: String) async throws { try await base.deleteTask(id) }
    func deleteFault(_ id: String) async throws { try await base.deleteFault(id) }
    func putPreset(_ name: String, _ document: JSONValue) async throws {
        try await beforePreset(name)
        try await base.putPreset(name, document)
        try await afterWrite("PUT preset \(name)")
    }
    func deletePreset(_ name: String) async throws {
        try await base.deletePreset(name)
        try await afterWrite("DELETE preset \(name)")
    }
    func putScript(_ kind: ScriptKind, _ name: String, script: String) async throws {
        try await beforeScript(name)
        try await base.putScript(kind, name, script: script)
        try await afterWrite("PUT \(kind) \(name)")
    }
    func deleteScript(_ kind: ScriptKind, _ name: String) async throws {
        try await base.deleteScript(kind, name)
        try await afterWrite("DELETE \(kind) \(name)")
    }
    func putObject(_ name: String, _ document: JSONValue) async throws { try await base.putObject(name, document) }
    func deleteObject(_ name: String) async throws { try await base.deleteObject(name) }
}

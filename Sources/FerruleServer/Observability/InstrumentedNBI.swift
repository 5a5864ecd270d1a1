import CurlHTTP
public import FerruleJSON
public import GenieACS

/// A GenieACS NBI that counts and times every call in ``ServerMetrics`` (`system="genieacs"`),
/// then passes it to the real client unchanged.
public struct InstrumentedNBI: GenieACSNBI {
    /// The client doing the work.
    public let base: any GenieACSNBI
    /// Where calls are recorded.
    public let metrics: ServerMetrics

    /// Wraps `base`.
    public init(_ base: any GenieACSNBI, metrics: ServerMetrics) {
        self.base = base
        self.metrics = metrics
    }

    public var baseURL: String { base.baseURL }

    public func query(_ collection: NBICollection, _ query: CollectionQuery) async throws -> CollectionPage {
        try await measure("query \(collection.rawValue)") { try await base.query(collection, query) }
    }

    public func submit(
        _ request: TaskRequest,
        to device: String,
        connectionRequest: Bool,
        sessionStart: Duration?
    ) async throws -> TaskSubmission {
        try await measure("submit task") {
            try await base.submit(request, to: device, connectionRequest: connectionRequest, sessionStart: sessionStart)
        }
    }

    public func connectionRequest(to device: String) async throws -> ConnectionRequestResult {
        try await measure("connection request") { try await base.connectionRequest(to: device) }
    }

    public func deleteTask(_ id: String) async throws {
        try await measure("delete task") { try await base.deleteTask(id) }
    }

    public func deleteFault(_ id: String) async throws {
        try await measure("delete fault") { try await base.deleteFault(id) }
    }

    public func putPreset(_ name: String, _ document: JSONValue) async throws {
        try await measure("put preset") { try await base.putPreset(name, document) }
    }

    public func deletePreset(_ name: String) async throws {
        try await measure("delete preset") { try await base.deletePreset(name) }
    }

    public func putScript(_ kind: ScriptKind, _ name: String, script: String) async throws {
        try await measure("put \(kind.rawValue)") { try await base.putScript(kind, name, script: script) }
    }

    public func deleteScript(_ kind: ScriptKind, _ name: String) async throws {
        try await measure("delete \(kind.rawValue)") { try await base.deleteScript(kind, name) }
    }

    public func putObject(_ name: String, _ document: JSONValue) async throws {
        try await measure("put object") { try await base.putObject(name, document) }
    }

    public func deleteObject(_ name: String) async throws {
        try await measure("delete object") { try await base.deleteObject(name) }
    }

    func measure<T>(_ operation: String, _ body: () async throws -> T) async throws -> T {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let result = try await body()
            metrics.recordUpstreamCall(
                system: "genieacs",
                operation: operation,
                outcome: "ok",
                duration: clock.now - start
            )
            return result
        } catch {
            metrics.recordUpstreamCall(
                system: "genieacs",
                operation: operation,
                outcome: Self.outcome(error),
                duration: clock.now - start
            )
            throw error
        }
    }

    /// A short, bounded label for an error: `not_found`, `status_500`, `connect`, `timeout` …
    static func outcome(_ error: any Error) -> String {
        switch error {
        case let error as GenieACSError:
            if let transport = error.transportError { return transport.kind.rawValue }
            if error.isNotFound { return "not_found" }
            return error.status > 0 ? "status_\(error.status)" : "invalid"
        case let error as HTTPClientError:
            return error.kind.rawValue
        case is CancellationError:
            return "cancelled"
        default:
            return "error"
        }
    }
}

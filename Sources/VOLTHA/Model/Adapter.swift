/// A VOLTHA adapter instance (`adapter.Adapter`), e.g. `openolt_1`.
public struct Adapter: Sendable, Hashable {
    public var id: String
    public var vendor: String
    public var version: String
    public var type: String
    public var endpoint: String
    public var currentReplica: Int32
    public var totalReplicas: Int32
    /// Unix time in milliseconds of the adapter's last contact with the core (0 when unknown).
    public var lastCommunication: Int64

    /// An adapter from its parts.
    public init(
        id: String,
        vendor: String,
        version: String,
        type: String,
        endpoint: String,
        currentReplica: Int32,
        totalReplicas: Int32,
        lastCommunication: Int64
    ) {
        self.id = id
        self.vendor = vendor
        self.version = version
        self.type = type
        self.endpoint = endpoint
        self.currentReplica = currentReplica
        self.totalReplicas = totalReplicas
        self.lastCommunication = lastCommunication
    }
}

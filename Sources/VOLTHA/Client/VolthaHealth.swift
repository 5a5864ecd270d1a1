/// VOLTHA's health as its NBI shows it.
///
/// The NBI has no health RPC (`health.HealthService` is defined but not registered,
/// `voltha-go:rw_core/core/core.go` `startGrpcNbiService`). What it offers: `GetVoltha` answers
/// while the core is ready, and every unary call fails with UNAVAILABLE "system is not ready"
/// while Kafka, etcd or the adapters are down (`voltha-lib-go:pkg/grpc/server.go`). So: an answer
/// is ready, that UNAVAILABLE is degraded, and no connection at all is down.
public enum VolthaHealth: Sendable, Hashable {
    /// `GetVoltha` answered; `version` is the core's version text (a JSON document).
    case ready(version: String)
    /// The core answers but is not ready.
    case degraded(reason: String)
    /// No answer from the address.
    case down(reason: String)

    /// `ready`, `degraded` or `down`.
    public var name: String {
        switch self {
        case .ready: "ready"
        case .degraded: "degraded"
        case .down: "down"
        }
    }
}

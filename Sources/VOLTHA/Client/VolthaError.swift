import FerruleCore

/// Why a VOLTHA operation failed, in words an operator can act on.
///
/// gRPC status codes from VOLTHA's NBI become one of the kinds below
/// (`voltha-go:rw_core/core/device/manager_nbi.go`, `agent.go`; the readiness interceptor in
/// `voltha-lib-go:pkg/grpc/server.go`). The description says what failed, where, and what next:
///
///     VOLTHA localhost:55555: no device onu-123 (GetDevice: NOT_FOUND)
public struct VolthaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private enum Code: String, Sendable, Hashable {
            case notFound = "not-found"
            case alreadyEnabled = "already-enabled"
            case alreadyDisabled = "already-disabled"
            case failedPrecondition = "failed-precondition"
            case notReady = "not-ready"
            case unreachable
            case timedOut = "timed-out"
            case unimplemented
            case invalidArgument = "invalid-argument"
            case extensionFailed = "extension-failed"
            case invalidInput = "invalid-input"
            case onos
            case sadis
            case server
        }
        private let code: Code

        /// The device (or other object) does not exist (`NOT_FOUND`).
        public static let notFound = Kind(code: .notFound)
        /// Enable of an enabled device (`FAILED_PRECONDITION` "…already-enabled…").
        public static let alreadyEnabled = Kind(code: .alreadyEnabled)
        /// Disable of a disabled device (`FAILED_PRECONDITION` "device-already-disabled").
        public static let alreadyDisabled = Kind(code: .alreadyDisabled)
        /// Any other state conflict (`FAILED_PRECONDITION`).
        public static let failedPrecondition = Kind(code: .failedPrecondition)
        /// The core answers but is not ready: Kafka, etcd or adapters down (`UNAVAILABLE`).
        public static let notReady = Kind(code: .notReady)
        /// No connection to VOLTHA at that address.
        public static let unreachable = Kind(code: .unreachable)
        /// The call's deadline passed (`DEADLINE_EXCEEDED`).
        public static let timedOut = Kind(code: .timedOut)
        /// The core does not offer this RPC (`UNIMPLEMENTED`, or VOLTHA's plain "unimplemented").
        public static let unimplemented = Kind(code: .unimplemented)
        /// VOLTHA rejected an argument (`INVALID_ARGUMENT`).
        public static let invalidArgument = Kind(code: .invalidArgument)
        /// `Extension.GetExtValue` answered with `status: ERROR` inside a successful reply.
        public static let extensionFailed = Kind(code: .extensionFailed)
        /// Ferrule refused the request before sending it (provisioning validation).
        public static let invalidInput = Kind(code: .invalidInput)
        /// The ONOS olt app refused or could not be reached.
        public static let onos = Kind(code: .onos)
        /// The SADIS file could not be read or written.
        public static let sadis = Kind(code: .sadis)
        /// Any other server-side failure (`UNKNOWN`, `INTERNAL`, …).
        public static let server = Kind(code: .server)

        /// A short stable name (`not-found`, `not-ready`, …).
        public var description: String { code.rawValue }
    }

    /// The kind of failure.
    public var kind: Kind
    /// What failed, for the operator (already says what next where that helps).
    public var message: String
    /// The VOLTHA address (or ONOS URL, or SADIS file) involved.
    public var target: String
    /// The RPC or HTTP request, e.g. `GetDevice: NOT_FOUND`; empty for local validation.
    public var detail: String

    /// An error from its parts.
    public init(_ kind: Kind, _ message: String, target: String, detail: String = "") {
        self.kind = kind
        self.message = message
        self.target = target
        self.detail = detail
    }

    /// `target: message (detail)`.
    public var description: String {
        target.isEmpty ? untargeted : "\(target): \(untargeted)"
    }

    /// `message (detail)`, without the address: for answers that must not reveal where VOLTHA is
    /// (the server's health route) and for places that show the address beside it.
    public var untargeted: String {
        detail.isEmpty ? message : "\(message) (\(detail))"
    }
}

extension String {
    /// At most `limit` characters with control characters escaped, for quoting server text.
    func shortened(_ limit: Int = 200) -> String { DisplayText.value(self, limit: limit) }
}

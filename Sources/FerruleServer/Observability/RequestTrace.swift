public import HTTPTypes
import Synchronization

/// What the server learns about the request being handled, shared by its middleware: the id it
/// was given, and, once authenticated, the tenant and subject (for the access and audit logs,
/// which run outside the authentication that finds them).
public final class RequestTrace: Sendable {
    /// The request id: the client's `X-Request-ID` when it is sane, else a new one.
    public let requestID: String
    private let state = Mutex<(tenant: String?, subject: String?)>((nil, nil))

    /// `X-Request-ID`, echoed on every answer.
    public static var requestIDHeader: HTTPField.Name { .requestID }
    /// `X-Correlation-ID`, the seed platform's name for the same id on error answers.
    public static var correlationIDHeader: HTTPField.Name { .correlationID }

    /// The trace of the request being handled (nil outside one).
    @TaskLocal public static var current: RequestTrace?

    /// A trace for a request with `requestID`.
    public init(requestID: String) { self.requestID = requestID }

    /// Records who the request acts as.
    public func authenticated(tenant: String, subject: String) {
        state.withLock { $0 = (tenant, subject) }
    }

    /// The tenant the request acts in, once known.
    public var tenant: String? { state.withLock { $0.tenant } }
    /// The token id or JWT subject, once known.
    public var subject: String? { state.withLock { $0.subject } }

    /// The client's id when it is 1–128 characters of letters, digits, `-`, `_`, `.`, `:`; else a
    /// new random one (16 hex digits). A client id never carries anything into logs unescaped.
    public static func requestID(from header: String?) -> String {
        if let header, (1...128).contains(header.utf8.count),
            header.utf8.allSatisfy({ isIDByte($0) })
        {
            return header
        }
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    private static func isIDByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
            UInt8(ascii: ":"):
            return true
        default:
            return false
        }
    }
}

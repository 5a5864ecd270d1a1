import HTTPTypes
import Hummingbird
import Logging

/// The server's responder behind ``ShutdownDeadline``: every request is answered by `base` unless
/// a graceful shutdown's deadline passes first, when it is answered 503 with a `detail` and
/// `Connection: close` (the handler is cancelled; what it had already sent upstream may have
/// taken effect, which the `detail` says).
struct ShutdownDeadlineResponder<Base: HTTPResponder>: HTTPResponder where Base.Context: Sendable {
    typealias Context = Base.Context

    let base: Base
    let deadline: ShutdownDeadline
    /// Seconds between SIGTERM and the deadline, for the `detail`.
    let graceSeconds: Double
    let logger: Logger

    @Sendable func respond(to request: Request, context: Context) async throws -> Response {
        let base = self.base
        switch await deadline.answer({ try await base.respond(to: request, context: context) }) {
        case .done(let result):
            return try result.get()
        case .deadline:
            let requestID = RequestTrace.requestID(from: request.headers[RequestTrace.requestIDHeader])
            logger.warning(
                "request still in flight at the shutdown deadline answered 503",
                metadata: [
                    "request_id": .string(requestID),
                    "method": .string(request.method.rawValue),
                    "path": .string(String(request.uri.path.prefix(200))),
                ]
            )
            let seconds = graceSeconds.rounded() == graceSeconds ? String(Int(graceSeconds)) : String(graceSeconds)
            return ErrorEnvelope(
                status: .serviceUnavailable,
                detail: "The server is stopping and stopped waiting for this request \(seconds) s after the "
                    + "shutdown began; what it had already changed upstream may have taken effect: check before "
                    + "sending it again",
                requestID: requestID
            ).response(headers: [.connection: "close", .retryAfter: "5"])
        }
    }
}

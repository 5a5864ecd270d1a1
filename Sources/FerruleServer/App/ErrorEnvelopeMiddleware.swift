public import Hummingbird
public import Logging
import OpenAPIRuntime

/// Turns every error thrown below it into the seed's error envelope with a `detail` string
/// (``ErrorEnvelope``): ``APIError`` as it is, Hummingbird's HTTP errors with their status,
/// request-decoding failures of the generated handlers as 400/422, and anything else as 500
/// `An unexpected error occurred` — whose cause is logged with the request id, never answered.
public struct ErrorEnvelopeMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    /// Logs unexpected errors to `logger`.
    public init(logger: Logger) { self.logger = logger }

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            var response = try await next(request, context)
            // Error answers the API handlers render themselves carry the correlation header too.
            if response.status.code >= 400, response.headers[RequestTrace.correlationIDHeader] == nil,
                let id = RequestTrace.current?.requestID, !id.isEmpty
            {
                response.headers[RequestTrace.correlationIDHeader] = id
            }
            return response
        } catch {
            let (status, detail, headers) = classify(error)
            if status == .internalServerError {
                logger.error(
                    "unexpected error",
                    metadata: [
                        "request_id": .string(RequestTrace.current?.requestID ?? ""),
                        "error": .string(String(Self.cause(of: error).prefix(1000))),
                    ]
                )
            }
            return ErrorEnvelope(status: status, detail: detail, requestID: RequestTrace.current?.requestID ?? "")
                .response(headers: headers)
        }
    }

    /// What to log about an unexpected error: for the API runtime's errors the operation and
    /// the underlying error, never the request dump (its headers hold the caller's token).
    static func cause(of error: any Error) -> String {
        guard let error = error as? OpenAPIRuntime.ServerError else { return String(describing: error) }
        return "\(error.operationID): \(error.causeDescription): \(String(describing: error.underlyingError))"
    }

    /// The status, `detail` and headers an error is answered with.
    func classify(_ error: any Error) -> (HTTPResponse.Status, String, HTTPFields) {
        switch error {
        case let error as APIError:
            return (error.status, error.detail, error.headers)
        case let error as HTTPError:
            return (error.status, error.body ?? error.status.reasonPhrase, error.headers)
        case let error as OpenAPIRuntime.ServerError:
            if let inner = error.underlyingError as? APIError { return (inner.status, inner.detail, inner.headers) }
            if let inner = error.underlyingError as? HTTPError { return classify(inner) }
            if error.underlyingError is DecodingError {
                return (.unprocessableContent, "Request validation failed: \(error.causeDescription)", [:])
            }
            if error.httpStatus.kind == .clientError {
                return (error.httpStatus, "Request validation failed: \(error.causeDescription)", [:])
            }
            return (.internalServerError, "An unexpected error occurred", [:])
        case let error as any HTTPResponseError:
            return (error.status, error.status.reasonPhrase, [:])
        default:
            return (.internalServerError, "An unexpected error occurred", [:])
        }
    }
}

public import Hummingbird
import Logging

/// First in the chain: gives the request its id (the client's `X-Request-ID` when sane, else a
/// new one), puts it in the request's logger metadata and ``RequestTrace/current``, and echoes
/// it on the answer as `X-Request-ID`.
public struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let trace = RequestTrace(requestID: RequestTrace.requestID(from: request.headers[RequestTrace.requestIDHeader]))
        var context = context
        context.logger[metadataKey: "request_id"] = .string(trace.requestID)
        var response = try await RequestTrace.$current.withValue(trace) { try await next(request, context) }
        response.headers[RequestTrace.requestIDHeader] = trace.requestID
        return response
    }
}

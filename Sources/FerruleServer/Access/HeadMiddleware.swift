public import Hummingbird

/// Answers HEAD wherever GET is answered (RFC 9110 §9.3.2): the request goes on as GET and the
/// answer comes back with the same status and headers (its `Content-Length` kept) and no body.
/// Load balancers probe `/healthz` and `/readyz` this way.
public struct HeadMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The middleware.
    public init() {}

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.method == .head else { return try await next(request, context) }
        var head = request.head
        head.method = .get
        var response = try await next(Request(head: head, body: request.body), context)
        if response.headers[.contentLength] == nil, let length = response.body.contentLength {
            response.headers[.contentLength] = String(length)
        }
        response.body = ResponseBody()
        return response
    }
}

public import Hummingbird

/// Refuses request bodies over the configured size with 413: at once when `Content-Length`
/// says so, otherwise as soon as the streamed body passes the limit (the body is never buffered
/// here, so the limit also holds for chunked uploads).
public struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The largest body accepted, in bytes.
    public let maxBytes: Int

    /// Limits bodies to `maxBytes`.
    public init(maxBytes: Int) { self.maxBytes = maxBytes }

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBytes {
            throw Self.tooLarge(maxBytes)
        }
        var request = request
        request.body = RequestBody(asyncSequence: LimitedBody(base: request.body, limit: maxBytes))
        return try await next(request, context)
    }

    static func tooLarge(_ limit: Int) -> APIError {
        APIError(.contentTooLarge, "Request body too large: the limit is \(limit) bytes")
    }
}

/// A request body that throws 413 once more than `limit` bytes have arrived.
struct LimitedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let base: RequestBody
    let limit: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: RequestBody.AsyncIterator
        let limit: Int
        var seen = 0

        mutating func next() async throws -> ByteBuffer? {
            guard let buffer = try await base.next() else { return nil }
            seen += buffer.readableBytes
            if seen > limit { throw BodyLimitMiddleware<BasicRequestContext>.tooLarge(limit) }
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator(), limit: limit) }
}

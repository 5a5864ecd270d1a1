public import Hummingbird
import Synchronization

/// Refuses request bodies over the configured size with 413: at once when `Content-Length`
/// says so, otherwise as soon as the streamed body passes the limit (the body is never buffered
/// here, so the limit also holds for chunked uploads).
///
/// It runs after authentication (``ServerApplication``): a request without a valid token gets its
/// 401 whatever its body's size, and its body is not read at all.
///
/// A streamed body an authenticated request's route answered without reading (404, 405 for a
/// method the path does not declare) is read here afterwards, up to the limit: over it the answer
/// is the same 413 a `Content-Length` over the limit gets before the route, so the answer does not
/// depend on how the client framed the body. Nothing is read past the limit: the rest of a body
/// still arriving when the answer is written is not drained, the connection is closed
/// (``ConnectionCloser``).
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
        let maxBytes = limit(for: request.uri.path)
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBytes {
            throw Self.tooLarge(maxBytes)
        }
        let declared = request.headers[.contentLength] != nil
        let original = request.body
        let reading = BodyReading()
        var request = request
        request.body = RequestBody(asyncSequence: LimitedBody(base: original, limit: maxBytes, reading: reading))
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            if !declared, !reading.started, await Self.isOversize(original, limit: maxBytes) {
                throw Self.tooLarge(maxBytes)
            }
            throw error
        }
        if !declared, !reading.started, await Self.isOversize(original, limit: maxBytes) {
            throw Self.tooLarge(maxBytes)
        }
        return response
    }

    /// Whether a body nobody read is longer than `limit`, reading at most `limit` bytes and one
    /// buffer. A body that cannot be read (the request was cancelled, the client went away) is
    /// not judged: the route's own answer or error stands.
    static func isOversize(_ body: RequestBody, limit: Int) async -> Bool {
        guard !Task.isCancelled else { return false }
        var seen = 0
        do {
            for try await buffer in body {
                seen += buffer.readableBytes
                if seen > limit { return true }
            }
        } catch {
            return false
        }
        return false
    }

    /// The upload routes' own body limits, over `max_body_bytes` when larger: a rule project
    /// (8 MiB of file text, JSON-escaped) and a device tree (16 MiB, JSON-escaped) need more than
    /// the default 1 MiB; the routes check the decoded sizes themselves.
    static var uploadLimits: [(path: String, bytes: Int)] {
        [("/ferrule/rules/", 24 << 20), ("/ferrule/validation/trees", 48 << 20)]
    }

    /// The limit for a request to `path`: the larger of `max_body_bytes` and its upload route's.
    func limit(for path: String) -> Int {
        for prefix in APIPrefix.allCases where path.hasPrefix(prefix.rawValue) {
            let rest = path.dropFirst(prefix.rawValue.count)
            if let upload = Self.uploadLimits.first(where: { rest.hasPrefix($0.path) }) {
                return max(maxBytes, upload.bytes)
            }
        }
        return maxBytes
    }

    static func tooLarge(_ limit: Int) -> APIError {
        APIError(.contentTooLarge, "Request body too large: the limit is \(limit) bytes")
    }
}

/// Whether a route started reading the request body.
final class BodyReading: Sendable {
    private let flag = Mutex(false)

    /// True once an iterator of the body was made.
    var started: Bool { flag.withLock { $0 } }

    func start() { flag.withLock { $0 = true } }
}

/// A request body that throws 413 once more than `limit` bytes have arrived.
struct LimitedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let base: RequestBody
    let limit: Int
    let reading: BodyReading

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

    func makeAsyncIterator() -> AsyncIterator {
        reading.start()
        return AsyncIterator(base: base.makeAsyncIterator(), limit: limit)
    }
}

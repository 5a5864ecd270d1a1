import HTTPTypes
import Hummingbird
import OpenAPIHummingbird
import OpenAPIRuntime

/// The methods each path of the API answers, recorded while the routes register, and the 405
/// answers for every other method on those paths.
///
/// The generated code registers each operation of openapi/ferrule.yaml through this transport
/// (``register(_:method:path:)``), which passes it on to the router and notes the path and method;
/// the table is therefore the document's own and cannot drift from it. ``registerMethodNotAllowed()``
/// then gives every recorded path a responder for each other method that answers
/// 405 `Method Not Allowed` with `Allow` (``APIError/methodNotAllowed(allowed:)``), as the seed's
/// FastAPI does. Every GET also answers HEAD. Paths the document does not declare stay 404.
final class DeclaredMethods<Context: RequestContext>: ServerTransport {
    /// The methods a request may use that get a 405 where the path does not declare them: RFC 9110's
    /// (except CONNECT, which names a host, not a path), PATCH (RFC 5789) and QUERY.
    static var candidates: [HTTPRequest.Method] {
        [.get, .head, .post, .put, .patch, .delete, .options, .trace, .query]
    }

    private let router: Router<Context>
    /// Paths in registration order, with their methods in registration order.
    private(set) var paths: [(path: String, methods: [HTTPRequest.Method])] = []

    /// A table that registers on `router`.
    init(router: Router<Context>) { self.router = router }

    /// Registers `handler` on the router and records `method` for `path` (the prefixed document
    /// path, `/api/v1/genieacs/devices/{device_id}`).
    func register(
        _ handler:
            @escaping @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (
                HTTPResponse, HTTPBody?
            ),
        method: HTTPRequest.Method,
        path: String
    ) throws {
        router.register(handler, method: method, path: path)
        record(method, path: path)
        guard method == .get else { return }
        // RFC 9110 §9.3.2: HEAD is GET without the content (load balancers probe with it), and
        // its header fields are GET's: the length the GET body would have.
        router.register(
            { request, body, metadata in Self.headAnswer(try await handler(request, body, metadata)) },
            method: .head,
            path: path
        )
        record(.head, path: path)
    }

    /// Registers `handler` on the router for GET and for HEAD (the same answer without its
    /// content, RFC 9110 §9.3.2), and records both for `path`.
    func get(_ path: String, _ handler: @escaping @Sendable (Request, Context) async throws -> Response) {
        router.get(RouterPath(path), use: handler)
        router.head(RouterPath(path)) { request, context in
            // The GET answer's fields, its `Content-Length` included, without the content.
            try await handler(request, context).createHeadResponse()
        }
        record(.get, path: path)
        record(.head, path: path)
    }

    /// A GET answer as the answer to HEAD: its status and fields, with the `Content-Length` its
    /// content has (a body of unknown length gives none, as GET's chunked answer has none), and
    /// no content.
    static func headAnswer(_ answer: (HTTPResponse, HTTPBody?)) -> (HTTPResponse, HTTPBody?) {
        var (response, body) = answer
        guard let body else {
            response.headerFields[.contentLength] = "0"
            return (response, nil)
        }
        switch body.length {
        case .known(let length):
            response.headerFields[.contentLength] = String(length)
            return (response, nil)
        case .unknown:
            response.headerFields[.contentLength] = nil
            return (response, HTTPBody(AsyncStream<ArraySlice<UInt8>> { $0.finish() }, length: .unknown))
        }
    }

    /// Records that `path` answers `method` (for routes registered on the router directly).
    func record(_ method: HTTPRequest.Method, path: String) {
        if let index = paths.firstIndex(where: { $0.path == path }) {
            if !paths[index].methods.contains(method) { paths[index].methods.append(method) }
        } else {
            paths.append((path, [method]))
        }
    }

    /// The methods `path` answers, in the order the document lists them; empty for a path not recorded.
    func allowed(_ path: String) -> [HTTPRequest.Method] {
        paths.first { $0.path == path }?.methods ?? []
    }

    /// Gives every recorded path a 405 responder for each of ``candidates`` it does not answer,
    /// and any other method a 405 too (``UndeclaredMethodMiddleware``).
    func registerMethodNotAllowed() {
        for (path, methods) in paths {
            let error = APIError.methodNotAllowed(allowed: methods)
            for method in Self.candidates where !methods.contains(method) {
                router.on(RouterPath(path), method: method) { _, _ -> Response in throw error }
            }
        }
        router.add(middleware: UndeclaredMethodMiddleware(paths: paths))
    }
}

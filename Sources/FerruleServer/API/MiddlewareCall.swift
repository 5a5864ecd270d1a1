import HTTPTypes
import OpenAPIRuntime

/// A request as the generated server hands it to each of Ferrule's API middlewares: the request,
/// its body, its metadata, the operation it routes to and the step that passes it on.
struct MiddlewareCall: Sendable {
    /// A middleware's answer: the response and its body.
    typealias Answer = (HTTPResponse, HTTPBody?)

    let request: HTTPRequest
    let body: HTTPBody?
    let metadata: ServerRequestMetadata
    let operationID: String
    let next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> Answer

    /// Passes the request on as it came.
    func proceed() async throws -> Answer {
        try await next(request, body, metadata)
    }

    /// Passes the request on with `body` (the bytes already read) in place of the stream.
    func proceed(body: HTTPBody?) async throws -> Answer {
        try await next(request, body, metadata)
    }
}

/// A `ServerMiddleware` that takes the request as one ``MiddlewareCall``: the runtime's
/// five-argument `intercept` is written once, here, for every API middleware.
protocol CallMiddleware: ServerMiddleware {
    func intercept(_ call: MiddlewareCall) async throws -> MiddlewareCall.Answer
}

extension CallMiddleware {
    func intercept(
        _ request: HTTPRequest,
        body: HTTPBody?,
        metadata: ServerRequestMetadata,
        operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        // The call lives only while this runs, as the runtime's `next` does.
        try await withoutActuallyEscaping(next) { next in
            try await intercept(
                MiddlewareCall(request: request, body: body, metadata: metadata, operationID: operationID, next: next)
            )
        }
    }
}

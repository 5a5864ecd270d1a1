import FerruleJSON
import HTTPTypes
import NIOCore
import NIOHTTP1

/// Closes the connection after answering a request that does not keep it: a `CONNECT`, an
/// HTTP/1.0 request without `Connection: keep-alive`, a body in a transfer coding other than
/// chunked (marked here for ``TransferCodingMiddleware``, which answers it 501), or a request
/// answered while its body is still arriving.
///
/// A request answered before its body ended — 401 for a missing token, 413 for a declared length
/// over the limit, the route's error before it read the body — would otherwise have the rest of
/// its body read and discarded before the next request (Hummingbird drains it), however long the
/// client keeps sending: the body would be read past its limit after all. Closing instead reads
/// nothing more. A body that has fully arrived (every small one) keeps the connection open.
///
/// A body must arrive within `bodyTimeout` of its request's head (`limits.request_timeout_seconds`):
/// the idle timeout only catches silence, and a client sending a byte every few seconds would
/// otherwise hold its connection (and, with enough of them, every connection) for as long as it likes.
///
/// No route serves `CONNECT`, so it is answered with an error (401, 404 or 405). But an HTTP/1.1
/// answer to `CONNECT` never carries a body or a length (NIO's encoder strips both, RFC 9110
/// §9.3.6), so a client could only tell the error's end by the connection closing: without this,
/// it waits for the idle timeout. An HTTP/1.0 client that did not ask for keep-alive reads until
/// the connection closes (RFC 9112 §9.3); Hummingbird sees requests as HTTP types, which carry
/// no version, and kept such connections open until the idle timeout. The answer keeps its status
/// and headers, gains `Connection: close`, and the connection is closed once it is written.
///
/// Hummingbird adds its channel handlers after its HTTP/1 to HTTP types codec; this one works on
/// NIO's HTTP/1 parts, so ``installer()`` places it right after NIO's request decoder.
final class ConnectionCloser: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// Requests read and not yet answered, oldest first: whether the connection closes after each.
    private var pending: [Bool] = []
    /// Whether the last request read has a body still arriving (its end not read yet).
    private var bodyArriving = false
    /// How long a request's body may take to arrive from its head (`limits.request_timeout_seconds`).
    private let bodyTimeout: TimeAmount
    /// Closes the connection when the body of the request read last has not arrived in time.
    private var bodyDeadline: Scheduled<Void>?

    init(bodyTimeout: TimeAmount) {
        self.bodyTimeout = bodyTimeout
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        bodyDeadline?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if case .end = part {
            bodyArriving = false
            bodyDeadline?.cancel()
            bodyDeadline = nil
        }
        guard case .head(var head) = part else { return context.fireChannelRead(data) }
        bodyArriving = true
        // A body trickling in (a byte before each idle timeout) cannot hold the connection: the
        // whole body has `bodyTimeout` from the head; then the connection is closed.
        bodyDeadline?.cancel()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        bodyDeadline = context.eventLoop.scheduleTask(in: bodyTimeout) { loopBound.value.close(promise: nil) }
        // Only this handler sets the marker: a client's own is dropped.
        head.headers.remove(name: UnsupportedTransferCoding.marker)
        let unsupported = UnsupportedTransferCoding.codings(
            head.headers[canonicalForm: "transfer-encoding"]
        )
        if let unsupported {
            head.headers.add(name: UnsupportedTransferCoding.marker, value: unsupported)
        }
        pending.append(
            head.method == .CONNECT || (head.version == .http1_0 && !head.isKeepAlive) || unsupported != nil
        )
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let part = unwrapOutboundIn(data)
        // The answer to the last request read, whose body is still arriving: close after it.
        if case .head(let head) = part, head.status.code >= 200, pending.count == 1, bodyArriving {
            pending[0] = true
        }
        switch part {
        case .head(var head) where pending.first == true && head.status.code >= 200:
            head.headers.replaceOrAdd(name: "connection", value: "close")
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .end where !pending.isEmpty:
            let closing = pending.removeFirst()
            guard closing else { return context.write(data, promise: promise) }
            context.writeAndFlush(data, promise: promise)
            context.close(promise: nil)
        default:
            context.write(data, promise: promise)
        }
    }

    /// A request NIO's decoder cannot parse (an unknown method, `Content-Length: abc`, a control
    /// byte in a header, a head over the size limit): answered 400 with the error envelope and an
    /// `X-Correlation-ID`, and the connection closed.
    ///
    /// Hummingbird answers an `HTTPParserError` itself with an empty 400
    /// (hummingbird 2.28.1 Sources/HummingbirdCore/Server/HTTP/HTTPChannelHandler.swift:78-83), as
    /// NIO's own `HTTPServerProtocolErrorHandler` would (swift-nio 2.101.3
    /// Sources/NIOHTTP1/HTTPServerProtocolErrorHandler.swift:46-51: `Content-Length: 0`).
    /// The decoder reports the error here first; while no request is waiting for its answer the
    /// envelope is written here and the error goes no further (the connection closes, so
    /// Hummingbird's loop ends). A parse error while a request is being answered (a broken chunk
    /// in its body) is that request's, and is passed on: the route's error handling answers it.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parse = error as? HTTPParserError, pending.isEmpty else { return context.fireErrorCaught(error) }
        let envelope = ErrorEnvelope(
            status: .badRequest,
            detail: "Bad request: the request is not valid HTTP/1.1 (\(Self.describe(parse))); "
                + "the connection is closed",
            requestID: RequestTrace.requestID(from: nil)
        )
        let body = context.channel.allocator.buffer(string: envelope.json.compactText)
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "content-length", value: String(body.readableBytes))
        headers.add(name: "connection", value: "close")
        headers.add(name: "x-correlation-id", value: envelope.requestID)
        let head = HTTPResponseHead(version: .http1_1, status: .badRequest, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.close(promise: nil)
    }

    /// What the parser refused, in words.
    static func describe(_ error: HTTPParserError) -> String {
        switch error {
        case .invalidMethod: "unknown method"
        case .invalidContentLength: "Content-Length is not a number"
        case .invalidHeaderToken: "a header name or value holds a byte HTTP does not allow"
        case .headerOverflow: "the request head is over the size limit"
        case .invalidURL: "the request target is not a valid URL"
        case .invalidVersion: "not an HTTP/1.x version"
        case .unexpectedContentLength: "Content-Length where none is allowed"
        case .invalidChunkSize: "the body's chunked framing is broken"
        default: "malformed request"
        }
    }

    /// A handler for Hummingbird's `additionalChannelHandlers` that, once added, inserts a
    /// ``ConnectionCloser`` after NIO's HTTP/1 request decoder (and passes everything on).
    static func installer(bodyTimeout: TimeAmount) -> any RemovableChannelHandler {
        Installer(bodyTimeout: bodyTimeout)
    }

    private final class Installer: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = Any
        let bodyTimeout: TimeAmount

        init(bodyTimeout: TimeAmount) { self.bodyTimeout = bodyTimeout }

        /// Inserts the closer; this handler then only passes everything on.
        func handlerAdded(context: ChannelHandlerContext) {
            let pipeline = context.pipeline.syncOperations
            if let decoder = try? pipeline.context(handlerType: ByteToMessageHandler<HTTPRequestDecoder>.self) {
                try? pipeline.addHandler(ConnectionCloser(bodyTimeout: bodyTimeout), position: .after(decoder.handler))
            }
        }
    }
}

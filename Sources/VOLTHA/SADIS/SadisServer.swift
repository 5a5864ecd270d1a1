import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// Serves a SADIS file over HTTP for ONOS (see ``SadisRoutes`` for the paths). The file is read
/// (and `/v2/static` rendered) again only when its modification time, size or inode changes, so
/// provisioning's edits show at once (after ONOS's own cache, which provisioning invalidates).
///
/// Bounded: at most ``Limits/maxConnections`` connections at once (more are closed as they
/// arrive), and a connection that has not sent a complete request within ``Limits/idleTimeout``
/// of connecting or of its previous answer, or does not take an answer within it, is closed (a
/// client sending its request a byte at a time holds nothing for long).
public final class SadisServer: Sendable {
    /// The server's bounds.
    public struct Limits: Sendable, Hashable {
        /// Connections served at once.
        public var maxConnections: Int
        /// How long a connection may take to send a whole request, or to take an answer.
        public var idleTimeout: Duration

        /// Limits from their parts: 256 connections, 30 s by default.
        public init(maxConnections: Int = 256, idleTimeout: Duration = .seconds(30)) {
            self.maxConnections = maxConnections
            self.idleTimeout = idleTimeout
        }
    }

    /// The bound port (the real one when 0 was asked for).
    public let port: Int
    /// The bound host.
    public let host: String
    /// The bounds it serves with.
    public let limits: Limits
    private let channel: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>
    private let store: SadisStore
    private let cache: Mutex<(stamp: [Int], routes: SadisRoutes)?>
    private let connections: SadisConnections
    private let active = Atomic<Int>(0)
    /// How often the file was read and indexed (for tests: once per change, not per request).
    let loads = Atomic<Int>(0)
    /// Connections accepted and not yet closed, queued ones included (for tests).
    var openConnections: Int { connections.count }

    private init(
        channel: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>,
        store: SadisStore,
        host: String,
        limits: Limits,
        connections: SadisConnections
    ) {
        self.channel = channel
        self.connections = connections
        self.store = store
        self.host = host
        self.limits = limits
        self.port = channel.channel.localAddress?.port ?? 0
        self.cache = Mutex(nil)
    }

    /// Binds `host:port` (port 0 picks a free one) and reads the file once to check it.
    ///
    /// - Throws: ``VolthaError`` `sadis` for an unreadable file; NIO errors when binding fails.
    public static func bind(
        store: SadisStore,
        host: String = "127.0.0.1",
        port: Int = 0,
        limits: Limits = Limits()
    ) async throws -> SadisServer {
        _ = try store.readExisting()
        let timeout = TimeAmount.nanoseconds(
            Int64(limits.idleTimeout.components.seconds) * 1_000_000_000
                + Int64(limits.idleTimeout.components.attoseconds / 1_000_000_000)
        )
        let connections = SadisConnections()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.configureHTTPServerPipeline()
                    try child.pipeline.syncOperations.addHandler(RequestDeadlineHandler(timeout: timeout))
                    let client = try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: child
                    )
                    connections.hold(client)
                    return client
                }
            }
        return SadisServer(channel: channel, store: store, host: host, limits: limits, connections: connections)
    }

    /// Accepts connections until the task is cancelled; then closes every connection, served or
    /// still queued, before it returns.
    public func run() async throws {
        do {
            try await accept()
        } catch {
            await connections.closeAll()
            throw error
        }
        await connections.closeAll()
    }

    private func accept() async throws {
        try await channel.executeThenClose { inbound in
            try await withThrowingDiscardingTaskGroup { tasks in
                for try await client in inbound {
                    guard active.add(1, ordering: .relaxed).newValue <= limits.maxConnections else {
                        // Over the cap: closed at once, nothing read (ONOS retries a failed lookup).
                        // Through executeThenClose, which finishes the channel's writer as NIO requires.
                        active.subtract(1, ordering: .relaxed)
                        tasks.addTask { try? await client.executeThenClose { _, _ in } }
                        continue
                    }
                    tasks.addTask {
                        await self.serve(client)
                        self.active.subtract(1, ordering: .relaxed)
                    }
                }
            }
        }
    }

    private func serve(_ client: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        try? await client.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            for try await part in inbound {
                switch part {
                case .head(let h): head = h
                case .body: continue  // GET requests only; bodies are ignored, never buffered
                case .end:
                    guard let h = head else { continue }
                    head = nil
                    let (status, body) = answer(method: h.method.rawValue, path: h.uri)
                    var headers = HTTPHeaders()
                    headers.add(name: "Content-Type", value: "application/json")
                    headers.add(name: "Content-Length", value: String(body.utf8.count))
                    if !h.isKeepAlive { headers.add(name: "Connection", value: "close") }
                    let response = HTTPResponseHead(
                        version: h.version,
                        status: .init(statusCode: status),
                        headers: headers
                    )
                    try await outbound.write(.head(response))
                    if h.method != .HEAD { try await outbound.write(.body(.byteBuffer(ByteBuffer(string: body)))) }
                    try await outbound.write(.end(nil))
                    if !h.isKeepAlive { return }
                }
            }
        }
    }

    private func answer(method: String, path: String) -> (Int, String) {
        do {
            return try routes().respond(method: method, path: path)
        } catch {
            return (500, "{\"error\":\"SADIS file unreadable\"}")
        }
    }

    private func routes() throws -> SadisRoutes {
        // Modification time, size and inode: an edit in place or a replacing rename changes one.
        let attributes = (try? FileManager.default.attributesOfItem(atPath: store.path)) ?? [:]
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970
        let stamp: [Int] =
            attributes.isEmpty
            ? []
            : [
                Int((modified ?? 0) * 1_000_000_000), (attributes[.size] as? Int) ?? -1,
                (attributes[.systemFileNumber] as? Int) ?? -1,
            ]
        if let cached = cache.withLock({ $0 }), cached.stamp == stamp { return cached.routes }
        let routes = SadisRoutes(document: try store.readExisting())
        loads.add(1, ordering: .relaxed)
        cache.withLock { $0 = (stamp, routes) }
        return routes
    }
}

/// Every connection the server accepted and has not closed, from its acceptance on.
///
/// Cancelling ``SadisServer/run()`` drops the connections queued between NIO's accept and the
/// accept loop, and NIO traps when a connection's writer goes without `finish()`
/// (`NIOAsyncWriter`'s deinit precondition, swift-nio 2.101 NIOCore/AsyncSequences/NIOAsyncWriter.swift:175-182).
/// Held here until its channel closes, a connection's writer is finished first and only then let
/// go, wherever else it was dropped; ``closeAll()`` closes those left at shutdown, and any whose
/// set-up ends after it.
final class SadisConnections: Sendable {
    private typealias Client = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>
    private let state = Mutex<(open: [ObjectIdentifier: Client], closing: Bool)>(([:], false))

    /// Connections accepted and not yet closed.
    var count: Int { state.withLock { $0.open.count } }

    /// Holds `client` until its channel closes (at once when the server is shutting down).
    func hold(_ client: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) {
        let id = ObjectIdentifier(client.channel)
        let closing = state.withLock { state in
            state.open[id] = client
            return state.closing
        }
        client.channel.closeFuture.whenComplete { _ in self.release(id) }
        if closing { client.channel.close(promise: nil) }
    }

    private func release(_ id: ObjectIdentifier) {
        guard let client = state.withLock({ $0.open.removeValue(forKey: id) }) else { return }
        // The scoped close finishes the writer (again, for one the server served: harmless), and
        // the channel is closed already.
        Task { try? await client.executeThenClose { _, _ in } }
    }

    /// Closes every connection held, and each one accepted from now on as soon as it is set up.
    func closeAll() async {
        let clients = state.withLock { state in
            state.closing = true
            return Array(state.open.values)
        }
        for client in clients { try? await client.channel.close() }
    }
}

/// Closes a connection that has not sent a complete request within `timeout` of connecting or of
/// its previous answer, or has not taken an answer within `timeout` of asking: the clock is reset
/// only when a request is complete and when an answer has been written, never by the bytes of a
/// request arriving, so a request sent a byte at a time cannot hold a connection.
final class RequestDeadlineHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount) { self.timeout = timeout }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .end = unwrapInboundIn(data) { arm(context) }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            let written = promise ?? context.eventLoop.makePromise()
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            written.futureResult.whenSuccess { bound.value.0.arm(bound.value.1) }
            context.write(data, promise: written)
        } else {
            context.write(data, promise: promise)
        }
    }

    private func arm(_ context: ChannelHandlerContext) {
        deadline?.cancel()
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
    }
}

import CoreFoundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Serves a SADIS file over HTTP for ONOS (see ``SadisRoutes`` for the paths). The file is read
/// again when its modification time or size changes, so provisioning's edits show at once (after
/// ONOS's own cache, which provisioning invalidates).
public final class SadisServer: Sendable {
    /// The bound port (the real one when 0 was asked for).
    public let port: Int
    /// The bound host.
    public let host: String
    private let channel: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>
    private let store: SadisStore
    private let cache: Mutex<(stamp: [Int], routes: SadisRoutes)?>

    private init(
        channel: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>,
        store: SadisStore,
        host: String
    ) {
        self.channel = channel
        self.store = store
        self.host = host
        self.port = channel.channel.localAddress?.port ?? 0
        self.cache = Mutex(nil)
    }

    /// Binds `host:port` (port 0 picks a free one) and reads the file once to check it.
    ///
    /// - Throws: ``VolthaError`` `sadis` for an unreadable file; NIO errors when binding fails.
    public static func bind(store: SadisStore, host: String = "127.0.0.1", port: Int = 0) async throws -> SadisServer {
        _ = try store.read()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: child
                    )
                }
            }
        return SadisServer(channel: channel, store: store, host: host)
    }

    /// Accepts connections until the task is cancelled.
    public func run() async throws {
        try await channel.executeThenClose { inbound in
            try await withThrowingDiscardingTaskGroup { tasks in
                for try await client in inbound {
                    tasks.addTask { await self.serve(client) }
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
        var info = stat()
        let stamp: [Int] =
            stat(store.path, &info) == 0
            ? [Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec), Int(info.st_size), Int(info.st_ino)] : []
        if let cached = cache.withLock({ $0 }), cached.stamp == stamp { return cached.routes }
        let routes = SadisRoutes(document: try store.read())
        cache.withLock { $0 = (stamp, routes) }
        return routes
    }
}

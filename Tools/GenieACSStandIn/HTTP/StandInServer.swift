public import FerruleJSON
import NIOCore
import NIOHTTP1
import NIOPosix

/// A GenieACS 1.2.16 NBI stand-in on loopback HTTP/1.1 (lib/nbi.ts at tag v1.2.16): routes, status lines with
/// GenieACS's reason phrases, the `total` header and array layout, dropped connections where GenieACS's worker crashes,
/// and simulated CPEs whose sessions run the queued tasks.
///
/// ```swift
/// let server = try await StandInServer.start(scenario: Scenario(devices: 100))
/// defer { Task { try await server.shutdown() } }
/// print(server.baseURL)   // http://127.0.0.1:<port>
/// ```
public final class StandInServer: Sendable {
    /// The bound port (the free one chosen for port 0).
    public let port: Int
    /// `http://<host>:<port>`.
    public let baseURL: String
    let engine: Engine
    private let group: MultiThreadedEventLoopGroup
    private let checker: ScriptSyntaxChecker
    private let acceptTask: Task<Void, Never>
    /// The fixture each device model came from (file path or `embedded:…`).
    public let fixtureNames: [String]

    private init(
        port: Int,
        host: String,
        engine: Engine,
        group: MultiThreadedEventLoopGroup,
        checker: ScriptSyntaxChecker,
        acceptTask: Task<Void, Never>,
        fixtureNames: [String]
    ) {
        self.port = port
        baseURL = "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        self.engine = engine
        self.group = group
        self.checker = checker
        self.acceptTask = acceptTask
        self.fixtureNames = fixtureNames
    }

    /// Loads the fixtures, registers the devices and starts listening.
    ///
    /// - Parameters:
    ///   - host: the address to bind (loopback by default).
    ///   - port: the port; 0 picks a free one (read it back from ``port``).
    ///   - scenario: the fleet and its behaviour.
    /// - Throws: ``ScenarioError`` for unreadable fixtures or out-of-range values; NIO errors when binding fails.
    public static func start(host: String = "127.0.0.1", port: Int = 0, scenario: Scenario) async throws
        -> StandInServer
    {
        try scenario.validate()
        let (models, sources) = try FixtureLoader.models(for: scenario)
        var resolved = scenario
        resolved.fixtures = sources
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(2, System.coreCount))
        let state = StandInState(scenario: resolved, models: models, now: Timestamp.now())
        let engine = Engine(state: state, loop: group.next())
        let checker = ScriptSyntaxChecker()
        let router = NBIRouter(engine: engine, scenario: resolved, checker: checker)
        let connection = ConnectionHandler(router: router, engine: engine, scenario: resolved)
        let channel: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>
        do {
            channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 4096)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .bind(host: host, port: port) { child in
                    child.eventLoop.makeCompletedFuture {
                        try child.pipeline.syncOperations.configureHTTPServerPipeline()
                        return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                            wrappingChannelSynchronously: child
                        )
                    }
                }
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        let boundPort = channel.channel.localAddress?.port ?? port
        let acceptTask = Task { () -> Void in
            _ = try? await channel.executeThenClose { inbound in
                try await withThrowingDiscardingTaskGroup { tasks in
                    for try await client in inbound {
                        tasks.addTask { await connection.serve(client) }
                    }
                }
            }
        }
        engine.start()
        return StandInServer(
            port: boundPort,
            host: host,
            engine: engine,
            group: group,
            checker: checker,
            acceptTask: acceptTask,
            fixtureNames: models.map(\.name)
        )
    }

    /// Stops listening, drops open connections and stops the simulated CPEs.
    public func shutdown() async throws {
        acceptTask.cancel()
        await acceptTask.value
        engine.stop()
        checker.stop()
        try await group.shutdownGracefully()
    }

    /// The ids of the registered devices, in `_id` order.
    public func deviceIDs() -> [String] {
        engine.withState { s in s.devices.filter(\.registered).map(\.id) }
    }

    /// The counters of `GET /_standin/stats`.
    public func stats() -> JSONValue {
        engine.withState { s in s.stats.json(collections: s.collectionCounts) }
    }
}

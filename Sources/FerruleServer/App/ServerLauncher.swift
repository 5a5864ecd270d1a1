import FerruleCore
public import Logging
import Metrics
import NIOCore
import ServiceLifecycle
import UnixSignals

/// Runs `ferrule serve` until SIGTERM or SIGINT: the application, the campaign runner and the PON
/// event consumer (when configured) as one service group, shut down gracefully (no new
/// connections, requests and campaign steps in flight finish, then the consumer's commits in flight
/// and the actions it queued), cancelled after `shutdownTimeout` at the latest.
public enum ServerLauncher {
    /// Bootstraps the global `MetricsSystem` with the runtime's Prometheus factory (once per
    /// process), builds the application and runs it until a signal stops it.
    public static func run(
        runtime: ServerRuntime,
        logger: Logger,
        routes: [RouteRegistration],
        onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void
    ) async throws {
        MetricsSystem.bootstrap(runtime.metrics.factory)
        let listening = AsyncEvent()
        let application = try ServerApplication.build(
            runtime: runtime,
            logger: logger,
            routes: routes,
            onListening: { host, port in
                listening.signal()
                // Before the listening line: a `token create` after it checks against these.
                await recordServedTenants(runtime, logger: logger)
                await onListening(host, port)
            }
        )
        // Stopped in reverse order: the application (no new connections, requests and campaign
        // steps in flight finish) first, then the event consumer.
        var services: [any Service] = []
        if let events = runtime.events { services.append(events) }
        services.append(application)
        let requestGrace = ShutdownDeadline.requestGraceSeconds(
            runnerGrace: runtime.configuration.runner.shutdownGraceSeconds
        )
        // Last, so told first: it arms the deadline the moment the shutdown begins, and returns.
        let timer = ShutdownDeadlineTimer(deadline: runtime.shutdownDeadline, seconds: requestGrace)
        var configuration = ServiceGroupConfiguration(
            services: services.map { .init(service: $0) } + [
                .init(service: timer, successTerminationBehavior: .ignore)
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        // The runner's grace, plus time for requests in flight (answered 503 at the deadline:
        // ShutdownDeadlineResponder) and the stores to close.
        configuration.maximumGracefulShutdownDuration = .seconds(requestGrace + ShutdownDeadline.closingSeconds)
        configuration.maximumCancellationDuration = .seconds(5)
        do {
            try await ServiceGroup(configuration: configuration).run()
        } catch {
            // Nothing listened: the address could not be bound (in use, not this host's, not a host).
            guard !listening.isSet else { throw error }
            await runtime.connections.close()
            throw ServerBindError(
                host: runtime.configuration.host,
                port: runtime.configuration.port,
                reason: ServerBindError.reason(of: error)
            )
        }
        // Requests are done: close the tenants' VOLTHA connections and event stores.
        await runtime.connections.close()
        logger.info("stopped")
    }

    /// Records the configured tenants in `server.sqlite` for `ferrule token create`'s check; a
    /// failure only loses that check (logged).
    static func recordServedTenants(_ runtime: ServerRuntime, logger: Logger) async {
        do {
            try await runtime.tokens.recordServedTenants(runtime.configuration.tenants.map(\.name))
        } catch {
            logger.warning(
                "cannot record the served tenants for `ferrule token create`",
                metadata: ["error": "\(error)"]
            )
        }
    }
}

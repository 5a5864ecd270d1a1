import FerruleCore
import FerruleStore
import Foundation
public import Kafka
public import Logging
public import PONEventIngest
import PONEvents
public import ServiceLifecycle
import Synchronization

/// The PON event consumer inside `ferrule serve` (`events:` in the configuration): an
/// ``EventConsumerService`` run as one of the server's services, standing by while another process
/// consumes into the same store, and restarted after an error.
///
/// - **One consumer per store.** When another process (a second server, a `ferrule events run`)
///   holds the store's lease, this server serves its API and stands by: it logs who holds the
///   store, `/readyz` says `standby (held by …)`, and it tries the lease again every
///   `events.standby_seconds`, taking over when the holder stops or dies.
/// - **Kafka unreachable** is not the server's failure: librdkafka reconnects, `/readyz` reports
///   the consumer as degraded and stays ready (the API still works).
/// - **An error** (the store cannot record) stops this consumer only: it is logged and the
///   consumer starts again after a delay (5 s, doubling up to 5 min); nothing uncommitted is lost.
/// - **Shutdown** (SIGTERM): commits in flight finish, the consumer leaves its group, the actions
///   already queued are performed or stay pending, the lease is given back.
public final class EventConsumerHost: Service, Sendable {
    /// Where the consumer stands, for `/readyz` and the state gauge.
    public enum Status: Sendable, Hashable {
        /// Not consuming yet.
        case starting
        /// Another process holds the store.
        case standby(holder: String)
        /// Consuming; the Kafka connection's status.
        case consuming(KafkaConnectionState.Status)
        /// Waiting to start again after an error.
        case restarting
        /// Stopped with the server.
        case stopped

        /// The readiness check's detail: `ok`, `standby (held by pid 4242 on host noc-1)`,
        /// `degraded (Kafka unreachable)` …; never an address or an error's text.
        public var detail: String {
            switch self {
            case .starting: "starting"
            case .standby(let holder): "standby (held by \(holder))"
            case .consuming(.connected): "ok"
            case .consuming(.connecting): "degraded (connecting to Kafka)"
            case .consuming(.down): "degraded (Kafka unreachable)"
            case .restarting: "degraded (restarting after an error)"
            case .stopped: "stopped"
            }
        }

        /// The `state` label of `ferrule_event_consumer_state`.
        var metricState: String {
            switch self {
            case .starting: "starting"
            case .standby: "standby"
            case .consuming(let status): status.rawValue
            case .restarting: "restarting"
            case .stopped: "stopped"
            }
        }
    }

    /// What the consumer runs with.
    public let settings: EventConsumerSettings
    /// The tenant whose store it fills.
    public let tenant: String
    private let metrics: EventConsumerMetrics
    private let logger: Logger
    private let stopping = AsyncEvent()
    private let state = Mutex<(status: Status, service: EventConsumerService?)>((.starting, nil))
    /// The first delay before a restart after an error, doubled up to ``maxRestartDelay``.
    let restartDelay: Duration
    let maxRestartDelay: Duration

    /// A host for a consumer with `settings` filling `tenant`'s store.
    public init(
        settings: EventConsumerSettings,
        tenant: String,
        metrics: EventConsumerMetrics,
        logger: Logger,
        restartDelay: Duration = .seconds(5),
        maxRestartDelay: Duration = .seconds(300)
    ) {
        self.settings = settings
        self.tenant = tenant
        self.metrics = metrics
        self.logger = logger
        self.restartDelay = restartDelay
        self.maxRestartDelay = maxRestartDelay
    }

    /// Where the consumer stands now.
    public var status: Status { state.withLock { $0.status } }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await supervise()
        } onGracefulShutdown: {
            self.stop()
        }
    }

    /// Stops the consumer (what SIGTERM does through the service group).
    public func stop() {
        stopping.signal()
        state.withLock { $0.service }?.stop()
    }

    private func supervise() async {
        var delay = restartDelay
        let reconciling = settings.reconciliation != nil
        supervision: while !stopping.isSet, !Task.isCancelled {
            let service = EventConsumerService(settings) { [self] report in handle(report) }
            state.withLock { $0.service = service }
            if stopping.isSet { service.stop() }
            do {
                switch try await service.run() {
                case .leaseHeld(let holder):
                    // Only with the refuse policy, which the server does not use: wait as a standby would.
                    setStatus(.standby(holder: holder.holder))
                    await stopping.wait(timeout: restartDelay)
                case .stopped(let totals, let leaseLost):
                    logger.info(
                        "PON event consumer stopped",
                        metadata: ["totals": "\(totals.summary(reconciling: reconciling))", "tenant": "\(tenant)"]
                    )
                    // Stopped by the server; a lease another process took over: stand by again.
                    guard leaseLost else { break supervision }
                    setStatus(.starting)
                }
                delay = restartDelay
            } catch {
                setStatus(.restarting)
                logger.error(
                    "PON event consumer failed; it starts again after a delay",
                    metadata: [
                        "stage": "\((error as? EventConsumerFailure)?.stage.rawValue ?? "-")",
                        "error": "\(String(describing: error).prefix(500))",
                        "retry_seconds": "\(delay.components.seconds)",
                    ]
                )
                await stopping.wait(timeout: delay)
                delay = min(delay * 2, maxRestartDelay)
            }
        }
        state.withLock { $0.service = nil }
        setStatus(.stopped)
    }

    private func setStatus(_ status: Status) {
        metrics.setState(status.metricState)
        state.withLock { $0.status = status }
    }

    private func handle(_ report: EventConsumerReport) {
        metrics.record(report)
        switch report {
        case .standby(let holder):
            setStatus(.standby(holder: holder.holder))
            logger.notice(
                "the PON event store is consumed by another process; this server stands by and serves the API",
                metadata: ["holder": "\(holder.holder)", "store": "\(settings.store.path)", "tenant": "\(tenant)"]
            )
        case .consuming(let context, let store, let rules):
            setStatus(.consuming(.connecting))
            logger.info(
                "consuming PON events",
                metadata: [
                    "kafka": "\(context)", "store": "\(store)", "trigger_rules": "\(rules.map(String.init) ?? "none")",
                    "tenant": "\(tenant)",
                ]
            )
        case .connection(let connection):
            if case .consuming = status { setStatus(.consuming(connection.status)) }
            let level: Logger.Level = connection.status == .down ? .warning : .info
            logger.log(level: level, "Kafka connection", metadata: ["state": "\(connection)"])
        case .notice(let line):
            logger.notice("PON event consumer", metadata: ["detail": "\(line)"])
        case .action(let line):
            logger.info("trigger action", metadata: ["detail": "\(line)"])
        case .reconciled(let line):
            logger.info("reconciled with VOLTHA", metadata: ["detail": "\(line)"])
        case .settled, .ingested:
            break
        }
    }
}

public import Campaigns
public import FerruleJSON
import Foundation
import GenieACS
public import Logging
import VOLTHA

/// What `/readyz` checks: both state stores take a write, and every tenant's GenieACS (a
/// one-device query, as the seed's own health check pings) and VOLTHA (`GetVoltha`) answer
/// within a short timeout.
///
/// The answer names each check and its state, never an upstream's address or error text (the
/// route needs no token); the reasons go to the log.
public struct ReadinessProbe: Sendable {
    /// One check's result.
    public struct Check: Sendable, Hashable {
        /// `store:campaigns`, `store:server`, `genieacs:<tenant>`, `voltha:<tenant>`.
        public var name: String
        /// `ok`, `degraded` (answers, not ready: VOLTHA) or `down`.
        public var state: String
        /// Whether the check lets the server count as ready (`degraded` does: it is reachable).
        public var passed: Bool { state != "down" }
    }

    let campaigns: CampaignStore
    let tokens: TokenStore
    let tenants: [TenantSettings]
    let directory: ConfiguredTenantDirectory
    let metrics: ServerMetrics
    /// Time allowed per check.
    public var timeout: Duration = .seconds(2)
    /// The hosted event consumer's state (check `consumer`; never `down`: docs/serve.md); nil hosts none.
    public var consumer: (@Sendable () -> String)?

    /// A probe over the server's stores and tenants.
    public init(
        campaigns: CampaignStore,
        tokens: TokenStore,
        tenants: [TenantSettings],
        directory: ConfiguredTenantDirectory,
        metrics: ServerMetrics
    ) {
        self.campaigns = campaigns
        self.tokens = tokens
        self.tenants = tenants
        self.directory = directory
        self.metrics = metrics
    }

    /// Runs every check at once.
    public func run(logger: Logger) async -> [Check] {
        await withTaskGroup(of: (Int, Check).self) { group in
            var index = 0
            func add(_ name: String, _ body: @escaping @Sendable () async throws -> String) {
                let position = index
                index += 1
                let timeout = self.timeout
                group.addTask {
                    do {
                        let state = try await Self.within(timeout, body)
                        return (position, Check(name: name, state: state))
                    } catch {
                        logger.warning(
                            "readiness check failed",
                            metadata: ["check": "\(name)", "error": "\(String(describing: error).prefix(300))"]
                        )
                        return (position, Check(name: name, state: "down"))
                    }
                }
            }
            add("store:campaigns") {
                try campaigns.checkFile()
                _ = try await campaigns.lease("readiness-probe")
                guard FileManager.default.isWritableFile(atPath: campaigns.path) else {
                    throw ProbeFailure(reason: "\(campaigns.path) is not writable")
                }
                return "ok"
            }
            add("store:server") {
                try await tokens.checkWritable()
                return "ok"
            }
            if let consumer {
                // The consumer's state is read from memory: no I/O to time out. Raced against the
                // timer like the others, a busy machine could report it `down`, which it never is
                // (docs/serve.md).
                let position = index
                index += 1
                let state = consumer()
                group.addTask { (position, Check(name: "consumer", state: state)) }
            }
            for tenant in tenants {
                if let acs = directory.upstreamsNow(for: tenant.name)?.acs {
                    add("genieacs:\(tenant.name)") {
                        _ = try await acs.query(.devices, CollectionQuery(projection: ["_id"], limit: 1))
                        return "ok"
                    }
                }
                if var settings = directory.upstreamsNow(for: tenant.name)?.voltha {
                    let metrics = self.metrics
                    settings.callTimeout = timeout
                    let voltha = settings
                    add("voltha:\(tenant.name)") {
                        let clock = ContinuousClock()
                        let start = clock.now
                        let health = try await withVolthaClient(voltha) { client in await client.health() }
                        metrics.recordUpstreamCall(
                            system: "voltha",
                            operation: "health",
                            outcome: health.name,
                            duration: clock.now - start
                        )
                        switch health {
                        case .ready: return "ok"
                        case .degraded(let reason):
                            logger.warning(
                                "VOLTHA degraded",
                                metadata: ["tenant": "\(tenant.name)", "reason": "\(reason.prefix(300))"]
                            )
                            return "degraded"
                        case .down(let reason): throw ProbeFailure(reason: reason)
                        }
                    }
                }
            }
            var results: [(Int, Check)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// The `/readyz` body, the API document's `ReadinessResponse`:
    /// `{"ready": true, "checks": [{"name": "store:campaigns", "ok": true, "detail": "ok"}, …]}`.
    public static func document(_ checks: [Check]) -> JSONValue {
        .object([
            ("ready", .bool(checks.allSatisfy(\.passed))),
            (
                "checks",
                .array(
                    checks.map {
                        .object([("name", .string($0.name)), ("ok", .bool($0.passed)), ("detail", .string($0.state))])
                    }
                )
            ),
        ])
    }

    /// Runs `body`, throwing ``ProbeFailure`` when it takes longer than `timeout`.
    static func within<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T) async throws
        -> T
    {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw ProbeFailure(reason: "no answer within \(timeout)")
            }
            return value
        }
    }
}

/// A readiness check that failed.
struct ProbeFailure: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}

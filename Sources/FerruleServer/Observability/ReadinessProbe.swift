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
/// route needs no token); the reasons go to the log. Tenants are named only to a caller granted
/// `ferrule.metrics.read` (``document(_:detailed:)``); one tenant's upstream down does not make
/// the server unready (``isReady(_:)``).
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

    /// Whether the server can serve: its stores take writes (and a hosted consumer is not
    /// `down`, which it never is), and, when tenants have a GenieACS, at least one of them
    /// answers. One tenant's GenieACS or VOLTHA down is that tenant's problem: the server stays
    /// ready (the per-tenant checks say `down`; the `genieacs` summary counts them).
    public static func isReady(_ checks: [Check]) -> Bool {
        let own = checks.filter { !isTenantCheck($0.name) }
        let acs = checks.filter { $0.name.hasPrefix("genieacs:") }
        return own.allSatisfy(\.passed) && (acs.isEmpty || acs.contains(where: \.passed))
    }

    static func isTenantCheck(_ name: String) -> Bool { name.hasPrefix("genieacs:") || name.hasPrefix("voltha:") }

    /// The `/readyz` body, the API document's `ReadinessResponse`:
    /// `{"ready": true, "checks": [{"name": "store:campaigns", "ok": true, "detail": "ok"}, …]}`.
    ///
    /// The tenants' upstreams are summed up in a `genieacs` and a `voltha` check (`2 of 3 tenants
    /// ok, 1 down`; `ok` while one answers); with `detailed` (a caller granted
    /// `ferrule.metrics.read`) each tenant's check follows, named `genieacs:<tenant>`. An anonymous
    /// caller learns no tenant name.
    public static func document(_ checks: [Check], detailed: Bool = false) -> JSONValue {
        func entry(_ name: String, _ ok: Bool, _ detail: String) -> JSONValue {
            .object([("name", .string(name)), ("ok", .bool(ok)), ("detail", .string(detail))])
        }
        var entries = checks.filter { !isTenantCheck($0.name) }.map { entry($0.name, $0.passed, $0.state) }
        for system in ["genieacs", "voltha"] {
            let tenants = checks.filter { $0.name.hasPrefix(system + ":") }
            guard !tenants.isEmpty else { continue }
            let ok = tenants.filter { $0.state == "ok" }.count
            let degraded = tenants.filter { $0.state == "degraded" }.count
            let down = tenants.filter { !$0.passed }.count
            let detail =
                "\(ok) of \(tenants.count) tenant\(tenants.count == 1 ? "" : "s") ok"
                + (degraded > 0 ? ", \(degraded) degraded" : "") + (down > 0 ? ", \(down) down" : "")
            entries.append(entry(system, tenants.contains(where: \.passed), detail))
            if detailed { entries += tenants.map { entry($0.name, $0.passed, $0.state) } }
        }
        return .object([("ready", .bool(isReady(checks))), ("checks", .array(entries))])
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

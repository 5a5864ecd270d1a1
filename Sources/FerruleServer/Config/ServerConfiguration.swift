/// Everything `ferrule serve` runs with: where it listens, its state, limits, logging, the
/// runner, and the tenants with their upstreams. Read from one YAML file
/// (``ServerConfigurationReader``) plus the environment (``ServerEnvironment``); every field has
/// a default, so `ferrule serve --state DIR` runs with no file at all.
public struct ServerConfiguration: Sendable {
    /// The address to bind (`127.0.0.1`; `0.0.0.0` for every interface).
    public var host = "127.0.0.1"
    /// The port; 0 picks a free one (printed on the first line of standard output).
    public var port = 8080
    /// TLS certificate and key (PEM); nil serves plain HTTP.
    public var tls: TLSFiles?
    /// The state directory: `campaigns.sqlite` (campaigns) and `server.sqlite` (tokens, audit).
    public var stateDirectory: String
    /// A secrets file of `NAME=value` lines for `${secret:NAME}` (the environment's
    /// `FERRULE_SECRET_<NAME>` wins).
    public var secretsFile: String?
    /// Log format and level.
    public var log = LogSettings()
    /// Request limits.
    public var limits = Limits()
    /// Whether `/metrics` needs no token (for a Prometheus on a trusted network).
    public var metricsPublic = false
    /// Days the audit log keeps a record.
    public var auditRetentionDays = 90
    /// The campaign runner.
    public var runner = RunnerSettings()
    /// Tenants in the order written; the first is the default for tokens created without `--tenant`.
    public var tenants: [TenantSettings] = []
    /// JWT bearer verification; nil accepts API tokens only.
    public var jwt: JWTSettings?
    /// The PON plane of campaigns with PON keys: topology file and storm thresholds.
    public var pon = PONSettings()
    /// The PON event consumer the server hosts; nil hosts none.
    public var events: EventsSettings?

    /// A configuration with every default and `stateDirectory`.
    public init(stateDirectory: String) {
        self.stateDirectory = stateDirectory
    }

    /// The tenant named `name`.
    public func tenant(_ name: String) -> TenantSettings? { tenants.first { $0.name == name } }

    /// A certificate chain and its private key, both PEM files.
    public struct TLSFiles: Sendable, Hashable {
        /// The certificate chain (PEM).
        public var certificate: String
        /// The private key (PEM).
        public var key: String

        /// Creates the pair.
        public init(certificate: String, key: String) {
            self.certificate = certificate
            self.key = key
        }
    }

    /// How logs are written (to standard error).
    public struct LogSettings: Sendable, Hashable {
        /// `text` (one readable line per event) or `json` (one JSON object per line).
        public enum Format: String, Sendable, Hashable, CaseIterable {
            case text, json
        }

        /// The format.
        public var format = Format.text
        /// The lowest level written (`trace` … `critical`).
        public var level = "info"

        /// Text logs at `info`.
        public init() {}
    }

    /// Per-request and per-token limits.
    public struct Limits: Sendable, Hashable {
        /// The largest request body accepted; bigger ones get 413.
        public var maxBodyBytes = 1 << 20
        /// Requests per second each token may make on average.
        public var ratePerSecond = 50.0
        /// Requests a token may make at once after a quiet period (the bucket's size).
        public var burst = 100
        /// Seconds a call to GenieACS may take from a request (readiness probes use 2 s).
        public var upstreamTimeoutSeconds = 30
        /// Seconds a connection may stay silent — idle between requests, or with a request's head
        /// half-sent — before the server closes it (slow or stalled clients cannot hold it).
        public var idleTimeoutSeconds = 30
        /// The most client connections open at once; further ones wait in the listen backlog.
        public var maxConnections = 4096
        /// Seconds a request's body may take to arrive, from its head: a client sending a byte now
        /// and then (which the idle timeout does not catch) is disconnected after this.
        public var requestTimeoutSeconds = 60
        /// Requests one token (or JWT subject) may have in flight at once; more get 429: one caller
        /// cannot hold every connection with slow requests.
        public var maxRequestsPerToken = 32
        /// Seconds a `/readyz` result is reused (``ReadinessProbeCache``): anonymous callers cause
        /// at most one round of upstream checks per interval; 0 shares only a round in flight.
        public var readinessCacheSeconds = 5

        /// The defaults: 1 MiB, 50 requests/s with bursts of 100, 30 s upstream timeout, 30 s idle
        /// timeout, 4096 connections, 60 s for a request body, 32 requests in flight per token.
        public init() {}
    }

    /// How the server runs campaigns.
    public struct RunnerSettings: Sendable, Hashable {
        /// Whether this server runs campaigns at all (a second server may serve the API only).
        public var enabled = true
        /// Seconds between scans of the store for campaigns that are due or orphaned.
        public var scanSeconds = 10.0
        /// Seconds between the campaign engine's polls of GenieACS.
        public var pollSeconds = 2.0
        /// Campaigns run at once.
        public var maxCampaigns = 8
        /// Campaigns of one tenant run at once; nil: up to ``maxCampaigns``.
        public var maxCampaignsPerTenant: Int?
        /// Seconds a running campaign that only waits on its CPEs keeps its slot while other
        /// campaigns wait for one; then it hands it back (``SlotYield``) and resumes later.
        public var yieldAfterSeconds = 10.0
        /// Seconds a shutdown waits for campaign steps in flight before it cancels them (the engine
        /// resumes a cancelled step safely at the next start).
        public var shutdownGraceSeconds = 20.0

        /// The defaults.
        public init() {}
    }
}

public import Campaigns
public import FerruleCore
import Foundation
public import Logging
public import PONCampaigns
import PONEvents

/// What a running server holds: its configuration, both state stores, the tenants' upstream
/// clients, the metrics, the secrets and the campaign runner. Routes receive it when they are
/// registered (``ServerApplication``).
public final class ServerRuntime: Sendable {
    /// The configuration it was made from.
    public let configuration: ServerConfiguration
    /// `campaigns.sqlite` in the state directory.
    public let campaigns: CampaignStore
    /// `server.sqlite` in the state directory: tokens and the audit log.
    public let tokens: TokenStore
    /// The tenants and their upstreams.
    public let directory: ConfiguredTenantDirectory
    /// `/metrics`.
    public let metrics: ServerMetrics
    /// Values for `${secret:NAME}` in the configuration's own credentials (the secrets file and
    /// `FERRULE_SECRET_*`); never offered to a tenant's rules or campaigns (``secrets(of:)``).
    public let secrets: SecretStore
    /// Each tenant's own secrets (its `secrets_file`), the only ones its rules, campaigns and
    /// mass-config jobs resolve.
    public let tenantSecrets: [String: SecretStore]
    /// The always-on campaign runner.
    public let scheduler: CampaignScheduler
    /// Each tenant's campaign and job stores (`<state>/tenants/<tenant>/`), shared by the API and
    /// the runner.
    public let tenantStores: TenantCampaignStores
    /// The VOLTHA connections and PON event stores the API keeps open per tenant (closed when the
    /// server stops).
    public let connections = TenantConnections()
    /// When a graceful shutdown stops waiting for requests in flight (``ShutdownDeadlineResponder``).
    public let shutdownDeadline = ShutdownDeadline()
    /// JWT bearer verification (`jwt:` in the configuration); nil accepts API tokens only.
    public let jwt: JWTVerifier?
    /// The PON event consumer (`events:` in the configuration); nil hosts none.
    public let events: EventConsumerHost?
    /// Where a tenant's campaigns with PON keys find their topology and events: the runner loads
    /// them, the API refuses a campaign that could not run without them.
    public let ponPlane: @Sendable (_ tenant: String) -> PONPlaneSources

    /// The campaign store's file name in the state directory (the one `ferrule campaign` uses).
    public static let campaignStoreFile = "campaigns.sqlite"

    /// Opens the stores in the state directory and sets up every tenant.
    /// - Throws: ``CampaignStoreError``, ``TokenStoreError``, ``TenantConfigurationError``,
    ///   ``JWTKeyFileError``, `SecretFileError`, ``ServerStartError`` (the event consumer's
    ///   settings) or `EventStoreError`, each naming the file or tenant at fault.
    public init(configuration: ServerConfiguration, environment: [String: String], logger: Logger) throws {
        self.configuration = configuration
        let directory = configuration.stateDirectory
        campaigns = try CampaignStore(path: (directory as NSString).appendingPathComponent(Self.campaignStoreFile))
        tokens = try TokenStore(directory: directory)
        let metrics = ServerMetrics()
        self.metrics = metrics
        let tenants = try ConfiguredTenantDirectory(configuration.tenants, metrics: metrics)
        self.directory = tenants
        secrets = try SecretStore.load(file: configuration.secretsFile, environment: environment)
        var tenantSecrets: [String: SecretStore] = [:]
        for tenant in configuration.tenants {
            tenantSecrets[tenant.name] = try SecretStore.load(file: tenant.secretsFile, environment: [:])
        }
        self.tenantSecrets = tenantSecrets
        let scoped = tenantSecrets
        jwt = try configuration.jwt.map { settings throws(JWTKeyFileError) in try JWTVerifier(settings: settings) }
        let tenantStores = TenantCampaignStores(root: directory)
        self.tenantStores = tenantStores
        let tenantNames = configuration.tenants.map(\.name)
        let ponPlane: @Sendable (String) -> PONPlaneSources = {
            [pon = configuration.pon, tenantSettings = configuration.tenants] tenant in
            // The topology file (the tenant's own first), else the tenant's VOLTHA inventory; the
            // tenant's event store (what the hosted consumer records) when it exists, else the one
            // `ferrule events run --state-dir` records here; the configured storm thresholds.
            PONPlaneSources(
                topologyFile: tenantSettings.first { $0.name == tenant }?.topologyFile ?? pon.topologyFile,
                voltha: tenants.upstreamsNow(for: tenant)?.voltha,
                eventStore: Self.eventStorePath(of: tenant, stores: tenantStores),
                storms: pon.storms
            )
        }
        self.ponPlane = ponPlane
        let shared = campaigns
        scheduler = CampaignScheduler(
            sources: { [CampaignSource(tenant: nil, store: shared)] + tenantStores.existingStores(of: tenantNames) },
            resolveACS: { source, url in
                guard let tenant = source.tenant else { return tenants.acs(forURL: url) }
                return tenants.upstreamsNow(for: tenant)?.acs.map { (tenant, $0) }
            },
            secrets: { tenant in scoped[tenant] ?? SecretStore() },
            settings: configuration.runner,
            metrics: metrics,
            logger: logger,
            ponPlane: ponPlane
        )
        events = try EventConsumerHost.configured(
            configuration,
            directory: tenants,
            tenantStores: tenantStores,
            secrets: { tenant in scoped[tenant] ?? SecretStore() },
            metrics: metrics,
            logger: logger
        )
    }

    /// `tenants/<tenant>/events.sqlite` when it exists (the hosted consumer's, and what the
    /// tenant's alarms and events routes read), else the state directory's `events.sqlite`.
    static func eventStorePath(of tenant: String, stores: TenantCampaignStores) -> String {
        if let directory = try? stores.directory(for: tenant) {
            let own = EventStore.path(inStateDirectory: directory)
            if FileManager.default.fileExists(atPath: own) { return own }
        }
        return EventStore.path(inStateDirectory: stores.root)
    }

    /// The secrets `tenant`'s rules, campaigns and mass-config jobs may use: its own only (none
    /// for an unknown tenant).
    public func secrets(of tenant: String) -> SecretStore { tenantSecrets[tenant] ?? SecretStore() }

    /// Every campaign store: the state directory's own, then each tenant's that exists.
    public func campaignSources() -> [CampaignSource] {
        [CampaignSource(tenant: nil, store: campaigns)]
            + tenantStores.existingStores(of: configuration.tenants.map(\.name))
    }

    /// The stores whose open campaigns a campaign `tenant` creates must not overlap, besides its
    /// own: the state directory's (`ferrule campaign`'s, which the runner runs too) and the other
    /// tenants' (two tenants may share a GenieACS; only campaigns on the same one count).
    public func campaignNeighbours(of tenant: String) -> [CampaignNeighbour] {
        campaignSources().filter { $0.tenant != tenant }.map { source in
            CampaignNeighbour(store: source.store, owner: source.tenant.map { .tenant($0) } ?? .operatorStore)
        }
    }

    /// The readiness checks of `/readyz`, with the event consumer's state when one is hosted.
    public var readiness: ReadinessProbe {
        var probe = ReadinessProbe(
            campaigns: campaigns,
            tokens: tokens,
            tenants: configuration.tenants,
            directory: directory,
            metrics: metrics
        )
        if let events { probe.consumer = { events.status.detail } }
        return probe
    }
}

/// One tenant: its name and its own GenieACS and VOLTHA. Secrets are already resolved here;
/// nothing prints this type's secret fields (its `description` names only where things are).
public struct TenantSettings: Sendable, Hashable, CustomStringConvertible {
    /// The tenant id (`X-Tenant-ID`, a token's `--tenant`).
    public var name: String
    /// Its GenieACS NBI; nil when it has none (GenieACS routes answer 503).
    public var genieACS: GenieACSSettings?
    /// Its VOLTHA; nil when it has none (VOLTHA routes answer 503).
    public var voltha: VolthaSettings?
    /// Its own PON topology file (`pon.topology`), over the configuration's `pon.topology`.
    public var topologyFile: String?
    /// The tenant's own secrets file (`secrets_file:`, `NAME=value` lines): the only place its
    /// rules, campaigns and mass-config jobs take `${secret:NAME}` from. Without one the tenant
    /// has no secrets; the server's `secrets_file` and `FERRULE_SECRET_*` serve the configuration's
    /// own credentials only.
    public var secretsFile: String?

    /// Creates a tenant.
    public init(name: String, genieACS: GenieACSSettings? = nil, voltha: VolthaSettings? = nil) {
        self.name = name
        self.genieACS = genieACS
        self.voltha = voltha
    }

    public var description: String {
        "tenant \(name) (GenieACS \(genieACS?.url ?? "none"), VOLTHA \(voltha?.address ?? "none"))"
    }

    /// How to reach and authenticate to a GenieACS NBI.
    public struct GenieACSSettings: Sendable, Hashable {
        /// `http://genieacs:7557`.
        public var url: String
        /// Basic authentication (the proxy in front of the NBI).
        public var username: String?
        /// Basic authentication's password (from `${secret:NAME}`).
        public var password: String?
        /// A bearer token instead of basic authentication.
        public var token: String?
        /// A PEM CA bundle for an https:// NBI.
        public var caFile: String?
        /// Skip TLS verification (lab setups only).
        public var insecure = false
        /// Seconds allowed per NBI call.
        public var timeoutSeconds = 30

        /// Settings for `url` without credentials.
        public init(url: String) { self.url = url }
    }

    /// How to reach VOLTHA's northbound gRPC API.
    public struct VolthaSettings: Sendable, Hashable {
        /// `host:port`.
        public var address: String
        /// Use TLS.
        public var tls = false
        /// A PEM CA bundle (implies TLS).
        public var caFile: String?
        /// Seconds allowed per gRPC call.
        public var timeoutSeconds = 30

        /// Settings for `address`, plain gRPC.
        public init(address: String) { self.address = address }
    }
}

public import GenieACS
public import VOLTHA

/// What one tenant's requests reach: its own GenieACS and VOLTHA. A nil upstream is "not configured",
/// which the routes that need it answer with 503 and a `detail` saying which setting is missing.
public struct TenantUpstreams: Sendable {
    /// The tenant's GenieACS NBI.
    public var acs: (any GenieACSNBI)?
    /// The tenant's VOLTHA northbound API.
    public var voltha: VolthaConfiguration?

    /// Creates a tenant's upstreams.
    public init(acs: (any GenieACSNBI)?, voltha: VolthaConfiguration?) {
        self.acs = acs
        self.voltha = voltha
    }
}

/// Looks up a tenant's upstreams; the server's configuration implements it.
public protocol TenantDirectory: Sendable {
    /// The upstreams of `tenant`, or nil when no such tenant is configured (the routes answer 404).
    func upstreams(for tenant: String) async throws -> TenantUpstreams?
}

/// Ferrule's own permissions, beside the seed platform's four (``Permission``).
public enum ServerPermission: String, Sendable, CaseIterable {
    /// Read `/metrics` (unless the configuration makes it public): the whole server's metrics,
    /// every tenant's requests, upstream calls, campaigns and runs in one sum (no tenant names or
    /// ids in them). An operator's permission: granted only by its own name, never by `*` or
    /// `ferrule.*` (``PermissionSet/grantsByName(_:)``), so a tenant's all-permissions token or
    /// JWT does not see the fleet's numbers.
    case metricsRead = "ferrule.metrics.read"
}

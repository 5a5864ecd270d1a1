/// Ferrule's own permissions, beside the seed platform's four (``Permission``).
public enum ServerPermission: String, Sendable, CaseIterable {
    /// Read `/metrics` (unless the configuration makes it public).
    case metricsRead = "ferrule.metrics.read"
}

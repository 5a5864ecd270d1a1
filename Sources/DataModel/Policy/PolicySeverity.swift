/// The severity a policy gives a finding: one of the ``Severity`` levels, or `off` to drop it.
public enum PolicySeverity: String, Sendable, Hashable, Codable, CaseIterable {
    /// Keep the finding at ``Severity/info``.
    case info
    /// Keep the finding at ``Severity/warning`` (fails CI under `--strict`).
    case warning
    /// Keep the finding at ``Severity/error`` (fails CI).
    case error
    /// Drop the finding; it is counted as ignored.
    case off

    /// The severity findings get, or nil for `off` (the finding is dropped and counted as ignored).
    public var severity: Severity? {
        switch self {
        case .info: .info
        case .warning: .warning
        case .error: .error
        case .off: nil
        }
    }
}

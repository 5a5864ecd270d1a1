/// The severity a policy gives a finding: one of the ``Severity`` levels, or `off` to drop it.
public enum PolicySeverity: String, Sendable, Hashable, Codable, CaseIterable {
    case info, warning, error, off

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

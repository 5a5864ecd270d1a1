public import FerruleCore

/// A `paths:` entry of a policy: findings under a path glob (optionally of one code) get a severity.
public struct PathSeverityRule: Sendable, Hashable {
    /// The paths the rule covers.
    public var glob: PathGlob
    /// The one code the rule covers; nil for every code.
    public var code: FindingCode?
    /// The severity matching findings get (`off` drops them).
    public var severity: PolicySeverity
    /// Where the entry is written.
    public var location: SourceLocation?

    /// A rule giving findings under `glob` (of `code`, when given) the severity `severity`.
    public init(glob: PathGlob, code: FindingCode? = nil, severity: PolicySeverity, location: SourceLocation? = nil) {
        self.glob = glob
        self.code = code
        self.severity = severity
        self.location = location
    }

    /// Whether the rule covers `finding`.
    public func matches(_ finding: Finding) -> Bool {
        (code == nil || code == finding.code) && glob.matches(finding.path)
    }
}

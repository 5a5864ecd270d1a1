public import FerruleCore

/// An `ignore:` entry of a policy: a known deviation, with the reason it is accepted.
public struct IgnoreRule: Sendable, Hashable {
    /// The paths the rule covers.
    public var glob: PathGlob
    /// The one code the rule covers; nil for every code.
    public var code: FindingCode?
    /// Why the deviation is accepted (required: a reviewer must be able to judge it).
    public var reason: String
    /// Where the entry is written.
    public var location: SourceLocation?

    /// A rule dropping findings under `glob` (of `code`, when given), for `reason`.
    public init(glob: PathGlob, code: FindingCode? = nil, reason: String, location: SourceLocation? = nil) {
        self.glob = glob
        self.code = code
        self.reason = reason
        self.location = location
    }

    /// Whether the rule covers `finding`.
    public func matches(_ finding: Finding) -> Bool {
        (code == nil || code == finding.code) && glob.matches(finding.path)
    }
}

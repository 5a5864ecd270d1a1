public import FerruleCore

/// The codes the compiler reports once the rules have been read.
extension Diagnostic.Code {
    /// A precondition that does not parse as a GenieACS expression.
    public static let badExpression = Self(rawValue: "bad-expression")
    /// A schedule whose cron expression does not parse.
    public static let badCron = Self(rawValue: "bad-cron")
    /// A reboot or factory reset that would repeat on every matching Inform: one without `since`,
    /// or a call of GenieACS's built-in `reboot` or `reset` provision.
    public static let unguardedReboot = Self(rawValue: "unguarded-reboot")
    /// A download without a `softwareVersion` condition: GenieACS retries it while the rule matches.
    public static let unguardedDownload = Self(rawValue: "unguarded-download")
    /// A path under the other data model's root than the rule's devices use.
    public static let wrongRoot = Self(rawValue: "wrong-root")
    /// A rule named like one of GenieACS's built-in provisions, which its provision would replace.
    public static let builtInName = Self(rawValue: "builtin-name")
    /// A `provision:` call of a GenieACS built-in with arguments it refuses ("Invalid arguments").
    public static let builtInArguments = Self(rawValue: "builtin-arguments")
    /// A compiled preset, provision or virtual parameter larger than MongoDB stores
    /// (``RuleCompiler/maxArtifactBytes``).
    public static let artifactTooLarge = Self(rawValue: "artifact-too-large")
    /// A `script:` action GenieACS's strict-mode wrapper would refuse to compile.
    public static let badScript = Self(rawValue: "bad-script")
}

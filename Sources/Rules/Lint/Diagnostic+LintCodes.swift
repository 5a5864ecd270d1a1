public import FerruleCore

/// The codes `ferrule lint` reports beyond the reader's and the compiler's: data-model checks,
/// conditions that never hold, and conflicts between rules.
extension Diagnostic.Code {
    /// An `ensure`/`delete` table that is not a table of the loaded models.
    public static let unknownTable = Self(rawValue: "unknown-table")
    /// A parameter the loaded models do not have.
    public static let unknownParameter = Self(rawValue: "unknown-parameter")
    /// A rule (or a writable virtual parameter) sets a parameter the model says is read-only.
    public static let notWritable = Self(rawValue: "not-writable")
    /// A parameter the model marks deprecated, obsoleted or deleted.
    public static let deprecatedParameter = Self(rawValue: "deprecated-parameter")
    /// A declared xsd type other than the model's.
    public static let typeMismatch = Self(rawValue: "type-mismatch")
    /// A rule whose conditions contradict each other: it matches no device.
    public static let neverMatches = Self(rawValue: "never-matches")
    /// Rules that may match the same device set one parameter to different values.
    public static let conflictingValues = Self(rawValue: "conflicting-values")
    /// Rules that may match the same device each declare `reboot`: GenieACS keeps only the last
    /// declaration in preset order, so the earlier rules' are superseded.
    public static let supersededReboot = Self(rawValue: "superseded-reboot")
    /// Rules that may match the same device each declare `factoryReset` (as ``supersededReboot``).
    public static let supersededFactoryReset = Self(rawValue: "superseded-factory-reset")
    /// The conflict check of one parameter stopped at its comparison limit.
    public static let conflictCheckLimit = Self(rawValue: "conflict-check-limit")
}

/// The validation report of one tree file.
public struct FileReport: Sendable, Hashable {
    /// The file as named on the command line (or found under a directory).
    public var file: String
    /// What validating its tree found, after the policy.
    public var report: ValidationReport
    /// Findings of this file held back by a ``FindingBudget`` (not in `report`), per severity.
    public var notShown: [Severity: Int] = [:]

    /// The report `report` of `file`.
    public init(file: String, report: ValidationReport) {
        self.file = file
        self.report = report
    }
}

/// What a validation run found, with the counters CI summaries need.
public struct ValidationReport: Sendable, Hashable {
    public var findings: [Finding]
    /// Entries compared with a model.
    public var parametersChecked: Int
    /// Entries under vendor `X_` names (skipped, counted).
    public var vendorParameters: Int
    /// Findings a ``ValidationPolicy`` dropped (`ignore:` entries and `off` severities), counted.
    public var ignored: Int

    /// A report of `findings` with its counters.
    public init(findings: [Finding], parametersChecked: Int, vendorParameters: Int, ignored: Int = 0) {
        self.findings = findings
        self.parametersChecked = parametersChecked
        self.vendorParameters = vendorParameters
        self.ignored = ignored
    }

    /// The number of findings of `severity`.
    public func count(_ severity: Severity) -> Int { findings.filter { $0.severity == severity }.count }
}

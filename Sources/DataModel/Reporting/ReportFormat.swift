/// The output formats of a validation report.
public enum ReportFormat: String, Sendable, Hashable, CaseIterable {
    /// Compiler-style diagnostics (`file:line: error[code]: …`) and a summary table.
    case text
    /// One stable, key-sorted JSON document.
    case json
    /// JUnit XML: one testsuite per file, one testcase per finding.
    case junit
    /// SARIF 2.1.0, for code-scanning uploads.
    case sarif
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`) plus the summary table.
    case github
}

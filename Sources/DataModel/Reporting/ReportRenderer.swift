/// Renders the reports of a validation run in one of the ``ReportFormat``s.
///
/// Every format renders the same findings in the same order: files sorted by name, findings in
/// each file as the validator sorted them (line, path, code). Secret values never appear: the
/// validator leaves ``Finding/value`` nil for them.
///
/// ```swift
/// let output = ReportRenderer.render([FileReport(file: "gpv.xml", report: report)], as: .sarif)
/// ```
public enum ReportRenderer {
    /// The text of `reports` in `format`.
    ///
    /// - Parameters:
    ///   - reports: one report per tree file.
    ///   - format: the output format.
    ///   - failOn: the lowest severity that fails CI (`.warning` under `--strict`); JUnit marks
    ///     those findings as `<failure>`.
    /// - Returns: the document, ending in a newline.
    public static func render(_ reports: [FileReport], as format: ReportFormat, failOn: Severity = .error) -> String {
        let sorted = reports.sorted { $0.file < $1.file }
        return switch format {
        case .text: TextReport.render(sorted)
        case .json: JSONReport.render(sorted)
        case .junit: JUnitReport.render(sorted, failOn: failOn)
        case .sarif: SARIFReport.render(sorted)
        case .github: GitHubReport.render(sorted)
        }
    }
}

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
    ///   - maxFindings: the most findings shown (``FindingBudget``), nil for all. The rest are
    ///     counted: text and GitHub end with a line saying how many were not shown, JSON has a
    ///     `truncated` member, SARIF a tool notification and `truncated` run properties, JUnit one
    ///     testcase per cut file standing for its hidden findings (failing when one of them fails).
    ///     Summaries count every finding.
    /// - Returns: the document, ending in a newline.
    public static func render(
        _ reports: [FileReport],
        as format: ReportFormat,
        failOn: Severity = .error,
        maxFindings: Int? = nil
    ) -> String {
        let sorted = reports.sorted { $0.file < $1.file }
        let summary = ReportSummary(sorted)
        var budget = FindingBudget(limit: maxFindings)
        let shown = sorted.map { budget.take($0) }
        return switch format {
        case .text: TextReport.render(shown, summary: summary, note: budget.note)
        case .json: JSONReport.render(shown, summary: summary, budget: budget)
        case .junit: JUnitReport.render(shown, failOn: failOn)
        case .sarif: SARIFReport.render(shown, budget: budget)
        case .github: GitHubReport.render(shown, summary: summary, note: budget.note)
        }
    }
}

/// How many findings a validation report shows (`ferrule validate --max-diagnostics`): the first
/// ones in report order (files by name, then each file's order), the rest held back and counted per
/// file and severity. The summary, the exit status and every count are of all findings.
public struct FindingBudget: Sendable, Hashable {
    /// The most findings shown over the run; nil shows them all.
    public let limit: Int?
    /// Findings shown so far.
    public private(set) var shown = 0
    /// Findings held back so far.
    public private(set) var notShown = 0

    /// A budget of `limit` findings (nil: no limit).
    public init(limit: Int?) { self.limit = limit }

    /// `report` with the findings that still fit; the others counted in ``FileReport/notShown``.
    public mutating func take(_ report: FileReport) -> FileReport {
        let findings = report.report.findings
        guard let limit else {
            shown += findings.count
            return report
        }
        let kept = max(0, min(findings.count, limit - shown))
        shown += kept
        guard kept < findings.count else { return report }
        var cut = report
        for finding in findings[kept...] { cut.notShown[finding.severity, default: 0] += 1 }
        notShown += findings.count - kept
        cut.report.findings = Array(findings.prefix(kept))
        return cut
    }

    /// The line that ends a text report when findings were held back; nil when none were.
    public var note: String? {
        guard let limit, notShown > 0 else { return nil }
        return "\(notShown) more finding(s) not shown: at most \(limit) are (--max-diagnostics); "
            + "the summary and the exit status count all \(shown + notShown)"
    }
}

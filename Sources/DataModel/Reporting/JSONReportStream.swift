/// The `--format json` report of a validation run, written file by file as the run goes.
///
/// The text is byte for byte what ``ReportRenderer/render(_:as:failOn:maxFindings:)`` gives for `.json` on the
/// same reports, but each file's entry is handed to `emit` as soon as it is added, so memory holds
/// one file's findings and the running totals, not the whole run. Files must be added in the order
/// the document lists them (sorted by name).
///
/// ```swift
/// let stream = JSONReportStream { print($0, terminator: "") }
/// for report in reports { stream.add(report) }
/// let summary = stream.finish()
/// ```
public final class JSONReportStream {
    private let emit: (String) -> Void
    private var totals = ReportSummary([])
    private var started = false
    private var budget: FindingBudget

    /// A stream that passes each piece of text to `emit`, in order, showing at most `maxFindings`
    /// findings (nil: all; ``FindingBudget``).
    public init(maxFindings: Int? = nil, emit: @escaping (String) -> Void) {
        self.emit = emit
        budget = FindingBudget(limit: maxFindings)
    }

    /// Writes one file's entry in `files`.
    public func add(_ report: FileReport) {
        totals.add(report)
        let shown = budget.take(report)
        emit(
            (started ? ",\n" : "{\n  \"files\" : [\n")
                + Self.indented(JSONReport.encode(JSONReport.file(shown)), by: "    ")
        )
        started = true
    }

    /// Writes the `summary` and closes the document; returns the run's totals.
    @discardableResult
    public func finish() -> ReportSummary {
        let summary = Self.indented(JSONReport.encode(JSONReport.summary(totals)), by: "  ")
        var truncated = ""
        if let cut = JSONReport.Truncated(budget) {
            truncated = ",\n  \"truncated\" : " + Self.indented(JSONReport.encode(cut), by: "  ").drop { $0 == " " }
        }
        emit(
            (started ? "\n  ],\n" : "{\n  \"files\" : [\n\n  ],\n")
                + "  \"summary\" : " + summary.drop { $0 == " " } + truncated + "\n}\n"
        )
        return totals
    }

    /// `text` (pretty JSON ending in a newline) with every line indented, the final newline dropped.
    /// Empty lines (the inside of an empty array or object) stay empty, as the encoder writes them.
    private static func indented(_ text: String, by indent: String) -> String {
        text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : indent + $0 }
            .joined(separator: "\n")
    }
}

/// Totals over the reports of a run: what the summary table, JSON `summary` and exit status use.
public struct ReportSummary: Sendable, Hashable {
    /// Tree files reported.
    public var files: Int = 0
    /// Entries compared with a model, over every file.
    public var parametersChecked: Int = 0
    /// Entries under vendor `X_` names, over every file.
    public var vendorParameters: Int = 0
    /// Findings a policy dropped, over every file.
    public var ignored: Int = 0
    /// Finding counts per code and severity.
    public var counts: [FindingCode: [Severity: Int]] = [:]

    /// The totals of `reports`.
    public init(_ reports: [FileReport]) {
        for file in reports { add(file) }
    }

    /// Counts one more file's report in (what a streamed run does as each file is checked).
    public mutating func add(_ file: FileReport) {
        files += 1
        parametersChecked += file.report.parametersChecked
        vendorParameters += file.report.vendorParameters
        ignored += file.report.ignored
        for finding in file.report.findings {
            counts[finding.code, default: [:]][finding.severity, default: 0] += 1
        }
    }

    /// Findings of `severity`, over every code.
    public func count(_ severity: Severity) -> Int { counts.values.reduce(0) { $0 + ($1[severity] ?? 0) } }

    /// Findings of `code` and `severity`.
    public func count(_ code: FindingCode, _ severity: Severity) -> Int { counts[code]?[severity] ?? 0 }

    /// The codes that have findings, sorted.
    public var codes: [FindingCode] { counts.keys.sorted() }

    /// Whether the run fails CI: any error, or (with `strict`) any warning.
    public func fails(strict: Bool) -> Bool { count(.error) > 0 || (strict && count(.warning) > 0) }

    /// The summary table: counters, then findings per code by severity.
    ///
    /// ```
    /// files: 2  parameters checked: 41  vendor parameters: 3  ignored: 1
    ///
    /// code                errors  warnings  infos
    /// out-of-range             1         0      0
    /// total                    1         0      0
    /// ```
    public var table: String {
        var text =
            "files: \(files)  parameters checked: \(parametersChecked)  vendor parameters: \(vendorParameters)"
            + "  ignored: \(ignored)\n"
        let header = ["code", "errors", "warnings", "infos"]
        var rows = codes.map { code in
            [code.rawValue] + [Severity.error, .warning, .info].map { String(count(code, $0)) }
        }
        rows.append(["total"] + [Severity.error, .warning, .info].map { String(count($0)) })
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        text += "\n"
        for row in [header] + rows {
            let cells = row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + pad : pad + cell
            }
            text += cells.joined(separator: "  ") + "\n"
        }
        return text
    }
}

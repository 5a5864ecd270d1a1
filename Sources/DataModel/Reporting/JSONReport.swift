import CWMP
import Foundation

/// One JSON document: per file its counters and findings, then the run's summary. Keys are sorted
/// and files ordered by name so CI diffs stay readable.
enum JSONReport {
    struct Document: Encodable {
        var files: [File]
        var summary: Summary
        /// Present when findings were held back (`--max-diagnostics`).
        var truncated: Truncated?
    }

    /// How many findings the document leaves out; the summary counts them.
    struct Truncated: Encodable {
        var maxDiagnostics: Int
        var findingsShown: Int
        var findingsNotShown: Int

        /// Nil when nothing was held back.
        init?(_ budget: FindingBudget) {
            guard let limit = budget.limit, budget.notShown > 0 else { return nil }
            maxDiagnostics = limit
            findingsShown = budget.shown
            findingsNotShown = budget.notShown
        }
    }

    struct File: Encodable {
        var file: String
        var parametersChecked: Int
        var vendorParameters: Int
        var ignored: Int
        var findings: [Item]
        /// This file's findings left out (`--max-diagnostics`); absent when none were.
        var findingsNotShown: Int?
    }

    struct Item: Encodable {
        var code: String
        var severity: String
        var path: String
        var value: String?
        var expected: String
        var model: String?
        var file: String
        var line: Int?
        var row: Int?
        var message: String
    }

    struct Summary: Encodable {
        var files: Int
        var parametersChecked: Int
        var vendorParameters: Int
        var ignored: Int
        var errors: Int
        var warnings: Int
        var infos: Int
        /// code → severity → count.
        var findings: [String: [String: Int]]
    }

    static func render(_ reports: [FileReport], summary totals: ReportSummary, budget: FindingBudget) -> String {
        encode(Document(files: reports.map(file), summary: summary(totals), truncated: Truncated(budget)))
    }

    /// One file's entry in `files`.
    static func file(_ file: FileReport) -> File {
        File(
            file: file.file,
            parametersChecked: file.report.parametersChecked,
            vendorParameters: file.report.vendorParameters,
            ignored: file.report.ignored,
            findings: file.report.findings.map { finding in
                Item(
                    code: finding.code.rawValue,
                    severity: finding.severity.rawValue,
                    path: finding.path,
                    value: finding.value,
                    expected: finding.expected,
                    model: finding.model,
                    file: finding.file(default: file.file),
                    line: finding.location?.line,
                    row: finding.location?.row,
                    message: finding.message
                )
            },
            findingsNotShown: file.notShown.isEmpty ? nil : file.notShown.values.reduce(0, +)
        )
    }

    /// The run's `summary` member.
    static func summary(_ summary: ReportSummary) -> Summary {
        var byCode: [String: [String: Int]] = [:]
        for code in summary.codes {
            byCode[code.rawValue] = Dictionary(
                uniqueKeysWithValues: Severity.allCases.map { ($0.rawValue, summary.count(code, $0)) }
            )
        }
        return Summary(
            files: summary.files,
            parametersChecked: summary.parametersChecked,
            vendorParameters: summary.vendorParameters,
            ignored: summary.ignored,
            errors: summary.count(.error),
            warnings: summary.count(.warning),
            infos: summary.count(.info),
            findings: byCode
        )
    }

    /// Pretty, key-sorted JSON with a final newline.
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
        } catch {
            // Only strings, integers, arrays and dictionaries are encoded: this cannot fail.
            return "{\"error\": \"the report could not be encoded\"}\n"
        }
    }
}

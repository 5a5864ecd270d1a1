import FerruleCore

/// Compiler-style diagnostics, one line per finding, then the summary table.
///
/// `Fixtures/validate/gpv.xml:12: error[out-of-range]: Device.WiFi.Radio.1.Channel = 999: expected 1..255 (TR-181 2.17)`
enum TextReport {
    /// - Parameters:
    ///   - summary: the totals of every finding, shown or not.
    ///   - note: the last line when findings were held back (``FindingBudget/note``).
    static func render(_ reports: [FileReport], summary: ReportSummary, note: String? = nil) -> String {
        var text = ""
        for file in reports {
            for finding in file.report.findings {
                // Names and values come from the device: control bytes are written out, never sent
                // to the terminal.
                text +=
                    DisplayText.escaped(
                        "\(finding.prefix(default: file.file)) \(finding.severity.rawValue)[\(finding.code)]: "
                            + finding.message
                    ) + "\n"
            }
        }
        if !text.isEmpty { text += "\n" }
        return text + summary.table + (note.map { "\n" + $0 + "\n" } ?? "")
    }
}

import CWMP
import FerruleCore

/// GitHub Actions workflow commands: one annotation per finding, then the summary table.
///
/// `::error file=captures/gpv.xml,line=12,title=out-of-range::Device.WiFi.Radio.1.Channel = 999: …`
/// Info findings are `::notice`. Data and properties are escaped as GitHub's toolkit does.
enum GitHubReport {
    static func render(_ reports: [FileReport], summary: ReportSummary, note: String? = nil) -> String {
        var text = ""
        for file in reports {
            for finding in file.report.findings {
                let command =
                    switch finding.severity {
                    case .error: "error"
                    case .warning: "warning"
                    case .info: "notice"
                    }
                var properties = ["file=" + escapeProperty(finding.file(default: file.file))]
                if let line = finding.location?.line { properties.append("line=\(line)") }
                properties.append("title=" + escapeProperty(finding.code.rawValue))
                text += "::\(command) \(properties.joined(separator: ","))::\(escapeData(finding.message))\n"
            }
        }
        return text + summary.table + (note.map { "\n" + $0 + "\n" } ?? "")
    }

    /// `%`, CR and LF percent-encoded (the toolkit's `escapeData`).
    /// Other control characters are written out (``DisplayText/escaped(_:)``): a device's names
    /// must not drive the log viewer's terminal.
    static func escapeData(_ text: String) -> String {
        DisplayText.escaped(text.escaping(["%": "%25", "\r": "%0D", "\n": "%0A"]))
    }

    /// ``escapeData(_:)`` plus `:` and `,` (the toolkit's `escapeProperty`).
    static func escapeProperty(_ text: String) -> String { escapeData(text).escaping([":": "%3A", ",": "%2C"]) }
}

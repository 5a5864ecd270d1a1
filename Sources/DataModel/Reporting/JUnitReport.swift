/// JUnit XML (the Ant/Jenkins schema): one `<testsuite>` per file, one `<testcase>` per finding.
///
/// Findings at or above the failing severity carry a `<failure>`; the others pass and keep their
/// message in `<system-out>`. A file without findings has one passing `valid` testcase, so no
/// suite is empty. Every suite has the required `name`, `tests`, `failures` and `errors`.
enum JUnitReport {
    static func render(_ reports: [FileReport], failOn: Severity) -> String {
        var suites = ""
        var totalTests = 0
        var totalFailures = 0
        for file in reports {
            let findings = file.report.findings
            // Findings held back (`--max-diagnostics`) are one testcase, failing when one of them would.
            let hidden = file.notShown.values.reduce(0, +)
            let hiddenFailing = file.notShown.filter { $0.key >= failOn }.values.reduce(0, +)
            let failures = findings.filter { $0.severity >= failOn }.count + (hiddenFailing > 0 ? 1 : 0)
            let tests = max(findings.count + (hidden > 0 ? 1 : 0), 1)
            totalTests += tests
            totalFailures += failures
            suites +=
                "  <testsuite name=\"\(attribute(file.file))\" tests=\"\(tests)\" failures=\"\(failures)\" "
                + "errors=\"0\" skipped=\"0\" time=\"0\">\n"
            suites +=
                "    <properties>\n"
                + "      <property name=\"parametersChecked\" value=\"\(file.report.parametersChecked)\"/>\n"
                + "      <property name=\"vendorParameters\" value=\"\(file.report.vendorParameters)\"/>\n"
                + "      <property name=\"ignored\" value=\"\(file.report.ignored)\"/>\n"
                + (hidden > 0 ? "      <property name=\"findingsNotShown\" value=\"\(hidden)\"/>\n" : "")
                + "    </properties>\n"
            if findings.isEmpty && hidden == 0 {
                suites += "    <testcase name=\"valid\" classname=\"\(attribute(file.file))\" time=\"0\"/>\n"
            }
            for finding in findings {
                let name = "\(finding.severity.rawValue)[\(finding.code)] \(finding.path)"
                suites +=
                    "    <testcase name=\"\(attribute(name))\" classname=\"\(attribute(file.file))\" time=\"0\">\n"
                let detail = "\(finding.prefix(default: file.file)) \(finding.message)"
                if finding.severity >= failOn {
                    suites +=
                        "      <failure message=\"\(attribute(finding.message))\" type=\"\(finding.code)\">"
                        + "\(text(detail))</failure>\n"
                } else {
                    suites += "      <system-out>\(text(detail))</system-out>\n"
                }
                suites += "    </testcase>\n"
            }
            if hidden > 0 {
                let name = "\(hidden) more finding(s) not shown (--max-diagnostics)"
                let detail =
                    "\(file.file): \(hidden) finding(s) not shown, \(hiddenFailing) of them "
                    + "\(failOn.rawValue) or worse; run ferrule validate with a higher --max-diagnostics to see them"
                suites +=
                    "    <testcase name=\"\(attribute(name))\" classname=\"\(attribute(file.file))\" time=\"0\">\n"
                suites +=
                    hiddenFailing > 0
                    ? "      <failure message=\"\(attribute(name))\" type=\"truncated\">\(text(detail))</failure>\n"
                    : "      <system-out>\(text(detail))</system-out>\n"
                suites += "    </testcase>\n"
            }
            suites += "  </testsuite>\n"
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"ferrule validate\" tests=\"\(totalTests)\" failures=\"\(totalFailures)\" "
            + "errors=\"0\">\n" + suites + "</testsuites>\n"
    }

    /// Character data: `&`, `<`, `>` escaped; characters XML 1.0 forbids replaced by U+FFFD.
    static func text(_ value: String) -> String {
        var kept = String.UnicodeScalarView()
        kept.append(contentsOf: value.unicodeScalars.lazy.map { allowed($0) ? $0 : "\u{FFFD}" })
        return String(kept).escaping(["&": "&amp;", "<": "&lt;", ">": "&gt;"])
    }

    /// An attribute value in double quotes: also `"` and whitespace other than space escaped.
    static func attribute(_ value: String) -> String {
        text(value).escaping(["\"": "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"])
    }

    private static func allowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}

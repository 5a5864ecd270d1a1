import CWMP
import Foundation
import Testing

@testable import DataModel

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("Report rendering: text, JSON, JUnit, SARIF 2.1.0, GitHub workflow commands")
struct ReportRendererTests {
    static let gpv = "captures/gpv.xml"
    static let csv = "captures/export.csv"
    static let odd = "captures/a&b \"c\", d:e.json"

    /// Three files: XML with lines, CSV with a row only, JSON without locations (and an awkward name).
    static let reports: [FileReport] = [
        FileReport(
            file: odd,
            report: ValidationReport(
                findings: [
                    Finding(
                        code: .unknownParameter,
                        severity: .info,
                        path: "Device.DeviceInfo.X_ACME_Boot",
                        expected: "a standard name (vendor extension, not checked)",
                        location: TreeLocation(file: odd)
                    )
                ],
                parametersChecked: 3,
                vendorParameters: 1
            )
        ),
        FileReport(
            file: gpv,
            report: ValidationReport(
                findings: [
                    Finding(
                        code: .outOfRange,
                        severity: .error,
                        path: "Device.WiFi.Radio.1.Channel",
                        value: "999",
                        expected: "1..255",
                        model: "TR-181 2.17",
                        location: TreeLocation(file: gpv, line: 12)
                    ),
                    Finding(
                        code: .entriesCount,
                        severity: .warning,
                        path: "Device.WiFi.RadioNumberOfEntries",
                        value: "3",
                        expected: "2 (the instances of Device.WiFi.Radio. present)",
                        model: "TR-181 2.17",
                        location: TreeLocation(file: gpv, line: 17)
                    ),
                    Finding(
                        code: .sizeViolation,
                        severity: .error,
                        path: "Device.WiFi.AccessPoint.1.Security.KeyPassphrase",
                        expected: "length 8..63",
                        model: "TR-181 2.17",
                        location: TreeLocation(file: gpv, line: 40)
                    ),
                ],
                parametersChecked: 20,
                vendorParameters: 0,
                ignored: 2
            )
        ),
        FileReport(
            file: csv,
            report: ValidationReport(
                findings: [
                    Finding(
                        code: .notInEnumeration,
                        severity: .error,
                        path: "Device.Ethernet.Interface.1.DuplexMode",
                        value: "100%\nQuarter",
                        expected: "one of Half, Full, Auto",
                        model: "TR-181 2.17",
                        location: TreeLocation(file: csv, row: 14)
                    )
                ],
                parametersChecked: 9,
                vendorParameters: 2
            )
        ),
        FileReport(
            file: "captures/clean.xml",
            report: ValidationReport(findings: [], parametersChecked: 5, vendorParameters: 0)
        ),
    ]

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("text: compiler-style lines (line, CSV row, no location), then the summary table")
    func text() {
        let text = ReportRenderer.render(Self.reports, as: .text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(
            lines.contains(
                "captures/export.csv:row 14: error[not-in-enumeration]: "
                    + "Device.Ethernet.Interface.1.DuplexMode = 100%\\nQuarter: expected one of Half, Full, Auto (TR-181 2.17)"
            )
        )
        #expect(
            lines.contains(
                "captures/gpv.xml:12: error[out-of-range]: Device.WiFi.Radio.1.Channel = 999: "
                    + "expected 1..255 (TR-181 2.17)"
            )
        )
        #expect(lines.contains { $0.hasPrefix("captures/a&b \"c\", d:e.json: info[unknown-parameter]: ") })
        #expect(lines.contains("files: 4  parameters checked: 37  vendor parameters: 3  ignored: 2"))
        #expect(lines.contains { $0.hasPrefix("out-of-range ") && $0.hasSuffix("1         0      0") })
        #expect(lines.contains { $0.hasPrefix("total ") && $0.hasSuffix("3         1      1") })
        // Files in name order, findings in report order.
        let order = lines.compactMap { line in Self.reports.map(\.file).first { line.hasPrefix($0 + ":") } }
        #expect(order == [Self.odd, Self.csv, Self.gpv, Self.gpv, Self.gpv].sorted { $0 < $1 })
    }

    @Test("JSON: parses, files sorted, keys sorted, the same bytes whatever the input order")
    func json() throws {
        let text = ReportRenderer.render(Self.reports, as: .json)
        #expect(text == ReportRenderer.render(Self.reports.reversed(), as: .json))
        let root = try Self.json(text)
        let files = try #require(root["files"] as? [[String: Any]])
        #expect(files.compactMap { $0["file"] as? String } == Self.reports.map(\.file).sorted())
        let summary = try #require(root["summary"] as? [String: Any])
        #expect(summary["errors"] as? Int == 3)
        #expect(summary["warnings"] as? Int == 1)
        #expect(summary["infos"] as? Int == 1)
        #expect(summary["ignored"] as? Int == 2)
        let byCode = try #require(summary["findings"] as? [String: [String: Int]])
        #expect(byCode["out-of-range"] == ["error": 1, "warning": 0, "info": 0])
        let gpv = try #require(files.first { $0["file"] as? String == Self.gpv })
        let first = try #require((gpv["findings"] as? [[String: Any]])?.first)
        #expect(first["code"] as? String == "out-of-range")
        #expect(first["line"] as? Int == 12)
        #expect(first["value"] as? String == "999")
        #expect(first["message"] as? String == "Device.WiFi.Radio.1.Channel = 999: expected 1..255 (TR-181 2.17)")
        #expect(text.range(of: "\"code\" :") != nil || text.range(of: "\"code\":") != nil)
    }

    @Test("JSON streamed file by file has the bytes of the whole-document report, and the same totals")
    func jsonStream() {
        // A clean file has an empty findings array: Foundation writes it over two lines, the second
        // empty, and the streamed entry must keep that line empty.
        let clean = FileReport(
            file: "captures/clean.xml",
            report: ValidationReport(findings: [], parametersChecked: 2, vendorParameters: 0)
        )
        for reports in [Self.reports, [Self.reports[0]], [], [clean], Self.reports + [clean]] {
            var text = ""
            let stream = JSONReportStream { text += $0 }
            for report in reports.sorted(by: { $0.file < $1.file }) { stream.add(report) }
            let summary = stream.finish()
            #expect(text == ReportRenderer.render(reports, as: .json))
            #expect(summary == ReportSummary(reports))
        }
    }

    @Test("JUnit: one testsuite per file with name/tests/failures/errors, one testcase per finding")
    func junit() throws {
        for (failOn, failures) in [(Severity.error, 3), (.warning, 4)] {
            let text = ReportRenderer.render(Self.reports, as: .junit, failOn: failOn)
            #if canImport(FoundationXML) || canImport(Darwin)
            let document = try XMLDocument(data: Data(text.utf8))
            let root = try #require(document.rootElement())
            #expect(root.name == "testsuites")
            #expect(root.attribute(forName: "failures")?.stringValue == String(failures))
            let suites = root.elements(forName: "testsuite")
            #expect(suites.count == Self.reports.count)
            var totalFailures = 0
            for suite in suites {
                for name in ["name", "tests", "failures", "errors"] {
                    #expect(suite.attribute(forName: name) != nil, "testsuite without \(name)")
                }
                let cases = suite.elements(forName: "testcase")
                #expect(!cases.isEmpty)
                #expect(suite.attribute(forName: "tests")?.stringValue == String(cases.count))
                let failed = cases.filter { !$0.elements(forName: "failure").isEmpty }.count
                #expect(suite.attribute(forName: "failures")?.stringValue == String(failed))
                totalFailures += failed
                for testcase in cases {
                    #expect(testcase.attribute(forName: "name") != nil)
                    #expect(
                        testcase.attribute(forName: "classname")?.stringValue
                            == suite.attribute(forName: "name")?.stringValue
                    )
                    for failure in testcase.elements(forName: "failure") {
                        #expect(failure.attribute(forName: "message") != nil)
                        #expect(failure.attribute(forName: "type") != nil)
                    }
                }
            }
            #expect(totalFailures == failures)
            #expect(suites.contains { $0.attribute(forName: "name")?.stringValue == Self.odd })
            #endif
            #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "))
        }
    }

    @Test("SARIF 2.1.0: schema, version, driver with one rule per code, results with rule, level, message, location")
    func sarif() throws {
        let root = try Self.json(ReportRenderer.render(Self.reports, as: .sarif))
        #expect((root["$schema"] as? String)?.contains("sarif-2.1.0") == true)
        #expect(root["version"] as? String == "2.1.0")
        let runs = try #require(root["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let run = try #require(runs.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "ferrule")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ids = rules.compactMap { $0["id"] as? String }
        #expect(ids == FindingCode.all.map(\.0.rawValue))
        #expect(Set(ids).count == ids.count)
        for rule in rules {
            let text = (rule["shortDescription"] as? [String: Any])?["text"] as? String
            #expect(text?.isEmpty == false)
        }
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 5)
        for result in results {
            let ruleId = try #require(result["ruleId"] as? String)
            #expect(ids.contains(ruleId))
            if let index = result["ruleIndex"] as? Int { #expect(ids[index] == ruleId) }
            #expect(["error", "warning", "note"].contains(result["level"] as? String ?? ""))
            #expect(((result["message"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            let locations = try #require(result["locations"] as? [[String: Any]])
            let physical = try #require(locations.first?["physicalLocation"] as? [String: Any])
            let uri = try #require((physical["artifactLocation"] as? [String: Any])?["uri"] as? String)
            #expect(!uri.contains(" ") && !uri.contains("\""))
            // GitHub code scanning places an alert only with a start line (SARIF validator GH1003):
            // a finding without a line of its own is placed at line 1.
            let startLine = (physical["region"] as? [String: Any])?["startLine"] as? Int
            #expect(startLine != nil)
            if !uri.hasSuffix("gpv.xml") { #expect(startLine == 1) }
        }
        let levels = results.compactMap { $0["level"] as? String }
        #expect(levels.sorted() == ["error", "error", "error", "note", "warning"])
    }

    @Test("GitHub: ::error/::warning/::notice with file, line and title, properties and data escaped")
    func github() {
        let text = ReportRenderer.render(Self.reports, as: .github)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(
            lines.contains(
                "::error file=captures/gpv.xml,line=12,title=out-of-range::"
                    + "Device.WiFi.Radio.1.Channel = 999: expected 1..255 (TR-181 2.17)"
            )
        )
        #expect(lines.contains { $0.hasPrefix("::warning file=captures/gpv.xml,line=17,title=entries-count::") })
        #expect(
            lines.contains { $0.hasPrefix("::notice file=captures/a&b \"c\"%2C d%3Ae.json,title=unknown-parameter::") }
        )
        #expect(
            lines.contains {
                $0.hasPrefix("::error file=captures/export.csv,title=not-in-enumeration::")
                    && $0.contains("100%25\\nQuarter")
            }
        )
        #expect(GitHubReport.escapeData("50% done\r\nnext") == "50%25 done%0D%0Anext")
        #expect(GitHubReport.escapeProperty("a:b,c%\n") == "a%3Ab%2Cc%25%0A")
        #expect(lines.filter { $0.hasPrefix("::") }.count == 5)
    }

    @Test("a secret's value (nil in its finding) appears in no format")
    func secrets() {
        for format in ReportFormat.allCases {
            let text = ReportRenderer.render(Self.reports, as: format)
            #expect(text.contains("KeyPassphrase"))
            #expect(!text.contains("KeyPassphrase ="), "\(format)")
        }
    }
}

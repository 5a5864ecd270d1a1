import DataModel
import FerruleTestSupport
import Foundation
import Testing

/// `TreeValidationRun` is `ferrule validate`'s loop: read, load, validate, apply the policy, render.
@Suite("Validating tree files: one report, unreadable files named in one short line")
struct TreeValidationRunTests {
    static let trees = ["gpv-wifi-tr181.xml", "export-tr181.csv", "nbi-device-tr098.json"].map {
        Repository.url("Fixtures/validate/trees/\($0)").path
    }

    /// Runs `run` over `paths`; returns the outcome, the report text and the diagnostic lines.
    static func run(_ run: TreeValidationRun, _ paths: [String]) -> (TreeValidationOutcome, String, [String]) {
        var output = ""
        var lines: [String] = []
        let outcome = run.run(paths, output: { output += $0 }, diagnostic: { lines.append($0) })
        return (outcome, output, lines)
    }

    @Test("JSON is streamed file by file and equals the whole report rendered at once")
    func jsonEqualsRenderedReport() {
        let validation = TreeValidationRun(validator: TreeValidator(models: Models.all), format: .json)
        let (outcome, streamed, lines) = Self.run(validation, Self.trees)
        #expect(lines.isEmpty)
        let reports = Self.trees.sorted().compactMap { validation.validate($0, diagnostic: { _ in }) }
        #expect(streamed == ReportRenderer.render(reports, as: .json))
        #expect(outcome.summary == ReportSummary(reports))
        #expect(outcome.fails == outcome.summary.fails(strict: false))
        #expect(!outcome.unreadable)
    }

    @Test("with a cap, streamed JSON still equals the report rendered at once, and the outcome counts every finding")
    func cappedJSONEqualsRenderedReport() {
        let validation = TreeValidationRun(validator: TreeValidator(models: Models.all), format: .json, maxFindings: 15)
        let (outcome, streamed, _) = Self.run(validation, Self.trees)
        let reports = Self.trees.sorted().compactMap { validation.validate($0, diagnostic: { _ in }) }
        let total = reports.reduce(0) { $0 + $1.report.findings.count }
        #expect(total > 15)
        #expect(streamed == ReportRenderer.render(reports, as: .json, maxFindings: 15))
        #expect(streamed.contains("\"findingsNotShown\" : \(total - 15)"), "\(streamed)")
        #expect(outcome.summary == ReportSummary(reports))
        for format in [ReportFormat.text, .github] {
            let text = ReportRenderer.render(reports, as: format, maxFindings: 15)
            #expect(
                text.hasSuffix(
                    "\(total - 15) more finding(s) not shown: at most 15 are (--max-diagnostics); "
                        + "the summary and the exit status count all \(total)\n"
                )
            )
            #expect(text.contains(ReportSummary(reports).table))
        }
    }

    @Test("a 40,000-character path is named shortened, with its size, in one line; the run is unreadable")
    func longPathShortened() {
        let path = "/tmp/" + String(repeating: "a", count: 40_000) + ".xml"
        let validation = TreeValidationRun(validator: TreeValidator(models: Models.all))
        let (outcome, _, lines) = Self.run(validation, [path])
        #expect(outcome.unreadable)
        #expect(lines.count == 1)
        let line = lines.first ?? ""
        #expect(line.count < 600, "\(line.count) characters")
        #expect(line.contains("… (40,009 bytes): error[unreadable]: cannot read the file"), "\(line)")
    }

    @Test("control characters in a file name are escaped, never sent to the terminal")
    func controlCharactersEscaped() {
        let path = "/tmp/no-such\u{1B}[2J\nfile.xml"
        let validation = TreeValidationRun(validator: TreeValidator(models: Models.all))
        let (_, _, lines) = Self.run(validation, [path])
        #expect(lines == ["/tmp/no-such\\u{1B}[2J\\nfile.xml: error[unreadable]: cannot read the file: no such file"])
    }

    @Test("a file that is not a tree is named with line and column and the others are still validated")
    func notATreeThenValid() throws {
        let broken = try Scratch.file("broken.xml", Array("<soap:Envelope>\n  <unclosed>".utf8))
        let validation = TreeValidationRun(validator: TreeValidator(models: Models.all))
        let (outcome, text, lines) = Self.run(validation, [broken, Self.trees[0]])
        #expect(outcome.unreadable)
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("\(broken):") == true, "\(lines)")
        #expect(lines.first?.contains(": error[") == true)
        #expect(text.contains("files: 1"), "\(text)")
    }
}

import CWMP
import DeviceTrees
import FerruleTestSupport
import Foundation
import Testing

@testable import DataModel

/// A parameter a source reports twice is a `duplicate-parameter` warning at the later copy, and
/// every copy is checked against the model: a bad value in the copy the tree drops still shows.
@Suite("Validating a tree whose source repeats a parameter")
struct RepeatedParameterTests {
    static func report(_ file: String) throws -> ValidationReport {
        let loaded = try ParameterTree.loadSource(try Repository.bytes(file), file: file)
        return TreeValidator(models: Models.all).validate(
            loaded.tree,
            isInform: loaded.isInform,
            cwmpVersion: loaded.cwmpVersion,
            repeats: loaded.repeats
        )
    }

    @Test(
        "GPV: the second Channel (999) is warned as a duplicate and still checked, though GenieACS keeps the first (6)"
    )
    func gpvSecondCopyChecked() throws {
        let report = try Self.report("Fixtures/validate/repeated/gpv-channel-twice.xml")
        let duplicate = try #require(report.findings.first { $0.code == .duplicateParameter })
        #expect(duplicate.severity == .warning)
        #expect(duplicate.path == "Device.WiFi.Radio.1.Channel")
        #expect(duplicate.location?.line == 45)
        #expect(duplicate.location?.column == 9)
        #expect(duplicate.expected.contains("first at line 25"))
        #expect(duplicate.expected.contains("lib/session.ts:2535-2543"))
        let range = report.findings.filter { $0.code == .outOfRange }
        #expect(range.map(\.value) == ["999"])
        #expect(range.map(\.location?.line) == [45])
        #expect(report.findings.count == 2, "\(report.findings)")
    }

    @Test("CSV: the first DuplexMode (Quarter) is checked though the later row (Full) is the one kept")
    func csvFirstCopyChecked() throws {
        let report = try Self.report("Fixtures/validate/repeated/export-duplex-twice.csv")
        let duplicate = try #require(report.findings.first { $0.code == .duplicateParameter })
        #expect(duplicate.location?.line == 7)
        #expect(duplicate.expected.contains("first at line 5"))
        let enumeration = report.findings.filter { $0.code == .notInEnumeration }
        #expect(enumeration.map(\.value) == ["Quarter"])
        #expect(enumeration.map(\.location?.line) == [5])
    }

    @Test("a tree read without repetition gets no duplicate-parameter finding")
    func noRepeats() throws {
        var files: [String] = []
        for directory in ["Fixtures/validate/trees", "Fixtures/validate/clean", "Fixtures/trees"] {
            for ext in ["xml", "csv", "json"] {
                files += try Repository.files(in: directory, extension: ext).map { directory + "/" + $0 }
            }
        }
        #expect(files.count == 9)
        for file in files {
            let report = try Self.report(file)
            #expect(!report.findings.contains { $0.code == .duplicateParameter }, "\(file)")
        }
    }

    @Test("the text report names the later copy as file:line:col")
    func textLocation() throws {
        let file = "Fixtures/validate/repeated/gpv-channel-twice.xml"
        let text = ReportRenderer.render([FileReport(file: file, report: try Self.report(file))], as: .text)
        #expect(
            text.contains(
                "\(file):45:9: warning[duplicate-parameter]: Device.WiFi.Radio.1.Channel: expected one copy per parameter "
                    + "(first at line 25; GenieACS 1.2.16 stores the first copy"
            ),
            "\(text)"
        )
    }
}

import CWMP
import DeviceTrees
import Foundation
import Testing

@testable import DataModel

/// Every finding from a GenieACS NBI document names the line of its key, so that CI reports (SARIF
/// region.startLine, GitHub annotations) can place it.
@Suite("Source lines: NBI JSON findings carry the line of their key; table findings the table's")
struct SourceLineTests {
    static let nbi = """
        {"_id": "000000-TEST-1",
         "_deviceId": {"_OUI": "000000", "_SerialNumber": "1"},
         "Events": {"Inform": {"_value": "2024-03-18T07:00:00.000Z"}},
         "Device": {"_object": true,
          "WiFi": {"_object": true,
           "Radio": {"_object": true, "_writable": false,
            "1": {"_object": true,
             "Channel": {"_value": 999, "_type": "xsd:unsignedInt", "_writable": true},
             "Name": {"_value": "wl0", "_type": "xsd:string"}}},
           "AccessPoint": {"_object": true,
            "1": {"_object": true,
             "AC": {"_object": true,
              "1": {"_object": true,
               "AccessCategory": {"_value": "BE", "_type": "xsd:string"}}}}}},
          "IP": {"_object": true,
           "InterfaceNumberOfEntries": {"_value": 2, "_type": "xsd:unsignedInt"},
           "Interface": {"_object": true, "_writable": true}}}}
        """

    @Test("findings in an NBI document are at the lines of their keys")
    func nbiLines() throws {
        let tree = try ParameterTree(nbiJSON: Array(Self.nbi.utf8), file: "d.json")
        #expect(tree["Device.WiFi.Radio.1.Channel"]?.location?.line == 8)
        #expect(tree["Device.WiFi.Radio.1.Name"]?.location?.line == 9)
        #expect(tree["Device.IP.Interface."]?.location?.line == 17)
        let findings = TreeValidator(models: Models.all).validate(tree).findings
        let placed = findings.map { "\($0.location?.line ?? 0) \($0.code)" }
        // Channel out of range; AC table (whole, 1 of 4 rows) at its node; the counter of an empty table.
        #expect(placed == ["8 out-of-range", "12 instance-count", "16 entries-count"])
    }

    @Test("SARIF gives every result a start line: the key's line, else line 1")
    func sarif() throws {
        let tree = try ParameterTree(nbiJSON: Array(Self.nbi.utf8), file: "d.json")
        var report = TreeValidator(models: Models.all).validate(tree)
        report.findings.append(
            Finding(
                code: .missingInformParameter,
                severity: .error,
                path: "Device.DeviceInfo.SoftwareVersion",
                expected: "x"
            )
        )
        let sarif = ReportRenderer.render([FileReport(file: "d.json", report: report)], as: .sarif)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let results = try #require((root["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        let lines = results.map { result -> Int? in
            let location = (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
            return (location?["region"] as? [String: Any])?["startLine"] as? Int
        }
        #expect(lines == [8, 12, 16, 1])
    }
}

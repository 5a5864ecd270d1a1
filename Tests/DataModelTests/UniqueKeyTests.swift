import CWMP
import Testing

@testable import DataModel

/// `uniqueKey` (cwmp-datamodel-1-14.xsd:861-867).
@Suite("Unique keys: duplicate key values across a table's rows")
struct UniqueKeyTests {
    static func entry(_ path: String, _ value: String, line: Int? = nil) -> ParameterEntry {
        ParameterEntry(path: path, value: value, type: .string, location: line.map { TreeLocation(line: $0) })
    }

    static func findings(_ entries: [ParameterEntry]) -> [Finding] {
        TreeValidator(models: Models.all).validate(ParameterTree(entries)).findings
    }

    @Test("the model keeps each table's keys, whether functional, and its enableParameter")
    func loaded() throws {
        let associated = try #require(Models.tr181.objects["Device.WiFi.AccessPoint.{i}.AssociatedDevice.{i}."])
        #expect(associated.uniqueKeys == [UniqueKey(parameters: ["MACAddress"], functional: true)])
        let informParameter = try #require(Models.tr181.objects["Device.ManagementServer.InformParameter.{i}."])
        #expect(informParameter.enableParameter == "Enable")
        #expect(informParameter.uniqueKeys.contains(UniqueKey(parameters: ["ParameterName"], functional: true)))
    }

    @Test("a repeated key is reported on the later row, naming the earlier one; distinct keys pass")
    func duplicate() {
        let base = "Device.WiFi.AccessPoint.1.AssociatedDevice."
        let found = Self.findings([
            Self.entry(base + "1.MACAddress", "00:11:22:33:44:55", line: 3),
            Self.entry(base + "2.MACAddress", "00:11:22:33:44:66", line: 4),
            Self.entry(base + "10.MACAddress", "00:11:22:33:44:55", line: 5),
        ])
        #expect(found.map(\.code) == [.duplicateKey])
        #expect(found.first?.path == base + "10.MACAddress")
        #expect(found.first?.location?.line == 5)
        #expect(found.first?.expected.contains("row 1 has the same") == true)
        // The same MAC under another access point is another table.
        #expect(
            Self.findings([
                Self.entry(base + "1.MACAddress", "00:11:22:33:44:55"),
                Self.entry("Device.WiFi.AccessPoint.2.AssociatedDevice.1.MACAddress", "00:11:22:33:44:55"),
            ]) == []
        )
    }

    @Test("key values are compared as values of the key's type: 80 and 080, AA and aa in a MAC address")
    func typedComparison() {
        let options = "Device.DHCPv4.Server.Pool.1.Option."
        let enabled = [
            ParameterEntry(path: options + "1.Enable", value: "true", type: .boolean),
            ParameterEntry(path: options + "2.Enable", value: "1", type: .boolean),
        ]
        let padded =
            enabled + [
                ParameterEntry(path: options + "1.Tag", value: "80", type: .unsignedInt),
                ParameterEntry(path: options + "2.Tag", value: "080", type: .unsignedInt),
            ]
        #expect(Self.findings(padded).filter { $0.code == .duplicateKey }.map(\.path) == [options + "2.Tag"])
        let distinct =
            enabled + [
                ParameterEntry(path: options + "1.Tag", value: "80", type: .unsignedInt),
                ParameterEntry(path: options + "2.Tag", value: "800", type: .unsignedInt),
            ]
        #expect(Self.findings(distinct).filter { $0.code == .duplicateKey } == [])
        let base = "Device.WiFi.AccessPoint.1.AssociatedDevice."
        let cased = Self.findings([
            Self.entry(base + "1.MACAddress", "00:1A:2B:3C:4D:5E"),
            Self.entry(base + "2.MACAddress", "00:1a:2b:3c:4d:5e"),
        ])
        #expect(cased.filter { $0.code == .duplicateKey }.map(\.path) == [base + "2.MACAddress"])
        // The finding shows the values as the device sent them.
        #expect(cased.first { $0.code == .duplicateKey }?.value == "00:1a:2b:3c:4d:5e")
    }

    @Test("keyValue: integers by value, booleans by value, text that is not of the type as written")
    func keyValues() {
        let unsigned = Syntax(base: .unsignedInt)
        #expect(TreeValidator.keyValue("080", unsigned) == TreeValidator.keyValue(" 80 ", unsigned))
        #expect(TreeValidator.keyValue("-0", Syntax(base: .int)) == TreeValidator.keyValue("0", Syntax(base: .int)))
        #expect(TreeValidator.keyValue("8x", unsigned) != TreeValidator.keyValue("8", unsigned))
        #expect(
            TreeValidator.keyValue("true", Syntax(base: .boolean))
                == TreeValidator.keyValue("1", Syntax(base: .boolean))
        )
        #expect(
            TreeValidator.keyValue("Ab", Syntax(base: .string)) != TreeValidator.keyValue("ab", Syntax(base: .string))
        )
    }

    @Test("a functional key of a table with an enableParameter binds only rows reported enabled")
    func functionalKey() {
        let base = "Device.ManagementServer.InformParameter."
        let rows = [
            Self.entry(base + "1.ParameterName", "Device.DeviceInfo.UpTime"),
            Self.entry(base + "2.ParameterName", "Device.DeviceInfo.UpTime"),
        ]
        #expect(Self.findings(rows) == [])  // enablement unknown: not compared
        let disabled =
            rows + [
                ParameterEntry(path: base + "1.Enable", value: "true", type: .boolean),
                ParameterEntry(path: base + "2.Enable", value: "false", type: .boolean),
            ]
        #expect(Self.findings(disabled) == [])
        let enabled =
            rows + [
                ParameterEntry(path: base + "1.Enable", value: "true", type: .boolean),
                ParameterEntry(path: base + "2.Enable", value: "1", type: .boolean),
            ]
        #expect(Self.findings(enabled).map(\.code) == [.duplicateKey])
    }
}

import CWMP
import Testing

@testable import DataModel

/// minEntries, maxEntries and `…NumberOfEntries` on trees that hold a whole table or part of one.
@Suite("Table counts: partial reads, whole tables, counters, empty tables, where findings are placed")
struct TableCountTests {
    static func entry(_ path: String, _ value: String? = nil, line: Int? = nil) -> ParameterEntry {
        ParameterEntry(
            path: path,
            value: value,
            isObject: path.hasSuffix("."),
            location: line.map { TreeLocation(file: "t.xml", line: $0) }
        )
    }

    static func findings(_ entries: [ParameterEntry]) -> [Finding] {
        TreeValidator(models: Models.all).validate(ParameterTree(entries)).findings
    }

    @Test("a GetParameterValues of one row of a fixed-size table is not a minEntries violation")
    func partialRead() {
        // tr-181 Device.WiFi.AccessPoint.{i}.AC.{i}. is 4..4; TR-098 WLANConfiguration.{i}.WEPKey.{i}. too.
        #expect(Self.findings([Self.entry("Device.WiFi.AccessPoint.1.AC.1.AccessCategory", "BE")]) == [])
        #expect(
            Self.findings([Self.entry("InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.WEPKey.1.WEPKey", "")])
                == []
        )
    }

    @Test("with the table's own node the tree holds the whole table: too few rows is an error at the node")
    func wholeTable() {
        let found = Self.findings([
            Self.entry("Device.WiFi.AccessPoint.1.AC.", line: 7),
            Self.entry("Device.WiFi.AccessPoint.1.AC.1.AccessCategory", "BE", line: 9),
        ])
        #expect(found.map(\.code) == [.instanceCount])
        #expect(found.first?.location?.line == 7)
        #expect(found.first?.expected == "4..4 instances")
    }

    @Test("too many rows is an error even in a partial read, placed at the table's first row")
    func tooMany() {
        let rows = (1...5).map { Self.entry("Device.WiFi.AccessPoint.1.AC.\($0).AccessCategory", "BE", line: 20 - $0) }
        // (Five rows of four access categories also repeat a unique key: not this test's concern.)
        let found = Self.findings(rows).filter { $0.code == .instanceCount }
        #expect(found.count == 1)
        #expect(found.first?.location?.line == 15)
    }

    @Test("a counter below minEntries is an error without the rows; a partial read does not contradict a counter")
    func counters() {
        // Device.DHCPv4.Client.{i}. is 1..unbounded, counted by Device.DHCPv4.ClientNumberOfEntries.
        let zero = Self.findings([Self.entry("Device.DHCPv4.ClientNumberOfEntries", "0", line: 3)])
        #expect(zero.map(\.code) == [])  // no row was read: nothing to check the table by
        let said = Self.findings([
            Self.entry("Device.DHCPv4.ClientNumberOfEntries", "0", line: 3),
            Self.entry("Device.DHCPv4.Client.1.Enable", "true", line: 4),
        ])
        // One row present yet the counter says 0: both the counter and the table's minimum are broken.
        #expect(Set(said.map(\.code)) == [.entriesCount, .instanceCount])
        #expect(said.allSatisfy { $0.location?.line == 3 })
        // Counter 3, two rows read: the rest were not asked for.
        let partial = [
            Self.entry("Device.IP.InterfaceNumberOfEntries", "3"),
            Self.entry("Device.IP.Interface.1.Enable", "true"),
            Self.entry("Device.IP.Interface.2.Enable", "false"),
        ]
        #expect(Self.findings(partial) == [])
        #expect(Self.findings(partial + [Self.entry("Device.IP.Interface.")]).map(\.code) == [.entriesCount])
    }

    @Test("a counter that disagrees with an empty table (its node, no rows) is reported")
    func emptyTable() {
        let found = Self.findings([
            Self.entry("Device.IP.InterfaceNumberOfEntries", "2", line: 5),
            Self.entry("Device.IP.Interface.", line: 6),
        ])
        #expect(found.map(\.code) == [.entriesCount])
        #expect(found.first?.location?.line == 5)
        #expect(found.first?.expected == "0 (the instances of Device.IP.Interface. present)")
        #expect(
            Self.findings([Self.entry("Device.IP.InterfaceNumberOfEntries", "0"), Self.entry("Device.IP.Interface.")])
                == []
        )
    }
}

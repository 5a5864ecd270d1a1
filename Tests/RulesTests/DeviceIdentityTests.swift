import CWMP
import DeviceTrees
import FerruleTestSupport
import Foundation
import Testing

@testable import Rules

/// The device id `ferrule test` and `ferrule explain` evaluate with is the one GenieACS has: the
/// tree's `DeviceID.ID` when it carries one, else GenieACS's generateDeviceId (lib/util.ts:3-27).
@Suite("Device identity: DeviceID.ID from the tree, else GenieACS's escaped id")
struct DeviceIdentityTests {
    @Test(
        "ids are escaped like generateDeviceId: %XX per UTF-8 byte outside [A-Za-z0-9_], no middle part without a product class",
        arguments: [
            ("00E0FC", "EG8145V5", "4857544311A2B3C4", "00E0FC-EG8145V5-4857544311A2B3C4"),
            ("00E0FC", "EG8145V5", "SR360NA0A4-0003196", "00E0FC-EG8145V5-SR360NA0A4%2D0003196"),
            ("3C1710", "F@ST5655V2", "LK20170123456", "3C1710-F%40ST5655V2-LK20170123456"),
            ("D0608C", "ZXHN H199A", "ZTE.1", "D0608C-ZXHN%20H199A-ZTE%2E1"),
            ("00E0FC", "", "ABC-1", "00E0FC-ABC%2D1"),
            ("00E0FC", "Ü", "x_y", "00E0FC-%C3%9C-x_y"),
            // Control bytes are not zero-padded (`byte.toString(16)`), `%` itself is escaped.
            ("00E0FC", "a\nb\u{01}c\u{7F}", "100%", "00E0FC-a%Ab%1c%7F-100%25"),
            ("00E0FC", "\u{00}", "日本", "00E0FC-%0-%E6%97%A5%E6%9C%AC"),
            // Outside the BMP each UTF-16 surrogate becomes U+FFFD, as Node's Buffer.from encodes it.
            ("00E0FC", "😀x", "a.b/c", "00E0FC-%EF%BF%BD%EF%BF%BDx-a%2Eb%2Fc"),
        ]
    )
    func escaping(_ oui: String, _ productClass: String, _ serial: String, _ expected: String) {
        #expect(GenieACSDeviceID.make(oui: oui, productClass: productClass, serialNumber: serial) == expected)
    }

    static func fixture(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Repository.root.appendingPathComponent(path)))
    }

    @Test("the device has the tags its file carries, and the ones given besides")
    func tagsFromTheFile() throws {
        let nbi = try DeviceState.load(try Self.fixture("Fixtures/trees/nbi-device-tr181.json"), tags: ["ftth"])
        #expect(nbi.tags == ["wifi6", "Customer Premises", "ftth"])
        #expect(nbi.value(of: "Tags.Customer0x20Premises") == true)
        let csv = Array(
            "Parameter,Object,Object timestamp,Writable,Writable timestamp,Value\nTags,true,,false,,\nTags.fw0x202024,false,,true,,true\nTags.vlan00x7810,false,,true,,true\nTags.odd0xZZ,false,,true,,true\n"
                .utf8
        )
        #expect(DeviceIdentity.read(csv, format: .csv).tags == ["fw 2024", "vlan0x10", "odd0xZZ"])
    }

    @Test("an NBI document's _id is DeviceID.ID and wins over the DeviceInfo fields")
    func nbiDocument() throws {
        let state = try DeviceState.load(try Self.fixture("Fixtures/trees/nbi-device-tr098.json"))
        #expect(state.id == "00E0FC-HG8245H-48575443A1B2C3D4")
        #expect(state.oui == "00E0FC" && state.productClass == "HG8245H")
    }

    @Test("a CSV export's DeviceID.ID row is the id")
    func csvExport() throws {
        let bytes = try Self.fixture("Fixtures/trees/genieacs-export-tr181.csv")
        var text = String(decoding: bytes, as: UTF8.self)
        text = text.replacingOccurrences(of: "\"3C52A1-EX220-2236457000123\"", with: "\"from-the-acs\"")
        let state = try DeviceState.load(Array(text.utf8))
        #expect(state.id == "from-the-acs")
        #expect(state.serialNumber == "2236457000123")
    }

    @Test("an Inform has no DeviceID.ID: the id is generated from its DeviceId, escaped")
    func inform() throws {
        let state = try DeviceState.load(try Self.fixture("Fixtures/cwmp/vendor-inform-sagemcom-fast5655.xml"))
        #expect(state.id == "3C1710-F%40ST5655V2-LK20170123456")
        let zte = try DeviceState.load(try Self.fixture("Fixtures/cwmp/vendor-inform-zte-h199a.xml"))
        #expect(zte.id == "D0608C-ZXHN%20H199A-ZTEEH7LM4J01234")
    }

    @Test("a tree with only DeviceInfo gets GenieACS's id; a missing product class drops the middle part")
    func treeOnly() {
        var tree = ParameterTree()
        for (leaf, value) in [("ManufacturerOUI", "00E0FC"), ("SerialNumber", "AB-12"), ("ProductClass", "")] {
            tree.insert(ParameterEntry(path: "Device.DeviceInfo." + leaf, value: value, type: .string))
        }
        #expect(DeviceState.from(tree: tree).id == "00E0FC-AB%2D12")
    }
}

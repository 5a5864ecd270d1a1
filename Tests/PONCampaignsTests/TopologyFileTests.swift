import Campaigns
import FerruleCore
import PONCampaigns
import Testing

@Suite("Topology file")
struct TopologyFileTests {
    @Test("columns in any order, optional serial and model, comments, quotes and CRLF line ends")
    func reads() async throws {
        let text =
            "# exported from the inventory\r\nmodel,device,olt,pon,serial\r\n"
            + "EX220,3C52A1-EX220-000001,olt-1,1,HWTC00000001\r\n\r\n"
            + "\"EX, 220\",3C52A1-EX220-000002,olt-1,2,\r\n"
        let (entries, diagnostics) = TopologyFile.read(text, file: "topology.csv")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let topology = StaticTopology(try #require(entries))
        let placements = try await topology.placements(of: ["3C52A1-EX220-000001", "3C52A1-EX220-000002", "other"])
        #expect(placements["3C52A1-EX220-000001"] == PONPlacement(olt: "olt-1", pon: "1"))
        #expect(placements["3C52A1-EX220-000002"] == PONPlacement(olt: "olt-1", pon: "2"))
        #expect(placements["other"] == nil, "an unlisted device has no placement")
        #expect(topology.onuSerial(ofDevice: "3C52A1-EX220-000001") == "HWTC00000001")
        #expect(topology.onuSerial(ofDevice: "3C52A1-EX220-000002") == nil)
        #expect(topology.entry("3C52A1-EX220-000002")?.model == "EX, 220")
    }

    @Test("a spreadsheet's \"CSV UTF-8\" (a byte order mark first) reads like any other")
    func byteOrderMark() {
        let (entries, diagnostics) = TopologyFile.read(
            "\u{FEFF}device,olt,pon,serial,model\n3C52A1-EX220-000003,olt-1,1,HWTC00000001,EX220\n",
            file: "topo.csv"
        )
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(entries?.count == 1)
    }

    @Test("errors name the file, line and what to write; nothing is returned from a file with errors")
    func errors() {
        let (entries, diagnostics) = TopologyFile.read(
            "device,olt,pon\nd1,olt-1,pon-3\nd2,,1\nd3,olt-1,1\nd3,olt-1,2\n\"d4,olt-1,1\n",
            file: "t.csv"
        )
        #expect(entries == nil)
        let lines = diagnostics.map(\.description)
        #expect(lines.count == 4, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("t.csv:2:1: error[bad-value]:") && $0.contains("write `pon-3` as 3") })
        #expect(lines.contains { $0.hasPrefix("t.csv:3:1: error[missing-field]: device d2 has no OLT") })
        #expect(lines.contains { $0.hasPrefix("t.csv:5:1: error[duplicate-key]:") && $0.contains("first on line 4") })
        #expect(lines.contains { $0.hasPrefix("t.csv:6:1: error[bad-value]: unterminated quoted field") })
    }

    @Test("a header without the required columns, or an empty file, is refused with the expected header")
    func header() {
        let missing = TopologyFile.read("device,pon,vendor\n", file: "t.csv").diagnostics.map(\.description)
        #expect(missing.contains { $0.contains("unknown column \"vendor\"") })
        #expect(missing.contains { $0.contains("no \"olt\" column") && $0.contains("device,olt,pon,serial,model") })
        let empty = TopologyFile.read("# nothing\n", file: "t.csv")
        #expect(empty.entries == nil)
        #expect(empty.diagnostics.first?.description.contains("the file is empty") == true)
    }
}

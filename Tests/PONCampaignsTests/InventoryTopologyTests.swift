import Campaigns
import PONCampaigns
import Testing

@Suite("Inventory topology")
struct InventoryTopologyTests {
    static let onus: [(serial: String, placement: PONPlacement)] = [
        ("HWTC1A2B3C4D", PONPlacement(olt: "olt-1", pon: "0")),
        ("ALCL00000002", PONPlacement(olt: "olt-2", pon: "5")),
    ]

    @Test("a CPE whose SerialNumber is the GPON serial or its hex-vendor form is placed behind its ONU")
    func joins() async throws {
        let topology = InventoryTopology(onus: Self.onus)
        let placements = try await topology.placements(of: [
            "00259E-HG8245-HWTC1A2B3C4D",  // the GPON serial itself
            "00259E-HG8245-485754431A2B3C4D",  // vendor letters hex-encoded
            "001E80-G240-414C434C00000002",
            "001E80-G240-UNKNOWN0001",
            "no-serial-",
        ])
        #expect(placements["00259E-HG8245-HWTC1A2B3C4D"] == PONPlacement(olt: "olt-1", pon: "0"))
        #expect(placements["00259E-HG8245-485754431A2B3C4D"] == PONPlacement(olt: "olt-1", pon: "0"))
        #expect(placements["001E80-G240-414C434C00000002"] == PONPlacement(olt: "olt-2", pon: "5"))
        #expect(placements.count == 3, "unmatched CPEs are left out, never guessed")
        #expect(topology.onuSerial(ofDevice: "00259E-HG8245-485754431A2B3C4D") == "HWTC1A2B3C4D")
    }

    @Test("VOLTHA's lower-case hex digits and a CPE's upper-case ones (and the reverse) are the same ONU")
    func hexCase() async throws {
        let topology = InventoryTopology(onus: [
            ("HWTC1a000001", PONPlacement(olt: "olt-1", pon: "0")),
            ("ALCLB0000002", PONPlacement(olt: "olt-1", pon: "1")),
        ])
        let placements = try await topology.placements(of: ["OUI-PC-HWTC1A000001", "OUI-PC-ALCLb0000002"])
        #expect(placements["OUI-PC-HWTC1A000001"] == PONPlacement(olt: "olt-1", pon: "0"))
        #expect(placements["OUI-PC-ALCLb0000002"] == PONPlacement(olt: "olt-1", pon: "1"))
    }

    @Test("an escaped serial part (a % in the id) is not guessed at")
    func escaped() async throws {
        let topology = InventoryTopology(onus: [("AB-C", PONPlacement(olt: "o", pon: "1"))])
        #expect(try await topology.placements(of: ["OUI-PC-AB%2DC"]).isEmpty)
    }
}

import Campaigns
import PONCampaigns
import Testing
@testable import VOLTHA

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

    static func entry(_ serial: String, olt: String, pon: UInt32, _ connect: ConnectStatus, _ oper: OperStatus)
        -> OnuInventoryEntry
    {
        OnuInventoryEntry(
            deviceID: "\(olt)-\(pon)-\(serial)",
            serialNumber: serial,
            vendorID: String(serial.prefix(4)),
            vendorSpecific: String(serial.dropFirst(4)),
            oltID: olt,
            oltSerialNumber: olt,
            ponInterface: pon,
            ponLabel: "pon-\(pon)",
            onuID: 1,
            adminState: .enabled,
            operStatus: oper,
            connectStatus: connect,
            reason: "",
            activeSoftware: "",
            standbySoftware: ""
        )
    }

    @Test(
        "a serial VOLTHA lists twice (an ONU moved, its old device left UNREACHABLE) is placed where it is in service"
    )
    func movedONU() async throws {
        let inventory = [
            Self.entry("HWTC00000001", olt: "olt-1", pon: 0, .unreachable, .discovered),  // left behind
            Self.entry("HWTC00000001", olt: "olt-2", pon: 3, .reachable, .active),  // where it is now
            Self.entry("HWTC00000002", olt: "olt-1", pon: 0, .reachable, .active),
            Self.entry("hwtc00000002", olt: "olt-2", pon: 1, .reachable, .active),  // two in service: unknown
            Self.entry("HWTC00000003", olt: "olt-1", pon: 2, .unreachable, .discovered),
        ]
        #expect(
            InventoryTopology.current(inventory).map(\.deviceID) == ["olt-2-3-HWTC00000001", "olt-1-2-HWTC00000003"]
        )
        let topology = InventoryTopology(inventory: inventory)
        let placements = try await topology.placements(of: ["OUI-PC-HWTC00000001", "OUI-PC-HWTC00000002"])
        #expect(placements == ["OUI-PC-HWTC00000001": PONPlacement(olt: "olt-2", pon: "3")])
        // In the other listing order, the same answer.
        let reversed = InventoryTopology(inventory: inventory.reversed())
        #expect(
            try await reversed.placements(of: ["OUI-PC-HWTC00000001"]).values.first
                == PONPlacement(olt: "olt-2", pon: "3")
        )
    }

    @Test("an escaped serial part (a % in the id) is not guessed at")
    func escaped() async throws {
        let topology = InventoryTopology(onus: [("AB-C", PONPlacement(olt: "o", pon: "1"))])
        #expect(try await topology.placements(of: ["OUI-PC-AB%2DC"]).isEmpty)
    }
}

import Testing

@testable import VOLTHA

@Suite("ONU inventory and discovery")
struct OnuInventoryTests {
    static let devices: [Device] = [
        Device(Samples.olt("olt-1", serial: "BBSIM_OLT_0")),
        Device(Samples.olt("olt-2", serial: "BBSIM_OLT_1")),
        Device(Samples.onu("onu-b", serial: "BBSM00000102", olt: "olt-1", pon: 1, onuID: 2)),
        Device(Samples.onu("onu-a", serial: "BBSM00000001", olt: "olt-1", pon: 0, onuID: 1)),
        Device(Samples.onu("onu-c", serial: "ALCLf0000001", olt: "olt-2", pon: 0, onuID: 1)),
    ]
    static let ports: [String: [DevicePort]] = [
        "olt-1": [DevicePort(Samples.ponPort(0)), DevicePort(Samples.ponPort(1))]
    ]

    @Test("joins each ONU to its OLT and PON port, sorted by OLT, PON and ONU id")
    func join() {
        let entries = OnuInventory.build(devices: Self.devices, oltPorts: Self.ports)
        #expect(entries.map(\.deviceID) == ["onu-a", "onu-b", "onu-c"])
        let first = entries[0]
        #expect(first.serialNumber == "BBSM00000001" && first.vendorID == "BBSM" && first.vendorSpecific == "00000001")
        #expect(first.oltID == "olt-1" && first.oltSerialNumber == "BBSIM_OLT_0")
        #expect(first.ponLabel == "pon-0" && first.ponInterface == 0 && first.onuID == 1)
        // The sample carries Device.images, which openonu never fills: the join does not read them.
        #expect(first.activeSoftware.isEmpty && first.standbySoftware.isEmpty)
        #expect(first.reason == "initial-mib-downloaded" && first.operStatus == .active)
        #expect(first.uniPortName() == "BBSM00000001-1")
        // olt-2's ports were not listed: the label falls back to pon-<interface>.
        #expect(entries[2].ponLabel == "pon-0" && entries[2].oltSerialNumber == "BBSIM_OLT_1")
    }

    @Test("filters by OLT")
    func byOLT() {
        let entries = OnuInventory.build(devices: Self.devices, oltPorts: Self.ports, oltID: "olt-2")
        #expect(entries.map(\.deviceID) == ["onu-c"])
    }

    @Test("discovered ONUs are those with no subscriber on any of their UNIs")
    func discovered() {
        let entries = OnuInventory.build(devices: Self.devices, oltPorts: Self.ports)
        let left = OnuInventory.discovered(entries, subscriberIDs: ["BBSM00000001-2", "BBSIM_OLT_0"])
        #expect(left.map(\.serialNumber) == ["BBSM00000102", "ALCLf0000001"])
    }
}

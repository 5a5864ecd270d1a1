import Testing
import VOLTHA

// One test at a time: each starts its own Python stand-in, and a dozen starting at once beside
// the rest of the suite starved them past their call deadline on a 2-core CI machine.
@Suite("VOLTHA contract: logical devices, adapters, device types, statistics, inventory", .serialized)
struct CatalogueContractTests {
    @Test("a logical device per OLT; its UNI ports are named <serial>-<n>", arguments: ContractTarget.realToo)
    func logicalDevices(_ kind: ContractTarget.Kind) async throws {
        try await ContractTarget.with(kind) { client in
            let logical = try await client.logicalDevices()
            for device in logical {
                #expect(device.onosDeviceID.hasPrefix("of:") && device.onosDeviceID.count == 19)
                let same = try await client.logicalDevice(id: device.id)
                #expect(same.rootDeviceID == device.rootDeviceID)
                let ports = try await client.logicalDevicePorts(id: device.id)
                #expect(ports.contains(where: \.isRootPort) || ports.isEmpty)
            }
            if kind == .standIn {
                let ports = try await client.logicalDevicePorts(id: try #require(logical.first).id)
                #expect(ports.contains { $0.name == "BBSM00000001-1" })
            }
            let error = await #expect(throws: VolthaError.self) {
                try await client.logicalDevice(id: "no-such-logical-device")
            }
            #expect(error?.kind == .notFound)
        }
    }

    @Test("adapters and device types", arguments: ContractTarget.realToo)
    func adaptersAndTypes(_ kind: ContractTarget.Kind) async throws {
        try await ContractTarget.with(kind) { client in
            let adapters = try await client.adapters()
            let types = try await client.deviceTypes()
            if kind == .standIn {
                #expect(Set(adapters.map(\.id)) == ["openolt_1", "brcm_openomci_onu_1"])
                let onu = try #require(types.first { $0.id == "brcm_openomci_onu" })
                #expect(onu.vendorIDs.contains("BBSM") && onu.vendorIDs.contains("ALCL"))
            }
        }
    }

    @Test("PON, NNI and ONU statistics through GetExtValue")
    func statistics() async throws {
        try await ContractTarget.with(.standIn) { client in
            let devices = try await client.devices()
            let olt = try #require(devices.first { $0.isRoot })
            let pon = try await client.statistics(.ponPort(oltID: olt.id, label: "pon-0"))
            #expect(pon.request.targetID == olt.id)
            #expect(pon.counters.contains { $0.name.hasPrefix("portStatistics.") })
            let nni = try await client.statistics(.nniPort(oltID: olt.id, label: "nni-0"))
            #expect(!nni.counters.isEmpty)
            let onu = try #require(devices.first { $0.serialNumber == "BBSM00000001" })
            let counters = try await client.statistics(.onuPon(oltID: olt.id, ponInterface: 0, onuID: 1))
            #expect(!counters.counters.isEmpty)
            let optical = try await client.statistics(.onuOptical(onuDeviceID: onu.id))
            #expect(optical["receivedOpticalPower"] != nil)
        }
    }

    @Test("statistics errors: inside the reply (bad port, unknown ONU) and NOT_FOUND for an unknown target")
    func statisticsErrors() async throws {
        try await ContractTarget.with(.standIn) { client in
            let olt = try #require(try await client.devices().first { $0.isRoot })
            let badPort = await #expect(throws: VolthaError.self) {
                try await client.statistics(.ponPort(oltID: olt.id, label: "nni-0"))
            }
            #expect(badPort?.kind == .extensionFailed)
            #expect(badPort?.message.contains("INVALID_PORT_TYPE") == true)
            let unknownONU = await #expect(throws: VolthaError.self) {
                try await client.statistics(.onuPon(oltID: olt.id, ponInterface: 0, onuID: 200))
            }
            #expect(unknownONU?.message.contains("INVALID_DEVICE") == true)
            let target = await #expect(throws: VolthaError.self) {
                try await client.statistics(.ponPort(oltID: "no-such-olt", label: "pon-0"))
            }
            #expect(target?.kind == .notFound)
        }
    }

    @Test("the inventory joins 2 PONs x 4 ONUs to their OLT; an unknown OLT is named in the error")
    func inventory() async throws {
        try await ContractTarget.with(.standIn) { client in
            let all = try await client.onuInventory()
            #expect(all.count == 8)
            #expect(all.map(\.ponLabel) == ["pon-0", "pon-0", "pon-0", "pon-0", "pon-1", "pon-1", "pon-1", "pon-1"])
            let first = try #require(all.first)
            #expect(first.serialNumber == "BBSM00000001" && first.oltSerialNumber == "BBSIM_OLT_0" && first.onuID == 1)
            #expect(first.vendorID == "BBSM" && first.vendorSpecific == "00000001")
            // VOLTHA's device list has no ONU software versions; GetOnuImages gives them.
            #expect(all.allSatisfy { $0.activeSoftware.isEmpty && $0.standbySoftware.isEmpty })
            let software = await client.onuSoftware(all)
            #expect(software.failures.isEmpty, "\(software.failures)")
            #expect(
                software.versions[first.deviceID] == OnuSoftware(active: "BBSM_IMG_00001", standby: "BBSM_IMG_00002")
            )
            #expect(software.versions.count == 8)
            let byOLT = try await client.onuInventory(olt: "BBSIM_OLT_0")
            #expect(byOLT.count == 8)
            let error = await #expect(throws: VolthaError.self) { try await client.onuInventory(olt: "OLT_NOPE") }
            #expect(error?.message.hasPrefix("no OLT OLT_NOPE") == true)
        }
    }
}

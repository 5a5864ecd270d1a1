import Testing
import VOLTHA

/// The NBI contract for devices: what VOLTHA answers and how each error reads
/// (`voltha-go:rw_core/core/device/manager_nbi.go`, `agent.go`).
// One test at a time: each starts its own Python stand-in, and a dozen starting at once beside
// the rest of the suite starved them past their call deadline on a 2-core CI machine.
@Suite("VOLTHA contract: health, devices, ports, state changes", .serialized)
struct DeviceContractTests {
    @Test(
        "a real VOLTHA is checked when VOLTHA_ADDRESS is set",
        .enabled(
            if: ContractTarget.realAddress != nil,
            "VOLTHA_ADDRESS is not set: the contract ran against voltha-standin only"
        )
    )
    func realTarget() async throws {
        let health = try await ContractTarget.with(.real) { await $0.health() }
        #expect(health.name == "ready")
    }

    @Test("GetVoltha answers: ready, with the core's JSON version text", arguments: ContractTarget.realToo)
    func ready(_ kind: ContractTarget.Kind) async throws {
        let health = try await ContractTarget.with(kind) { await $0.health() }
        guard case .ready(let version) = health else {
            Issue.record("expected ready, got \(health)")
            return
        }
        #expect(version.hasPrefix("{"))
    }

    @Test("a core that is not ready is degraded, and every call says so")
    func degraded() async throws {
        try await ContractTarget.with(.standIn, scenario: "core: {ready: false}\n") { client in
            #expect(await client.health().name == "degraded")
            let error = await #expect(throws: VolthaError.self) { try await client.devices() }
            #expect(error?.kind == .notReady)
            #expect(error?.message.contains("VOLTHA core not ready") == true)
        }
    }

    @Test("ONUs are children of their OLT, with proxy address and PON port", arguments: ContractTarget.realToo)
    func devicesAndPorts(_ kind: ContractTarget.Kind) async throws {
        try await ContractTarget.with(kind) { client in
            let devices = try await client.devices()
            let olts = Set(devices.filter(\.isRoot).map(\.id))
            for onu in devices where !onu.isRoot {
                #expect(olts.contains(onu.parentID), "ONU \(onu.id) has parent \(onu.parentID)")
                #expect(onu.proxyAddress?.deviceID == onu.parentID)
            }
            if kind == .standIn { #expect(olts.count == 1 && devices.count == 9) }
            for olt in olts {
                let ports = try await client.ports(deviceID: olt)
                for port in ports where port.type == .ponOLT { #expect(port.label.hasPrefix("pon-")) }
                for port in ports where port.type == .ethernetNNI { #expect(port.label.hasPrefix("nni-")) }
            }
        }
    }

    @Test("an unknown id is NOT_FOUND: \"no device …\"", arguments: ContractTarget.realToo)
    func unknownDevice(_ kind: ContractTarget.Kind) async throws {
        try await ContractTarget.with(kind) { client in
            let id = "ferrule-contract-no-such-device"
            for operation in [
                { _ = try await client.device(id: id) }, { try await client.enable(deviceID: id) },
                { try await client.disable(deviceID: id) }, { try await client.reboot(deviceID: id) },
                { try await client.delete(deviceID: id) }, { _ = try await client.ports(deviceID: id) },
            ] as [@Sendable () async throws -> Void] {
                let error = await #expect(throws: VolthaError.self) { try await operation() }
                #expect(error?.kind == .notFound)
                #expect(error?.message == "no device \(id)")
            }
            let long = String(repeating: "A", count: 17_000)
            let error = await #expect(throws: VolthaError.self) { _ = try await client.device(id: long) }
            #expect(error?.kind == .notFound, "an id too long for any device is not found, not VOLTHA unreachable")
            #expect(error?.message.contains("17000 bytes") == true, "\(String(describing: error?.message))")
        }
    }

    @Test("an ONU is found by serial number; an empty id for GetOnuImages is INVALID_ARGUMENT")
    func serialAndImages() async throws {
        try await ContractTarget.with(.standIn) { client in
            let onu = try await client.device(idOrSerial: "BBSM00000001")
            #expect(!onu.isRoot && onu.reason == "omci-flows-pushed")
            let error = await #expect(throws: VolthaError.self) { try await client.onuImages(deviceID: "") }
            #expect(error?.kind == .invalidArgument)
        }
    }

    @Test("enabling an enabled device is FAILED_PRECONDITION: already enabled")
    func alreadyEnabled() async throws {
        try await ContractTarget.with(.standIn) { client in
            let onu = try await client.device(idOrSerial: "BBSM00000002")
            let error = await #expect(throws: VolthaError.self) { try await client.enable(deviceID: onu.id) }
            #expect(error?.kind == .alreadyEnabled)
            #expect(error?.message == "device \(onu.id) is already enabled")
        }
    }

    @Test("disable locks an ONU (omci-admin-lock); enable brings it back")
    func disableEnableONU() async throws {
        try await ContractTarget.with(.standIn) { client in
            let onu = try await client.device(idOrSerial: "BBSM00000003")
            try await client.disable(deviceID: onu.id)
            let disabled = try await client.device(id: onu.id)
            #expect(disabled.adminState == .disabled && disabled.reason == "omci-admin-lock")
            try await client.enable(deviceID: onu.id)
            let enabled = try await client.device(id: onu.id)
            #expect(enabled.adminState == .enabled && enabled.operStatus == .active)
        }
    }

    @Test("enabling a disabled OLT activates it and its ONUs appear as children")
    func enableOLT() async throws {
        let scenario = ContractTarget.instant + "olts: [{state: disabled, pon_ports: 1, onus_per_pon: 3}]\n"
        try await ContractTarget.with(.standIn, scenario: scenario) { client in
            let olt = try #require(try await client.devices().first { $0.isRoot })
            #expect(olt.adminState == .disabled)
            try await client.enable(deviceID: olt.id)
            let devices = try await client.devices()
            #expect(devices.first(where: \.isRoot)?.operStatus == .active)
            var children = 0
            for device in devices where !device.isRoot {
                children += 1
                #expect(
                    device.parentID == olt.id && device.operStatus == .active && device.serialNumber.hasPrefix("BBSM")
                )
            }
            #expect(children == 3)
        }
    }

    @Test("rebooting an ONU whose OLT is disabled is refused with a clear reason")
    func rebootRefused() async throws {
        try await ContractTarget.with(.standIn) { client in
            let devices = try await client.devices()
            let olt = try #require(devices.first { $0.isRoot })
            let onu = try #require(devices.first { !$0.isRoot })
            try await client.disable(deviceID: olt.id)
            let error = await #expect(throws: VolthaError.self) { try await client.reboot(deviceID: onu.id) }
            #expect(error?.kind == .failedPrecondition)
        }
    }

    @Test("deleting an OLT deletes its ONUs and its logical device")
    func deleteOLT() async throws {
        try await ContractTarget.with(.standIn) { client in
            let olt = try #require(try await client.devices().first { $0.isRoot })
            #expect(try await client.logicalDevices().count == 1)
            try await client.delete(deviceID: olt.id)
            #expect(try await client.devices().isEmpty)
            #expect(try await client.logicalDevices().isEmpty)
        }
    }
}

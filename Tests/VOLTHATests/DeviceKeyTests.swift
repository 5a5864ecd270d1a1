import GRPCCore
import SwiftProtobuf
import Testing
import VOLTHAMessages

@testable import VOLTHA

/// How a device id or serial the user typed becomes one device: a blank key names nothing (VOLTHA
/// answers NOT_FOUND for an empty id, `voltha-go:rw_core/core/device/manager.go:211-216`, and an
/// OLT made by CreateDevice has an empty serial until its adapter connects,
/// `voltha-openolt-adapter:internal/pkg/core/device_handler.go:1381-1420`), and a serial several
/// devices carry is an error naming them, never the first of them.
@Suite("VOLTHA client: device ids and serials")
struct DeviceKeyTests {
    /// A VOLTHA with a connected OLT, an OLT created but not yet connected (empty serial) and one ONU.
    static func fake(extra: [Device_Device] = []) -> FakeVoltha {
        var fake = FakeVoltha()
        fake.on(Voltha_VolthaService.Method.GetDevice.descriptor) { (id: Common_ID) -> Device_Device in
            throw RPCError(code: .notFound, message: id.id)
        }
        fake.on(Voltha_VolthaService.Method.ListDevices.descriptor) { (_: Google_Protobuf_Empty) in
            var devices = Device_Devices()
            devices.items =
                [Samples.olt(), Samples.olt("olt-new", serial: ""), Samples.onu("onu-1", serial: "BBSM00000001")]
                + extra
            return devices
        }
        fake.on(Voltha_VolthaService.Method.ListDevicePorts.descriptor) { (id: Common_ID) in
            var ports = Device_Ports()
            ports.items = [Samples.ponPort(0, device: id.id)]
            return ports
        }
        return fake
    }

    @Test(
        "a blank id or serial is refused before any call and never finds the OLT without a serial",
        arguments: ["", " ", "\t\n"]
    )
    func blank(_ key: String) async throws {
        let error = await #expect(throws: VolthaError.self) {
            try await Self.fake().withClient { try await $0.device(idOrSerial: key) }
        }
        #expect(error?.kind == .invalidInput)
        #expect(
            error?.message.contains("a device id or serial number is needed") == true,
            "\(String(describing: error))"
        )
        let inventory = await #expect(throws: VolthaError.self) {
            try await Self.fake().withClient { try await $0.onuInventory(olt: key) }
        }
        #expect(inventory?.kind == .invalidInput)
        #expect(VolthaClient.bySerial([Device(Samples.olt("olt-new", serial: ""))], key).isEmpty)
    }

    @Test("a serial several devices carry is an error naming each of them")
    func ambiguousDevice() async throws {
        let twin = Samples.onu("onu-2", serial: "BBSM00000001", pon: 1)
        let error = await #expect(throws: VolthaError.self) {
            try await Self.fake(extra: [twin]).withClient { try await $0.device(idOrSerial: "BBSM00000001") }
        }
        #expect(error?.kind == .invalidInput)
        #expect(
            error?.message
                == "serial BBSM00000001 matches 2 devices (onu-1, onu-2); name one by its device id"
        )
    }

    @Test("onus --olt SERIAL: several OLTs with that serial are an error naming them, not the first one's ONUs")
    func ambiguousOLT() async throws {
        let error = await #expect(throws: VolthaError.self) {
            try await Self.fake(extra: [Samples.olt("olt-2")]).withClient {
                try await $0.onuInventory(olt: "BBSIM_OLT_0")
            }
        }
        #expect(error?.kind == .invalidInput)
        #expect(error?.message.contains("matches 2 devices (olt-1, olt-2)") == true, "\(String(describing: error))")
        // By id, the same OLTs are told apart.
        let onus = try await Self.fake(extra: [Samples.olt("olt-2")]).withClient {
            try await $0.onuInventory(olt: "olt-1")
        }
        #expect(onus.map(\.deviceID) == ["onu-1"])
        let missing = await #expect(throws: VolthaError.self) {
            try await Self.fake().withClient { try await $0.onuInventory(olt: "OLT_NOPE") }
        }
        #expect(missing?.kind == .notFound && missing?.message.hasPrefix("no OLT OLT_NOPE") == true)
    }

    @Test("provisioning refuses a blank OLT as a value error, before reading anything")
    func provisionBlankOLT() throws {
        let service = SubscriberService(
            serviceName: "hsia",
            cTag: 900,
            sTag: 100,
            uniTagMatch: 0,
            technologyProfileID: 64,
            upstreamBandwidthProfile: "up",
            downstreamBandwidthProfile: "down",
            isDhcpRequired: true
        )
        let request = ProvisionRequest(olt: "", ponInterface: 0, onuSerial: "BBSM00000001", service: service)
        let error = #expect(throws: VolthaError.self) { try request.checkValues() }
        #expect(error?.kind == .invalidInput && error?.message.contains("an OLT id or serial number") == true)
    }
}

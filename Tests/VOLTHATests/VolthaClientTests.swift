import FerruleTestSupport
import GRPCCore
import SwiftProtobuf
import Testing
import VOLTHAMessages

@testable import VOLTHA

/// The typed API over an in-process server: conversions, and every gRPC status VOLTHA uses
/// mapped to the error an operator reads (`voltha-go:rw_core/core/device/manager_nbi.go`, `agent.go`).
@Suite("VOLTHA client: typed API and status mapping")
struct VolthaClientTests {
    @Test("ListDevices becomes Devices with states, proxy address and images")
    func listDevices() async throws {
        var fake = FakeVoltha()
        fake.on(Voltha_VolthaService.Method.ListDevices.descriptor) { (_: Google_Protobuf_Empty) in
            var devices = Device_Devices()
            devices.items = [Samples.olt(), Samples.onu("onu-1", serial: "BBSM00000001", pon: 2, onuID: 5)]
            return devices
        }
        let devices = try await fake.withClient { try await $0.devices() }
        #expect(devices.count == 2)
        let olt = try #require(devices.first)
        #expect(olt.isRoot && olt.hostAndPort == "10.0.0.5:50060" && olt.operStatus == .active)
        let onu = try #require(devices.last)
        #expect(onu.parentID == "olt-1")
        #expect(onu.proxyAddress == ProxyAddress(deviceID: "olt-1", channelID: 2, onuID: 5))
        #expect(onu.adminState.description == "ENABLED" && onu.connectStatus.description == "REACHABLE")
        #expect(onu.images.first?.version == "V1.0.7" && onu.images.first?.isActive == true)
    }

    @Test("NOT_FOUND reads \"no device onu-123\"")
    func notFound() async throws {
        var fake = FakeVoltha()
        fake.on(Voltha_VolthaService.Method.GetDevice.descriptor) { (id: Common_ID) -> Device_Device in
            throw RPCError(code: .notFound, message: id.id)
        }
        let error = await #expect(throws: VolthaError.self) {
            try await fake.withClient { try await $0.device(id: "onu-123") }
        }
        #expect(error?.kind == .notFound)
        #expect(error?.description == "fake-voltha:55555: no device onu-123 (GetDevice: NOT_FOUND \"onu-123\")")
    }

    @Test("NOT_FOUND for the ONU's parent agent names the missing OLT, not the ONU just fetched")
    func parentAgentMissing() async throws {
        var fake = FakeVoltha()
        fake.on(Voltha_VolthaService.Method.RebootDevice.descriptor) { (id: Common_ID) -> Google_Protobuf_Empty in
            // voltha-go rw_core/core/device/manager_nbi.go:111-112
            throw RPCError(code: .notFound, message: "device agent for parent id olt-gone for child \(id.id)")
        }
        let error = await #expect(throws: VolthaError.self) {
            try await fake.withClient { try await $0.reboot(deviceID: "onu-1") }
        }
        #expect(error?.kind == .notFound)
        #expect(error?.message.hasPrefix("device onu-1: VOLTHA has no agent for its parent OLT olt-gone") == true)
        #expect(error?.message.contains("ferrule voltha device olt-gone") == true)
        #expect(error?.message.contains("no device onu-1") == false)
    }

    @Test(
        "a TLS handshake failure names TLS and what to check",
        arguments: [
            (
                "handshakeFailed(NIOSSL.BoringSSLError.sslError([Error: 268435703 error:100000f7:SSL routines:"
                    + "OPENSSL_internal:WRONG_VERSION_NUMBER at tls_record.cc:127]))",
                "does not speak TLS on that port"
            ),
            (
                "handshakeFailed(NIOSSL.BoringSSLError.sslError([Error: 268435581 error:1000007d:SSL routines:"
                    + "OPENSSL_internal:CERTIFICATE_VERIFY_FAILED at handshake.cc:320]))",
                "--voltha-ca FILE"
            ),
            (
                "NIOSSLExtraError.failedToValidateHostname: Couldn't find <none> in certificate from peer",
                "does not name"
            ),
            (
                "handshakeFailed(NIOSSL.BoringSSLError.sslError([Error: 1 error:1:SSL routines:"
                    + "OPENSSL_internal:TLSV1_ALERT_PROTOCOL_VERSION at x.cc:1]))",
                "(TLSV1_ALERT_PROTOCOL_VERSION)"
            ),
        ]
    )
    func tlsAdvice(_ text: String, _ phrase: String) {
        let advice = VolthaError.tlsAdvice(text)
        #expect(advice.hasPrefix("TLS handshake with VOLTHA failed") && advice.contains(phrase), "\(advice)")
    }

    @Test("keepalive pings only while a call is open, at most every 6 min (grpc-go's default enforcement: 5 min)")
    func keepalive() throws {
        let configuration = try VolthaConfiguration(address: "voltha-api:55555")
        let policy = try #require(VolthaConfiguration.keepalivePolicy(configuration.keepalive))
        #expect(policy.allowWithoutCalls == false)
        #expect(policy.time >= .seconds(300))
        // A shorter interval asked for is raised: pings sooner would be strikes.
        #expect(VolthaConfiguration.keepalivePolicy(.seconds(60))?.time == .seconds(360))
        #expect(VolthaConfiguration.keepalivePolicy(nil) == nil)
    }

    @Test("an IP address literal is connected to as an address, so TLS sends no address as its server name")
    func addressTargets() {
        func kind(_ host: String) -> String { String(reflecting: type(of: volthaTarget(host: host, port: 55555))) }
        #expect(kind("10.0.0.5").hasSuffix("ResolvableTargets.IPv4"))
        #expect(kind("::1").hasSuffix("ResolvableTargets.IPv6"))
        #expect(kind("voltha-api").hasSuffix("ResolvableTargets.DNS"))
        #expect(kind("10.0.0.500").hasSuffix("ResolvableTargets.DNS"))
    }

    @Test("a serial number finds the ONU when the id does not", arguments: ["BBSM00000001", "onu-1"])
    func bySerial(_ key: String) async throws {
        var fake = FakeVoltha()
        fake.on(Voltha_VolthaService.Method.GetDevice.descriptor) { (id: Common_ID) -> Device_Device in
            guard id.id == "onu-1" else { throw RPCError(code: .notFound, message: id.id) }
            return Samples.onu("onu-1", serial: "BBSM00000001")
        }
        fake.on(Voltha_VolthaService.Method.ListDevices.descriptor) { (_: Google_Protobuf_Empty) in
            var devices = Device_Devices()
            devices.items = [Samples.olt(), Samples.onu("onu-1", serial: "BBSM00000001")]
            return devices
        }
        let device = try await fake.withClient { try await $0.device(idOrSerial: key) }
        #expect(device.id == "onu-1")
        let missing = await #expect(throws: VolthaError.self) {
            try await fake.withClient { try await $0.device(idOrSerial: "ALCL99999999") }
        }
        #expect(missing?.kind == .notFound)
        #expect(missing?.message.contains("no device ALCL99999999") == true)
    }

    @Test(
        "the serial on the ONU's label finds the ONU VOLTHA lists with lower-case hex",
        arguments: ["ALCL78DE45B1", "ALCL78de45b1", "alcl78de45b1"]
    )
    func bySerialCase(_ key: String) async throws {
        var fake = FakeVoltha()
        fake.on(Voltha_VolthaService.Method.GetDevice.descriptor) { (id: Common_ID) -> Device_Device in
            throw RPCError(code: .notFound, message: id.id)
        }
        fake.on(Voltha_VolthaService.Method.ListDevices.descriptor) { (_: Google_Protobuf_Empty) in
            var devices = Device_Devices()
            // voltha-openolt-adapter device_handler.go:2256-2270: the vendor-specific part in `%x`.
            devices.items = [
                Samples.olt(), Samples.onu("onu-1", serial: "ALCL78de45b1"),
                Samples.onu("onu-2", serial: "ALCL78de45b2"),
            ]
            return devices
        }
        let device = try await fake.withClient { try await $0.device(idOrSerial: key) }
        #expect(device.id == "onu-1" && device.serialNumber == "ALCL78de45b1")
    }

    @Test(
        "FAILED_PRECONDITION texts become already-enabled, already-disabled or a state conflict",
        arguments: [
            ("cannot-enable-an-already-enabled-device: onu-1", VolthaError.Kind.alreadyEnabled, "is already enabled"),
            ("device-already-enabled: onu-1", .alreadyEnabled, "is already enabled"),
            ("device-already-disabled: onu-1", .alreadyDisabled, "is already disabled"),
            (
                "cannot complete operation as parent device :olt-1 is in operstatus:ACTIVE ,connect-status:UNREACHABLE",
                .failedPrecondition, "its OLT is not reachable"
            ),
            ("deviceId:onu-1, invalid-admin-state:PREPROVISIONED", .failedPrecondition, "not in a state"),
        ]
    )
    func preconditions(_ text: String, _ kind: VolthaError.Kind, _ phrase: String) async throws {
        var fake = FakeVoltha()
        fake.on(Voltha_VolthaService.Method.EnableDevice.descriptor) { (_: Common_ID) -> Google_Protobuf_Empty in
            throw RPCError(code: .failedPrecondition, message: text)
        }
        let error = await #expect(throws: VolthaError.self) {
            try await fake.withClient { try await $0.enable(deviceID: "onu-1") }
        }
        #expect(error?.kind == kind)
        #expect(error?.message.contains(phrase) == true)
        #expect(error?.message.contains("device onu-1") == true)
    }

    @Test("UNAVAILABLE \"system is not ready\" is a degraded core, not an unreachable one")
    func notReady() async throws {
        var fake = FakeVoltha()
        fake.on(Voltha_VolthaService.Method.GetVoltha.descriptor) { (_: Google_Protobuf_Empty) -> Voltha_Voltha in
            throw RPCError(code: .unavailable, message: "system is not ready")
        }
        fake.on(Voltha_VolthaService.Method.ListAdapters.descriptor) { (_: Google_Protobuf_Empty) -> Adapter_Adapters in
            throw RPCError(code: .unavailable, message: "system is not ready")
        }
        let health = await (try? fake.withClient { await $0.health() })
        guard case .degraded(let reason)? = health else {
            Issue.record("expected degraded, got \(String(describing: health))")
            return
        }
        #expect(reason.contains("VOLTHA core not ready"))
        let error = await #expect(throws: VolthaError.self) { try await fake.withClient { try await $0.adapters() } }
        #expect(error?.kind == .notReady)
    }

    @Test("GetVoltha's version text makes the core ready")
    func ready() async throws {
        var fake = FakeVoltha()
        fake.on(Voltha_VolthaService.Method.GetVoltha.descriptor) { (_: Google_Protobuf_Empty) in
            var voltha = Voltha_Voltha()
            voltha.version = #"{"version":"3.7.13"}"#
            return voltha
        }
        let health = try await fake.withClient { await $0.health() }
        #expect(health == .ready(version: #"{"version":"3.7.13"}"#))
    }

    @Test("nothing listening is down, reported at once rather than at the deadline, its reason without the address")
    func down() async throws {
        // A deadline far beyond any scheduling delay of a loaded machine: "at once" is well before it.
        let configuration = try VolthaConfiguration(address: "127.0.0.1:1", callTimeout: .seconds(3600))
        let started = ContinuousClock.now
        let health = try await withVolthaClient(configuration) { await $0.health() }
        guard case .down(let reason) = health else {
            Issue.record("expected down, got \(health)")
            return
        }
        #expect(reason.contains("unreachable"), "\(reason)")
        #expect(!reason.contains("127.0.0.1:1"), "the address is the caller's to show: \(reason)")
        #expect(ContinuousClock.now - started < .seconds(1800))
    }

    @Test("a peer that accepts the connection and never answers: health is down at the deadline, and the client closes")
    func silentPeer() async throws {
        let listener = try SilentListener(accepting: true)
        let configuration = try VolthaConfiguration(address: "127.0.0.1:\(listener.port)", callTimeout: .seconds(2))
        // Raced against 120 s (generous for a loaded machine; alone it takes about 4 s): a client
        // that waits for a close that never comes loses the race instead of hanging the run.
        let health = try await withThrowingTaskGroup(of: VolthaHealth?.self) { group in
            group.addTask { try await withVolthaClient(configuration) { await $0.health() } }
            group.addTask {
                try await Task.sleep(for: .seconds(120))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard case .down? = health else {
            Issue.record("expected down within 120 s, got \(String(describing: health))")
            return
        }
    }

    @Test("VOLTHA's plain \"unimplemented\" (UNKNOWN) and UNIMPLEMENTED both read as unimplemented")
    func unimplemented() async throws {
        var fake = FakeVoltha()
        fake.on(Voltha_VolthaService.Method.ListDeviceTypes.descriptor) {
            (_: Google_Protobuf_Empty) -> Device_DeviceTypes in
            throw RPCError(code: .unknown, message: "unimplemented")
        }
        let plain = await #expect(throws: VolthaError.self) { try await fake.withClient { try await $0.deviceTypes() } }
        #expect(plain?.kind == .unimplemented)
        // Not registered at all: grpc answers UNIMPLEMENTED.
        let missing = await #expect(throws: VolthaError.self) { try await fake.withClient { try await $0.adapters() } }
        #expect(missing?.kind == .unimplemented)
        #expect(missing?.message.contains("ListAdapters") == true)
    }

    @Test("a call past its deadline is timed-out")
    func deadline() async throws {
        var fake = FakeVoltha()
        fake.on(Voltha_VolthaService.Method.ListAdapters.descriptor) {
            (_: Google_Protobuf_Empty) -> Adapter_Adapters in
            // Holds the call until the client's deadline cancels it.
            try await Task.sleep(for: .seconds(60))
            return Adapter_Adapters()
        }
        let error = await #expect(throws: VolthaError.self) {
            try await fake.withClient(callTimeout: .milliseconds(200)) { try await $0.adapters() }
        }
        #expect(error?.kind == .timedOut)
        #expect(
            error?.message == "ListAdapters took longer than the deadline of 200 ms",
            "\(String(describing: error))"
        )
    }

    @Test("Extension status ERROR inside a successful reply is an error with its reason")
    func extensionError() async throws {
        var fake = FakeVoltha()
        fake.on(Extension_Extension.Method.GetExtValue.descriptor) {
            (request: Extension_SingleGetValueRequest) -> Extension_SingleGetValueResponse in
            var reply = Extension_SingleGetValueResponse()
            reply.response.status = .error
            reply.response.errReason = .invalidDeviceID
            return reply
        }
        let error = await #expect(throws: VolthaError.self) {
            try await fake.withClient { try await $0.statistics(.ponPort(oltID: "olt-9", label: "pon-0")) }
        }
        #expect(error?.kind == .extensionFailed)
        #expect(error?.message == "oltPonStats for device olt-9 failed: VOLTHA reported INVALID_DEVICE_ID")
    }

    @Test("PON statistics arrive as named counters, 64-bit values exact")
    func ponStatistics() async throws {
        var fake = FakeVoltha()
        fake.on(Extension_Extension.Method.GetExtValue.descriptor) {
            (request: Extension_SingleGetValueRequest) -> Extension_SingleGetValueResponse in
            var reply = Extension_SingleGetValueResponse()
            guard request.targetID == "olt-1", request.request.oltPonStats.portLabel == "pon-3" else { return reply }
            reply.response.status = .ok
            var stats = Extension_GetPonStatsResponse()
            stats.ponPort = 3
            stats.portStatistics.rxBytes = 18_446_744_073_709_551_615
            reply.response.oltPonStatsResponse = stats
            return reply
        }
        let stats = try await fake.withClient { try await $0.statistics(.ponPort(oltID: "olt-1", label: "pon-3")) }
        #expect(stats["ponPort"] == "3")
        #expect(stats["portStatistics.rxBytes"] == "18446744073709551615")
        #expect(stats.counters.count == 2)  // zero counters are not encoded
    }
}

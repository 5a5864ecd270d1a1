import FerruleJSON
import FerruleTestSupport
import GenieACSStandIn
import HTTPTypes
import Testing
import VOLTHA

/// The DotMac VOLTHA routes against voltha-standin (the official voltha-protos over gRPC): one
/// OLT with 2 PONs × 4 ONUs by default.
@Suite("API VOLTHA routes", .enabled(if: PythonStandIn.available, "needs .venv-tools (Tools/setup-python-tools.sh)"))
struct APIVOLTHATests {
    @Test("devices, one device with its ports, statistics, adapters: DotMac's shapes from gRPC")
    func catalogue() async throws {
        let standIn = try await PythonStandIn.voltha()
        defer { standIn.stop() }
        var harness = try APITestHarness(devices: 1)
        harness.voltha = try VolthaConfiguration(address: standIn.firstLine, callTimeout: .seconds(60))
        try await harness.test { client in
            let list = try await client.send(APIRequest(path: "/api/v1/voltha/devices"))
            #expect(list.status == 200, "\(list.text)")
            let devices = list.json["devices"]?.arrayValue ?? []
            #expect(list.json["total"]?.intValue == devices.count)
            let olt = try #require(devices.first { $0["root"]?.boolValue == true })
            #expect(olt["serial_number"]?.stringValue == "BBSIM_OLT_0")
            #expect(olt["admin_state"]?.stringValue == "ENABLED")
            let oltID = try #require(olt["id"]?.stringValue)
            let detail = try await client.send(APIRequest(path: "/api/v1/voltha/devices/\(oltID)"))
            #expect(detail.json["device"]?["id"]?.stringValue == oltID)
            #expect((detail.json["ports"]?.arrayValue ?? []).contains { $0["type"]?.stringValue == "PON_OLT" })
            let missing = try await client.send(APIRequest(path: "/api/v1/voltha/devices/nope"))
            #expect(missing.status == 404)
            #expect(missing.detail == "Device nope not found")
            let stats = try await client.send(APIRequest(path: "/api/v1/voltha/statistics"))
            #expect(stats.json["total_olts"]?.intValue == 1)
            #expect(stats.json["total_onus"]?.intValue == devices.count - 1)
            let adapters = try await client.send(APIRequest(path: "/api/v1/voltha/adapters"))
            #expect(adapters.json.arrayValue?.isEmpty == false)
            let health = try await client.send(APIRequest(path: "/api/v1/voltha/health"))
            #expect(health.json["healthy"]?.boolValue == true)
            #expect(health.json["state"]?.stringValue == "HEALTHY")
            #expect(health.json["total_devices"]?.intValue == devices.count)
        }
    }

    @Test("an unreachable VOLTHA: health and a 502 say so without its address")
    func unreachableWithoutAddress() async throws {
        var harness = try APITestHarness(devices: 1)
        harness.voltha = try VolthaConfiguration(address: "127.0.0.1:1", callTimeout: .seconds(10))
        try await harness.test { client in
            let health = try await client.send(APIRequest(path: "/api/v1/voltha/health"))
            #expect(health.json["healthy"]?.boolValue == false, "\(health.text)")
            let devices = try await client.send(APIRequest(path: "/api/v1/voltha/devices"))
            #expect(devices.status == 502, "\(devices.text)")
            for answer in [health, devices] {
                #expect(!answer.text.contains("127.0.0.1"), "the address is not the client's business: \(answer.text)")
            }
        }
    }

    @Test("enable names the device in the body; an unknown device is 404, not success:false")
    func operations() async throws {
        let standIn = try await PythonStandIn.voltha()
        defer { standIn.stop() }
        var harness = try APITestHarness(devices: 1)
        harness.voltha = try VolthaConfiguration(address: standIn.firstLine, callTimeout: .seconds(60))
        try await harness.test { client in
            let unknown = try await client.send(
                APIRequest(method: .post, path: "/api/v1/voltha/devices/enable", body: #"{"device_id": "nope"}"#)
            )
            #expect(unknown.status == 404)
            let readOnly = try await client.send(
                APIRequest(
                    method: .post,
                    path: "/api/v1/voltha/devices/reboot",
                    permissions: "isp.network.pon.read",
                    body: #"{"device_id": "nope"}"#
                )
            )
            #expect(readOnly.status == 403)
            #expect(readOnly.detail == "Permission denied. Required: ['isp.network.pon.write']")
            let discover = try await client.send(APIRequest(path: "/api/v1/voltha/discover-onus"))
            #expect(discover.status == 200)
            #expect(discover.json["total"]?.intValue == discover.json["discovered"]?.arrayValue?.count)
        }
    }
}

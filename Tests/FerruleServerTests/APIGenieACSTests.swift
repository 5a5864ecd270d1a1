import FerruleCore
import FerruleJSON
import FerruleTestSupport
import Foundation
import GenieACS
import GenieACSStandIn
import HTTPTypes
import Testing

/// The DotMac GenieACS routes against an in-memory GenieACS 1.2.16, compared with DotMac's
/// response shapes field by field.
@Suite("API GenieACS routes")
struct APIGenieACSTests {
    @Test("the device list pages with skip and limit, total counts every device, fields as DotMac names them")
    func deviceList() async throws {
        let harness = try APITestHarness(devices: 5)
        let ids = harness.genieacs.deviceIDs()
        try await harness.test { client in
            let page = try await client.send(APIRequest(path: "/api/v1/genieacs/devices?skip=2&limit=2"))
            #expect(page.status == 200)
            #expect(page.json["total"]?.intValue == 5)
            #expect(page.json["skip"]?.intValue == 2)
            #expect(page.json["limit"]?.intValue == 2)
            let devices = page.json["devices"]?.arrayValue ?? []
            // DotMac sliced the page twice (skip ≥ limit was always empty); here skip 2 is devices 3 and 4.
            #expect(devices.compactMap { $0["_id"]?.stringValue } == Array(ids[2..<4]))
            let first = try #require(devices.first)
            for key in ["manufacturer", "product_class", "oui", "serial_number", "software_version", "last_inform"] {
                #expect(first[key]?.stringValue?.isEmpty == false, "\(key) is filled from the nested tree")
            }
            #expect(first["device_id"] == nil, "the id is under DotMac's alias _id")
            // The ISP prefix answers the same.
            let isp = try await client.send(APIRequest(path: "/api/isp/v1/genieacs/devices?skip=2&limit=2"))
            #expect(isp.json == page.json)
        }
    }

    @Test("one device: info keyed device_id, every parameter by its full path, tags from _tags")
    func device() async throws {
        let harness = try APITestHarness(devices: 2)
        let id = try #require(harness.genieacs.deviceIDs().first)
        try await harness.test { client in
            let device = try await client.send(APIRequest(path: "/api/v1/genieacs/devices/\(id)"))
            #expect(device.status == 200)
            #expect(device.json["device_id"]?.stringValue == id)
            #expect(device.json["device_info"]?["device_id"]?.stringValue == id)
            #expect(device.json["parameters"]?["InternetGatewayDevice.DeviceInfo.SoftwareVersion"] != nil)
            #expect(device.json["tags"]?.arrayValue != nil)
            let status = try await client.send(APIRequest(path: "/api/v1/genieacs/devices/\(id)/status"))
            #expect(status.json["device_id"]?.stringValue == id)
            #expect(status.json["online"]?.boolValue == true)
            let missing = try await client.send(APIRequest(path: "/api/v1/genieacs/devices/nope"))
            #expect(missing.status == 404)
            #expect(missing.detail == "Device nope not found")
        }
    }

    @Test("credentials never come back: secret parameters as ••••••, a URL's user:password@ hidden, in tasks too")
    func deviceSecretsMasked() async throws {
        let passphrase = "InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.KeyPassphrase"
        let url = "InternetGatewayDevice.ManagementServer.ConnectionRequestURL"
        // A device whose tree holds a passphrase and a ConnectionRequestURL with credentials.
        let tree = try String(contentsOfFile: "Fixtures/trees/genieacs-sim-tr098.csv", encoding: .utf8)
            .replacingOccurrences(of: passphrase + ",false,true,,", with: passphrase + ",false,true,KP-secret-1,")
            .replacingOccurrences(of: "http://100.72.14.201:7547/", with: "http://admin:CrPw-2@10.0.0.1:7547/")
        #expect(tree.contains("KP-secret-1") && tree.contains("CrPw-2"))
        let file = try Scratch.file("device.csv", Array(tree.utf8))
        var harness = try APITestHarness(devices: 1)
        var scenario = Scenario(devices: 1)
        scenario.fixtures = [Scenario.FixtureSource(.file(file))]
        scenario.onlineRatio = 1
        harness.genieacs = try InMemoryGenieACS(scenario: scenario) { Int64(APITestHarness.monday) }
        let id = try #require(harness.genieacs.deviceIDs().first)
        try await harness.test { client in
            let device = try await client.send(APIRequest(path: "/api/v1/genieacs/devices/\(id)"))
            #expect(device.status == 200)
            #expect(device.json["parameters"]?[passphrase]?.stringValue == "••••••")
            #expect(device.json["parameters"]?[url]?.stringValue == "http://<redacted>@10.0.0.1:7547/")
            #expect(
                device.json["device_info"]?["connection_request_url"]?.stringValue == "http://<redacted>@10.0.0.1:7547/"
            )
            #expect(!device.text.contains("KP-secret-1") && !device.text.contains("CrPw-2"), "\(device.text)")
            let set = try await client.send(
                APIRequest(
                    method: .post,
                    path: "/api/v1/genieacs/tasks/set-parameters",
                    body:
                        #"{"device_id": "\#(id)", "parameters": {"\#(passphrase)": "KP-secret-3", "InternetGatewayDevice.ManagementServer.ConnectionRequestPassword": 987654321}}"#
                )
            )
            #expect(set.status == 200)
            #expect(!set.text.contains("KP-secret-3") && !set.text.contains("987654321"), "\(set.text)")
        }
    }

    @Test("statistics count every device; health reports real device and fault counts")
    func statsAndHealth() async throws {
        try await APITestHarness(devices: 4).test { client in
            let stats = try await client.send(APIRequest(path: "/api/v1/genieacs/devices/stats/summary"))
            #expect(stats.status == 200)
            #expect(stats.json["total_devices"]?.intValue == 4)
            #expect(stats.json["online_devices"]?.intValue == 4)
            #expect(stats.json["offline_devices"]?.intValue == 0)
            #expect((stats.json["manufacturers"]?.objectMembers ?? []).reduce(0) { $0 + ($1.1.intValue ?? 0) } == 4)
            let health = try await client.send(APIRequest(path: "/api/v1/genieacs/health"))
            #expect(health.json["healthy"]?.boolValue == true)
            #expect(health.json["message"]?.stringValue == "GenieACS is operational")
            #expect(health.json["device_count"]?.intValue == 4)
            #expect(health.json["fault_count"]?.intValue == 0)
        }
    }

    @Test("a task is queued in GenieACS and its own _id is the task_id")
    func tasks() async throws {
        let harness = try APITestHarness(devices: 1)
        let id = try #require(harness.genieacs.deviceIDs().first)
        try await harness.test { client in
            let refresh = try await client.send(
                APIRequest(method: .post, path: "/api/v1/genieacs/tasks/refresh", body: #"{"device_id": "\#(id)"}"#)
            )
            #expect(refresh.status == 200)
            #expect(refresh.json["success"]?.boolValue == true)
            #expect(refresh.json["message"]?.stringValue == "Refresh task created for device \(id)")
            let taskID = try #require(refresh.json["task_id"]?.stringValue)
            #expect(taskID.count == 24)
            #expect(refresh.json["details"]?["name"]?.stringValue == "refreshObject")
            #expect(refresh.json["details"]?["objectName"]?.stringValue == "InternetGatewayDevice")
            let set = try await client.send(
                APIRequest(
                    method: .post,
                    path: "/api/v1/genieacs/tasks/set-parameters",
                    body:
                        #"{"device_id": "\#(id)", "parameters": {"InternetGatewayDevice.ManagementServer.PeriodicInformInterval": 600}}"#
                )
            )
            #expect(set.status == 200)
            let values = set.json["details"]?["parameterValues"]?.arrayValue?.first?.arrayValue
            #expect(values?.first?.stringValue == "InternetGatewayDevice.ManagementServer.PeriodicInformInterval")
            #expect(values?.dropFirst().first == .number("600"))
            let unknown = try await client.send(
                APIRequest(method: .post, path: "/api/v1/genieacs/tasks/reboot", body: #"{"device_id": "nope"}"#)
            )
            #expect(unknown.status == 404)
            #expect(unknown.detail == "Device nope not found")
        }
    }

    @Test("configure-cpe sets the WiFi through the rule engine and refuses fields it cannot apply")
    func configureCPE() async throws {
        let harness = try APITestHarness(devices: 1)
        let id = try #require(harness.genieacs.deviceIDs().first)
        try await harness.test { client in
            let wifi = try await client.send(
                APIRequest(
                    method: .post,
                    path: "/api/v1/genieacs/tasks/configure-cpe",
                    body: #"{"device_id": "\#(id)", "wifi": {"ssid": "Acme-$HOME", "password": "correct horse"}}"#
                )
            )
            #expect(wifi.status == 200)
            let values = wifi.json["details"]?["parameterValues"]?.arrayValue ?? []
            let ssid = values.first { $0.arrayValue?.first?.stringValue?.hasSuffix("WLANConfiguration.1.SSID") == true }
            #expect(ssid?.arrayValue?.dropFirst().first?.stringValue == "Acme-$HOME")
            let lan = try await client.send(
                APIRequest(
                    method: .post,
                    path: "/api/v1/genieacs/tasks/configure-cpe",
                    body: #"{"device_id": "\#(id)", "lan": {"ipv4_address": "192.168.1.1"}}"#
                )
            )
            #expect(lan.status == 422)
            #expect(lan.detail?.contains("lan.ipv4_address") == true)
        }
    }

    @Test("presets: create answers 201, a second create 409, PATCH merges, delete answers 204 then 404")
    func presets() async throws {
        try await APITestHarness(devices: 1).test { client in
            let create = try await client.send(
                APIRequest(
                    method: .post,
                    path: "/api/v1/genieacs/presets",
                    body: #"{"name": "inform", "channel": "default", "events": {"1 BOOT": true}, "configurations": []}"#
                )
            )
            #expect(create.status == 201)
            #expect(create.json["_id"]?.stringValue == "inform")
            #expect(create.json["name"]?.stringValue == "inform")
            #expect(create.json["events"]?["1 BOOT"]?.boolValue == true)
            let again = try await client.send(
                APIRequest(
                    method: .post,
                    path: "/api/v1/genieacs/presets",
                    body: #"{"name": "inform", "channel": "x"}"#
                )
            )
            #expect(again.status == 409)
            let patch = try await client.send(
                APIRequest(method: .patch, path: "/api/v1/genieacs/presets/inform", body: #"{"channel": "night"}"#)
            )
            #expect(patch.status == 200)
            #expect(patch.json["channel"]?.stringValue == "night")
            #expect(patch.json["events"]?["1 BOOT"]?.boolValue == true, "fields not in the PATCH are kept")
            let list = try await client.send(APIRequest(path: "/api/v1/genieacs/presets"))
            #expect(list.json.arrayValue?.count == 1)
            let delete = try await client.send(APIRequest(method: .delete, path: "/api/v1/genieacs/presets/inform"))
            #expect(delete.status == 204)
            let gone = try await client.send(APIRequest(method: .delete, path: "/api/v1/genieacs/presets/inform"))
            #expect(gone.status == 404)
            #expect(gone.detail == "Preset inform not found")
        }
    }

    /// A preset's configurations: the provision `wifi` with one argument.
    static func wifiConfigurations(_ argument: String) -> JSONValue {
        .array([
            .object([
                ("type", .string("provision")), ("name", .string("wifi")), ("args", .array([.string(argument)])),
            ])
        ])
    }

    @Test("a preset read with GET and sent back with PATCH keeps its deployed secret; unknown secrets are 422")
    func presetSecretRoundTrip() async throws {
        var configured = try APITestHarness(devices: 1)
        configured.secrets = ["acme": SecretStore(values: ["WIFI": "Wp-s3cret-123"])]
        let harness = configured
        let rule = """
            rules:
              - name: wifi
                actions:
                  - wifi: {band: 2.4GHz, ssid: Acme, passphrase: "${secret:WIFI}"}

            """
        let upload = JSONValue.object([("files", .object([("rules/wifi.yaml", .string(rule))]))]).compactText
        try await harness.test { client in
            let deployed = try await client.send(
                APIRequest(method: .post, path: "/api/v1/ferrule/rules/deploy", body: upload)
            )
            #expect(deployed.status == 200, "\(deployed.text)")
            let live = try #require(try await harness.genieacs.nbi.presets().first { $0["_id"]?.stringValue == "wifi" })
            #expect(live.compactText.contains("Wp-s3cret-123"), "deploy filled the secret in")
            let shown = try await client.send(APIRequest(path: "/api/v1/genieacs/presets/wifi"))
            #expect(shown.text.contains("${secret:WIFI}") && !shown.text.contains("Wp-s3cret-123"), "\(shown.text)")
            let configurations = try #require(shown.json["configurations"])
            let patch = JSONValue.object([
                ("configurations", configurations), ("precondition", .string("Tags.ftth IS NOT NULL")),
            ])
            let patched = try await client.send(
                APIRequest(method: .patch, path: "/api/v1/genieacs/presets/wifi", body: patch.compactText)
            )
            #expect(patched.status == 200, "\(patched.text)")
            let after = try #require(
                try await harness.genieacs.nbi.presets().first { $0["_id"]?.stringValue == "wifi" }
            )
            #expect(after.compactText.contains("Wp-s3cret-123"), "the secret is kept: \(after.compactText)")
            #expect(!after.compactText.contains("${secret:WIFI}\"]"), "no placeholder text as an argument")
            #expect(after["precondition"]?.stringValue == "Tags.ftth IS NOT NULL")
            let again = try await client.send(APIRequest(path: "/api/v1/genieacs/presets/wifi"))
            #expect(again.text.contains("${secret:WIFI}") && !again.text.contains("Wp-s3cret-123"), "\(again.text)")

            let unknown = JSONValue.object([("configurations", Self.wifiConfigurations("${secret:NOPE}"))])
            let refused = try await client.send(
                APIRequest(method: .patch, path: "/api/v1/genieacs/presets/wifi", body: unknown.compactText)
            )
            #expect(refused.status == 422, "\(refused.text)")
            #expect(refused.detail?.contains("${secret:NOPE}") == true, "\(refused.text)")
            let foreign = JSONValue.object([
                ("name", .string("plain")), ("channel", .string("default")),
                ("configurations", Self.wifiConfigurations("${secret:WIFI}")),
            ])
            let created = try await client.send(
                APIRequest(method: .post, path: "/api/v1/genieacs/presets", body: foreign.compactText)
            )
            #expect(created.status == 422, "a preset Ferrule did not deploy keeps no placeholder: \(created.text)")

            // Outside provision arguments a placeholder would be stored and shown as text.
            for (member, value) in [
                ("precondition", JSONValue.string("Tags.x = \"${secret:WIFI}\"")),
                ("channel", .string("${secret:WIFI}")),
                (
                    "configurations",
                    .array([.object([("type", .string("add_tag")), ("tag", .string("${secret:WIFI}"))])])
                ),
            ] {
                let before = try await harness.genieacs.nbi.presets().first { $0["_id"]?.stringValue == "wifi" }
                let outside = try await client.send(
                    APIRequest(
                        method: .patch,
                        path: "/api/v1/genieacs/presets/wifi",
                        body: JSONValue.object([(member, value)]).compactText
                    )
                )
                #expect(outside.status == 422, "\(member): \(outside.text)")
                #expect(outside.detail?.contains("stand only in provision arguments") == true, "\(outside.text)")
                let unchanged = try await harness.genieacs.nbi.presets().first { $0["_id"]?.stringValue == "wifi" }
                #expect(unchanged == before, "\(member): nothing was written")
            }
        }
    }
}

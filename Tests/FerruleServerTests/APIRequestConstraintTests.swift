import FerruleJSON
import FerruleServer
import Foundation
import GenieACSStandIn
import HTTPTypes
import Testing

/// The constraints openapi/ferrule.yaml states on requests, each checked where the server enforces
/// it: a value the document forbids gets 422 with a `detail` naming the field, and the boundary
/// value the document allows is accepted.
@Suite("API request constraints")
struct APIRequestConstraintTests {
    /// The request the document's `schema` (under `components.schemas`) describes, for reading
    /// bounds back from the served document.
    static func schema(_ name: String) throws -> JSONValue {
        try #require(try JSONValue.parse(FerruleAPI.documentJSON)["components"]?["schemas"]?[name])
    }

    static func post(_ path: String, _ body: String) -> APIRequest {
        APIRequest(method: .post, path: "/api/v1" + path, body: body)
    }

    @Test("skip: above 10,000,000 is 422 for devices, faults and campaign reports; 10,000,000 is a page")
    func skip() async throws {
        let harness = try APITestHarness(devices: 1)
        try await harness.test { client in
            for path in ["/genieacs/devices", "/genieacs/faults"] {
                let over = try await client.send(APIRequest(path: "/api/v1\(path)?skip=10000001"))
                #expect(over.status == 422, "\(path)")
                #expect(over.detail?.contains("skip") == true, "\(path)")
                let edge = try await client.send(APIRequest(path: "/api/v1\(path)?skip=10000000"))
                #expect(edge.status == 200, "\(path): \(edge.text)")
            }
            let devices = try await client.send(APIRequest(path: "/api/v1/genieacs/devices?skip=10000000"))
            #expect(devices.json["devices"]?.arrayValue?.isEmpty == true)
            let report = try await client.send(APIRequest(path: "/api/v1/ferrule/campaigns/none/report?skip=10000001"))
            #expect(report.status == 422)
            #expect(report.detail?.contains("skip") == true)
        }
    }

    @Test("alarm filters: severity and state are VOLTHA's names; anything else (or empty) is 422")
    func alarmFilters() async throws {
        var harness = try APITestHarness(devices: 1)
        harness.events = try APIVOLTHAEventTests.store()
        try await harness.test { client in
            for query in ["severity=", "severity=minor", "severity=LOUD", "state=", "state=active"] {
                let refused = try await client.send(APIRequest(path: "/api/v1/voltha/alarms?\(query)"))
                #expect(refused.status == 422, "\(query)")
                #expect(refused.detail?.isEmpty == false, "\(query)")
            }
            for query in ["severity=INDETERMINATE", "severity=CRITICAL", "state=RAISED", "state=CLEARED"] {
                let accepted = try await client.send(APIRequest(path: "/api/v1/voltha/alarms?\(query)"))
                #expect(accepted.status == 200, "\(query): \(accepted.text)")
            }
        }
    }

    @Test("rule uploads: no files, a file inside another file or an overlong path part are 422; 63 characters pass")
    func ruleFiles() async throws {
        let files = try Self.schema("RuleFiles")
        #expect(files["minProperties"]?.intValue == 1)
        #expect(files["maxProperties"]?.intValue == 2000)
        let harness = try APITestHarness(devices: 1)
        try await harness.test { client in
            let empty = try await client.send(Self.post("/ferrule/rules/lint", #"{"files": {}}"#))
            #expect(empty.status == 422)
            #expect(empty.detail?.contains("files") == true)
            let nested = try await client.send(
                Self.post("/ferrule/rules/lint", #"{"files": {"rules/a": "", "rules/a/b.yaml": ""}}"#)
            )
            #expect(nested.status == 422)
            #expect(nested.detail?.contains("which is a file") == true)
            let long = String(repeating: "x", count: 64)
            let overlong = try await client.send(Self.post("/ferrule/rules/lint", #"{"files": {"\#(long)": ""}}"#))
            #expect(overlong.status == 422)
            #expect(overlong.detail?.contains("too long") == true)
            let deep = (0..<17).map { _ in "d" }.joined(separator: "/")
            let tooDeep = try await client.send(Self.post("/ferrule/rules/lint", #"{"files": {"\#(deep)": ""}}"#))
            #expect(tooDeep.status == 422)
            for control in [#"\u007f"#, #"\u009b"#, #"\u202e"#, #"\u0001"#] {
                let refused = try await client.send(
                    Self.post("/ferrule/rules/lint", #"{"files": {"rules/a\#(control)2J.yaml": "rules: []"}}"#)
                )
                #expect(refused.status == 422, "\(control): \(refused.text)")
                #expect(refused.detail?.contains("control characters") == true, "\(refused.text)")
            }
            let edge = String(repeating: "é", count: 63)
            let accepted = try await client.send(
                Self.post("/ferrule/rules/lint", #"{"files": {"rules/\#(edge)": "rules: []"}}"#)
            )
            #expect(accepted.status == 200, "\(accepted.text)")
        }
    }

    @Test("an empty campaign file, tree or device filter is 422 naming it")
    func emptyDocuments() async throws {
        let harness = try APITestHarness(devices: 1)
        try await harness.test { client in
            let campaign = try await client.send(Self.post("/ferrule/campaigns", #"{"spec": ""}"#))
            #expect(campaign.status == 422)
            let tree = try await client.send(Self.post("/ferrule/validation/trees", #"{"tree": ""}"#))
            #expect(tree.status == 422)
            #expect(tree.detail?.contains("tree is empty") == true)
            let schedule = try await client.send(
                Self.post(
                    "/genieacs/firmware-upgrades/schedule",
                    #"{"name": "x", "firmware_file": "fw.bin", "device_filter": {}, "scheduled_at": "2026-12-08T02:00:00Z", "target_version": "2.0"}"#
                )
            )
            #expect(schedule.status == 422)
            #expect(schedule.detail?.contains("device_filter") == true)
            let job = try await client.send(
                Self.post(
                    "/genieacs/mass-config",
                    #"{"name": "x", "device_filter": {"query": {}}, "wifi": {"ssid": "Acme"}}"#
                )
            )
            #expect(job.status == 422)
            #expect(job.detail?.contains("device_filter.query") == true)
        }
    }

    @Test("expected_count: 0 and 100,000,001 are 422; 1 is judged against the devices found (400 on mismatch)")
    func expectedCount() async throws {
        let harness = try APITestHarness(devices: 2)
        try await harness.test { client in
            for count in [0, 100_000_001] {
                let refused = try await client.send(
                    Self.post(
                        "/genieacs/mass-config",
                        #"{"name": "x", "device_filter": {"query": {"_id": {"$exists": true}}, "expected_count": \#(count)}, "wifi": {"ssid": "Acme"}, "dry_run": true}"#
                    )
                )
                #expect(refused.status == 422, "\(count)")
                #expect(refused.detail?.contains("expected_count") == true, "\(count)")
            }
            let mismatch = try await client.send(
                Self.post(
                    "/genieacs/mass-config",
                    #"{"name": "x", "device_filter": {"query": {"_id": {"$exists": true}}, "expected_count": 1}, "wifi": {"ssid": "Acme"}, "dry_run": true}"#
                )
            )
            #expect(mismatch.status == 400)
            #expect(mismatch.detail?.contains("Device count mismatch") == true)
        }
    }

    @Test("tasks: an empty parameter name, path or file type is 422; the smallest valid request is queued")
    func taskValues() async throws {
        let harness = try APITestHarness(devices: 1)
        let id = try #require(harness.genieacs.deviceIDs().first)
        try await harness.test { client in
            let refused: [(String, String)] = [
                ("/genieacs/tasks/get-parameters", #"{"device_id": "\#(id)", "parameter_names": []}"#),
                ("/genieacs/tasks/get-parameters", #"{"device_id": "\#(id)", "parameter_names": [""]}"#),
                ("/genieacs/tasks/set-parameters", #"{"device_id": "\#(id)", "parameters": {}}"#),
                ("/genieacs/tasks/set-parameters", #"{"device_id": "\#(id)", "parameters": {"": "x"}}"#),
                ("/genieacs/tasks/download-firmware", #"{"device_id": "\#(id)", "file_name": "f", "file_type": ""}"#),
            ]
            for (path, body) in refused {
                let response = try await client.send(Self.post(path, body))
                #expect(response.status == 422, "\(path) \(body)")
                #expect(response.detail?.isEmpty == false, "\(path) \(body)")
            }
            let accepted: [(String, String)] = [
                ("/genieacs/tasks/get-parameters", #"{"device_id": "\#(id)", "parameter_names": ["D"]}"#),
                ("/genieacs/tasks/set-parameters", #"{"device_id": "\#(id)", "parameters": {"D": 1}}"#),
                ("/genieacs/tasks/download-firmware", #"{"device_id": "\#(id)", "file_name": "f", "file_type": "1"}"#),
            ]
            for (path, body) in accepted {
                let response = try await client.send(Self.post(path, body))
                #expect(response.status == 200, "\(path) \(body): \(response.text)")
            }
        }
    }

    @Test("configure-cpe: dhcp_start must be a dotted quad, unapplied fields only null, security_mode one of the list")
    func configureCPE() async throws {
        let lan = try Self.schema("LANConfig")
        #expect(lan["properties"]?["dhcp_start"]?["format"]?.stringValue == "ipv4")
        let harness = try APITestHarness(devices: 1)
        let id = try #require(harness.genieacs.deviceIDs().first)
        try await harness.test { client in
            let refused: [(String, String)] = [
                (#""lan": {"dhcp_start": ""}"#, "lan.dhcp_start"),
                (#""lan": {"dhcp_start": "192.168.1"}"#, "lan.dhcp_start"),
                (#""lan": {"dhcp_end": "192.168.1.300"}"#, "lan.dhcp_end"),
                (#""lan": {"subnet_mask": "255.255.255.0"}"#, "lan.subnet_mask"),
                (#""lan": {"dhcpv6_enabled": true}"#, "lan.dhcpv6_enabled"),
                (#""wan": {"ipv6_pd_enabled": true}"#, "wan.ipv6_pd_enabled"),
                (#""wifi": {"ssid": "Acme", "password": "12345678", "security_mode": "WPA9"}"#, "security_mode"),
            ]
            for (section, field) in refused {
                let response = try await client.send(
                    Self.post("/genieacs/tasks/configure-cpe", #"{"device_id": "\#(id)", \#(section)}"#)
                )
                #expect(response.status == 422, "\(section)")
                #expect(response.detail?.contains(field) == true, "\(section): \(response.detail ?? "")")
            }
            let accepted = try await client.send(
                Self.post(
                    "/genieacs/tasks/configure-cpe",
                    #"{"device_id": "\#(id)", "lan": {"dhcp_start": "192.168.1.10", "dhcp_end": "192.168.1.250", "subnet_mask": null, "dhcpv6_enabled": false}, "wifi": {"ssid": "Acme", "password": "12345678", "security_mode": "WPA3-SAE"}}"#
                )
            )
            // Past validation: the plan runs on the device (200, or 409 where its data model lacks a setting).
            #expect([200, 409].contains(accepted.status), "\(accepted.text)")
            #expect(accepted.detail?.contains("dhcp") != true, "\(accepted.text)")
            #expect(accepted.detail?.contains("security_mode") != true, "\(accepted.text)")
        }
    }

    @Test("provision-onu: vlan, bandwidth_profile, inner_vlan and qinq_enabled are refused unless null or false")
    func provisionONU() async throws {
        let request = try Self.schema("ONUProvisionRequest")
        #expect(request["properties"]?["vlan"]?["maximum"]?.intValue == 0)
        let harness = try APITestHarness(devices: 1)
        try await harness.test { client in
            let base = #""serial_number": "BBSM00000001", "olt_device_id": "olt-1", "pon_port": 0"#
            for extra in [
                #""vlan": 100"#, #""bandwidth_profile": "gold""#, #""inner_vlan": 7"#, #""qinq_enabled": true"#,
            ] {
                let refused = try await client.send(Self.post("/voltha/provision-onu", "{\(base), \(extra)}"))
                #expect(refused.status == 422, "\(extra)")
                #expect(refused.detail?.contains("SADIS") == true, "\(extra): \(refused.detail ?? "")")
            }
            // Null and false pass validation; the tenant has no VOLTHA here, so the answer is 503.
            let accepted = try await client.send(
                Self.post(
                    "/voltha/provision-onu",
                    #"{\#(base), "vlan": null, "bandwidth_profile": null, "inner_vlan": null, "qinq_enabled": false}"#
                )
            )
            #expect(accepted.status == 503, "\(accepted.text)")
        }
    }
}

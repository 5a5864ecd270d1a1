import FerruleCore
import FerruleJSON
import FerruleTestSupport
import Foundation
import GenieACS
import GenieACSStandIn
import HTTPTypes
import PONCampaigns
import Testing

/// What the create routes refuse before anything is stored: a secret in a value every device read
/// shows, a retried schedule over devices an open campaign targets, an image for another model.
@Suite("API campaign create refusals")
struct APICampaignCreateRefusalTests {
    @Test("a tenant secret in wifi.ssid or a plain custom parameter is 422 naming the field; in the passphrase, 201")
    func secretInShownField() async throws {
        var configured = try APITestHarness(devices: 1)
        configured.secrets = ["acme": SecretStore(values: ["WIFIKEY": "SuperSecret123"])]
        let harness = configured
        try await harness.test { client in
            func post(_ sections: String) async throws -> APIResponse {
                let body =
                    #"{"name": "leak", "device_filter": {"query": {"_id": {"$exists": true}}}, "#
                    + sections + "}"
                return try await client.send(.massConfig(body))
            }
            let ssid = try await post(#""wifi": {"ssid": "${secret:WIFIKEY}"}"#)
            #expect(ssid.status == 422, "\(ssid.text)")
            #expect(
                ssid.detail?.contains("a secret in wifi.ssid, whose value every device read shows unmasked") == true
            )
            let custom = try await post(
                #""custom_parameters": {"InternetGatewayDevice.DeviceInfo.ProvisioningCode": "x${secret:WIFIKEY}"}"#
            )
            #expect(custom.status == 422, "\(custom.text)")
            #expect(custom.detail?.contains("InternetGatewayDevice.DeviceInfo.ProvisioningCode") == true)
            let jobs = try await client.send(APIRequest(path: "/api/v1/genieacs/mass-config/jobs"))
            #expect(jobs.json["total"]?.intValue == 0, "nothing was created: \(jobs.text)")
            let passphrase = try await post(#""wifi": {"ssid": "Acme", "password": "${secret:WIFIKEY}"}"#)
            #expect(passphrase.status == 201, "\(passphrase.text)")
            #expect(!passphrase.text.contains("SuperSecret123"))
        }
    }

    @Test(
        "with the server's data models, a 40-character SSID in custom_parameters is 422 naming the parameter and nothing is created; 32 is 201"
    )
    func valueTheModelRefuses() async throws {
        var configured = try APITestHarness(devices: 2)
        configured.modelFiles = ["tr-181-2-17-0-cwmp-full.xml", "tr-098-1-8-0-full.xml"].map {
            Repository.root.appendingPathComponent("Models/" + $0).path
        }
        let harness = configured
        try await harness.test { client in
            func post(_ ssid: String) async throws -> APIResponse {
                try await client.send(
                    .massConfig(
                        #"{"name": "ssid", "device_filter": {"query": {"_id": {"$exists": true}}}, "#
                            + #""custom_parameters": {"InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.SSID": ""#
                            + ssid + #""}}"#
                    )
                )
            }
            let refused = try await post(String(repeating: "s", count: 40))
            #expect(refused.status == 422, "\(refused.text)")
            #expect(refused.detail?.contains("2 device(s) would get value(s) the data model refuses") == true)
            #expect(refused.detail?.contains("SSID") == true, "the parameter is named: \(refused.text)")
            let jobs = try await client.send(APIRequest(path: "/api/v1/genieacs/mass-config/jobs"))
            #expect(jobs.json["total"]?.intValue == 0, "nothing was created: \(jobs.text)")
            let accepted = try await post(String(repeating: "s", count: 32))
            #expect(accepted.status == 201, "\(accepted.text)")
        }
    }

    @Test("a retried schedule (the same body twice) is 409 naming the first campaign; nothing is pushed twice")
    func retriedSchedule() async throws {
        let harness = try APITestHarness(devices: 3)
        try await APICampaignRouteTests.uploadFirmware(harness)
        try await harness.test { client in
            let request = APICampaignRouteTests.scheduleRequest()
            let first = try await client.send(request)
            #expect(first.status == 201, "\(first.text)")
            let campaign = try #require(first.json["schedule"]?["campaign_id"]?.stringValue)
            let retry = try await client.send(request)
            #expect(retry.status == 409, "\(retry.text)")
            #expect(retry.detail?.contains("already targets of open campaign \(campaign) (created)") == true)
            let list = try await client.send(APIRequest(path: "/api/v1/genieacs/firmware-upgrades/schedules"))
            #expect(list.json["total"]?.intValue == 1)
        }
    }

    @Test("an image GenieACS records for OUI 3C52A1 / EX220 scheduled onto other models is 422 naming them")
    func wrongModel() async throws {
        let harness = try APITestHarness(devices: 2)
        try await harness.genieacs.nbi.uploadFile(
            "FW2.bin",
            contents: Array("image".utf8),
            metadata: FileMetadata(oui: "3C52A1", productClass: "EX220", version: "FW2")
        )
        try await harness.test { client in
            let refused = try await client.send(APICampaignRouteTests.scheduleRequest())
            #expect(refused.status == 422, "\(refused.text)")
            #expect(refused.detail?.contains("is for OUI 3C52A1, product class EX220") == true)
            #expect(refused.detail?.contains("2 of the target device(s) are other models") == true)
            let list = try await client.send(APIRequest(path: "/api/v1/genieacs/firmware-upgrades/schedules"))
            #expect(list.json["total"]?.intValue == 0)
        }
    }
}

/// A campaign whose PON keys the tenant's runner could not serve is refused when it is created or
/// started, instead of sitting `running` with nothing pushed.
@Suite("API campaign PON sources")
struct APICampaignPONSourceTests {
    static let spec = """
        name: pon
        firmware: {file: FW2.bin, target_version: FW2}
        devices: {all: true}
        rollout: {max_per_pon: 1}

        """

    @Test("max_per_pon without a PON topology is 422 at create; with a topology file it is created")
    func topologyNeeded() async throws {
        var configured = try APITestHarness(devices: 1)
        configured.ponPlane = { _ in PONPlaneSources() }
        let without = configured
        try await without.test { client in
            let refused = try await client.send(.createCampaign(spec: Self.spec))
            #expect(refused.status == 422, "\(refused.text)")
            #expect(
                refused.detail?.contains("the rollout uses max_per_pon but this tenant has no PON topology") == true
            )
            let list = try await client.send(APIRequest(path: "/api/v1/ferrule/campaigns"))
            #expect(list.json["total"]?.intValue == 0)
        }
        configured.ponPlane = { _ in PONPlaneSources(topologyFile: "/etc/ferrule/topology.csv") }
        let with = configured
        try await with.test { client in
            let created = try await client.send(.createCampaign(spec: Self.spec))
            #expect(created.status == 201, "\(created.text)")
        }
    }
}

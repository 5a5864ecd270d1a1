import FerruleTestSupport
import Foundation
import Testing

/// `ferrule serve` runs the state directory's campaign store and each tenant's side by side: a
/// device targeted by an open campaign in one is refused in the other, through the CLI and the API.
@Suite("campaign create across the stores ferrule serve runs (end to end)")
struct CampaignStoresOverlapEndToEndTests {
    static let spec = """
        name: inform
        configuration:
          - set: {path: Device.ManagementServer.PeriodicInformInterval, value: "600"}
        devices: {all: true}

        """

    @Test("a REST campaign blocks the CLI's over the same devices and the other way round; each says how to cancel")
    func bothWays() async throws {
        let standIn = try await StandInProcess.start(devices: 4)
        defer { standIn.stop() }
        let state = try Scratch.directory("ferrule-serve").path
        let server = try await ServeProcess.start(
            ["--port", "0", "--state", state],
            environment: ["FERRULE_ACS_URL": standIn.url]
        )
        let token = try await ServeEndToEndTests.createToken(state, ["--tenant", "default", "--permission", "isp.*"])
        let file = try Scratch.directory(["inform.yaml": Self.spec]) + "/inform.yaml"
        let body = String(decoding: try JSONSerialization.data(withJSONObject: ["spec": Self.spec]), as: UTF8.self)
        func post(_ path: String, _ body: String? = nil) async throws -> (status: Int, body: String) {
            let response = try await server.request(
                "POST",
                path,
                headers: ["X-API-Key": token, "Content-Type": "application/json"],
                body: body
            )
            return (response.status, response.body)
        }

        let rest = try await post("/api/v1/ferrule/campaigns", body)
        #expect(rest.status == 201, "\(rest.body)")
        let restID = try #require(
            (try JSONSerialization.jsonObject(with: Data(rest.body.utf8)) as? [String: Any])?["id"] as? String
        )
        let operatorStore = state + "/campaigns.sqlite"
        let cli = try await CampaignEndToEndTests.campaign(standIn, operatorStore, ["create", file])
        #expect(cli.status == 1, "\(cli.combined)")
        #expect(cli.stderr.contains("tenant default's open campaign \(restID) (created)"), "\(cli.stderr)")
        #expect(cli.stderr.contains("POST /api/v1/ferrule/campaigns/\(restID)/cancel"), "\(cli.stderr)")
        let listed = try await FerruleRunner.execute(["campaign", "list", "--state", operatorStore])
        #expect(!listed.stdout.contains("inform"), "nothing of the refused campaign is stored: \(listed.combined)")

        #expect(try await post("/api/v1/ferrule/campaigns/\(restID)/cancel").status == 200)
        let created = try await CampaignEndToEndTests.campaign(standIn, operatorStore, ["create", file])
        #expect(created.status == 0, "\(created.combined)")
        let cliID = try CampaignEndToEndTests.createdID(created)
        let refused = try await post("/api/v1/ferrule/campaigns", body)
        #expect(refused.status == 409, "\(refused.body)")
        #expect(refused.body.contains("open campaign \(cliID) (created) that the server's operator created"))
        #expect(!refused.body.contains(state), "no server path in a tenant's answer: \(refused.body)")
        #expect(await server.terminate(timeout: .seconds(30)) == 0, "\(server.log)")
    }
}

import Campaigns
import FerruleCore
import GenieACS
import GenieACSStandIn
import Testing

/// The runner refuses to start a configuration campaign while any of its secrets has no value.
@Suite struct RunnerSecretsTests {
    static let yaml = """
        name: wifi
        configuration:
          - periodicInform: {enabled: true, interval: 900}
          - set: {path: InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.KeyPassphrase, value: "cr-${secret:CR_USER}"}
          - set: {path: InternetGatewayDevice.ManagementServer.Password, value: "${secret:CR_PASSWORD}"}
        devices: {all: true}

        """

    @Test("Every missing secret is listed before the first push, and nothing is pushed")
    func missingSecretsListedBeforeAnyPush() async throws {
        let harness = try RunnerHarness(Self.yaml, scenario: Scenario(devices: 3))
        let campaign = try await harness.create()
        let error = await #expect(throws: CampaignError.self) {
            _ = try await harness.runner(secrets: SecretStore(values: [:])).run(campaign.id, spec: harness.spec)
        }
        let text = error?.description ?? ""
        #expect(text.contains("CR_USER, CR_PASSWORD"))
        #expect(text.contains("FERRULE_SECRET_CR_USER, FERRULE_SECRET_CR_PASSWORD"))
        #expect(text.contains("Nothing was pushed"))
        #expect(harness.tasksCreated("setParameterValues") == 0)
        #expect(try await harness.store.campaign(campaign.id)?.status == .created)

        let partly = await #expect(throws: CampaignError.self) {
            _ = try await harness.runner(secrets: SecretStore(values: ["CR_USER": "ops"]))
                .run(campaign.id, spec: harness.spec)
        }
        #expect(partly?.description.contains("a secret with no value: CR_PASSWORD;") == true)
        #expect(harness.tasksCreated("setParameterValues") == 0)
    }

    @Test("With every secret given the campaign runs, and the values reach GenieACS")
    func secretsGivenRun() async throws {
        let harness = try RunnerHarness(Self.yaml, scenario: Scenario(devices: 2))
        let campaign = try await harness.create()
        let final = try await harness.runner(secrets: SecretStore(values: ["CR_USER": "ops", "CR_PASSWORD": "s3cret"]))
            .run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        #expect(harness.tasksCreated("setParameterValues") == 2)
        let counts = try await harness.store.counts(campaign.id)
        #expect(counts[.succeeded] == 2)
    }
}

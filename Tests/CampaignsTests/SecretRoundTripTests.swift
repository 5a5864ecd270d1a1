import Campaigns
import FerruleCore
import FerruleJSON
import GenieACS
import GenieACSStandIn
import Testing

/// A configuration campaign carries each secret as a typed reference from the evaluator to the push: the plan and
/// the stored targets hold `${secret:NAME}` placeholders, never a value, and the device receives the value.
@Suite struct SecretRoundTripTests {
    static let yaml = """
        name: creds
        configuration:
          - set: {path: InternetGatewayDevice.ManagementServer.Password, value: "pre-${secret:CR_PASSWORD}-post"}
          - set: {path: InternetGatewayDevice.ManagementServer.Username, value: "<secret:NOT_A_SECRET>"}
        devices: {all: true}

        """
    static let value = "s3cr3t-Value"

    @Test("The plan and the stored targets hold the placeholder, never the value; the device gets the value")
    func placeholderToPushedValue() async throws {
        let harness = try RunnerHarness(Self.yaml, scenario: Scenario(devices: 2))
        let plan = try await CampaignResolver.resolve(harness.spec, acs: harness.genieacs.nbi, now: harness.clock.now())
        let planned = plan.flatMap(\.changes)
        #expect(planned.count == 4)
        let password = planned.filter { $0.path.hasSuffix(".Password") }
        #expect(password.count == 2)
        #expect(password.allSatisfy { $0.value == "pre-${secret:CR_PASSWORD}-post" && $0.isSecret })
        // Text that only looks like the evaluator's display marker is a literal, pushed as it is.
        let username = planned.filter { $0.path.hasSuffix(".Username") }
        #expect(username.count == 2)
        #expect(username.allSatisfy { $0.value == "<secret:NOT_A_SECRET>" })

        let campaign = try await harness.create()
        for target in try await harness.targets(campaign.id) {
            #expect(target.changesJSON?.contains("${secret:CR_PASSWORD}") == true)
            #expect(target.changesJSON?.contains(Self.value) == false)
        }
        let final = try await harness.runner(secrets: SecretStore(values: ["CR_PASSWORD": Self.value]))
            .run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)
        for target in try await harness.targets(campaign.id) {
            #expect(target.changesJSON?.contains(Self.value) == false, "the value was written back to the store")
            #expect(target.errorMessage?.contains(Self.value) != true)
        }
        for event in try await harness.store.events(campaign.id) { #expect(!event.detail.contains(Self.value)) }
        for id in harness.genieacs.deviceIDs() {
            let page = try await harness.genieacs.nbi.query(
                .devices,
                CollectionQuery(query: .object([("_id", .string(id))]), projection: ["InternetGatewayDevice"])
            )
            let server = page.items.first?["InternetGatewayDevice"]?["ManagementServer"]
            #expect(server?["Password"]?["_value"]?.stringValue == "pre-\(Self.value)-post")
            #expect(server?["Username"]?["_value"]?.stringValue == "<secret:NOT_A_SECRET>")
        }
    }

    @Test("A function applied to a secret cannot become a placeholder: the device is not applicable, never pushed")
    func functionOfSecretNotPushed() async throws {
        let harness = try RunnerHarness(
            """
            name: upper
            configuration:
              - set: {path: InternetGatewayDevice.ManagementServer.Password, value: "${upper(secret:CR_PASSWORD)}"}
            devices: {all: true}

            """,
            scenario: Scenario(devices: 1)
        )
        let plan = try await CampaignResolver.resolve(harness.spec, acs: harness.genieacs.nbi, now: harness.clock.now())
        let target = try #require(plan.first)
        #expect(!target.isApplicable)
        #expect(target.changes.isEmpty)
        #expect(target.skipReason?.contains("applies a function to a secret") == true, "\(target.skipReason ?? "")")
    }
}

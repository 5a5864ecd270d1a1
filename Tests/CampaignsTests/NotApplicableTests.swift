import Campaigns
import FerruleCore
import FerruleJSON
import FerruleTestSupport
import Foundation
import GenieACS
import GenieACSStandIn
import Testing

/// Configuration campaigns are planned per device from its own tree: a device that lacks what the change sets is
/// never pushed, and "already configured" means the values really are.
@Suite struct NotApplicableTests {
    static let trees = Repository.url("Fixtures/trees").path

    static func wifi(_ fields: String) -> String {
        """
        name: wifi
        configuration:
          - wifi: {band: 2.4GHz, \(fields)}
        devices: {all: true}

        """
    }

    /// The TR-181 fixture with its only radio moved to 5 GHz, as a fixture file.
    static func tr181Without24GHz() throws -> String {
        let text = try String(contentsOfFile: trees + "/nbi-device-tr181.json", encoding: .utf8)
        let edited = text.replacingOccurrences(of: "\"2.4GHz\"", with: "\"5GHz\"")
        #expect(edited != text)
        let path = try Scratch.path("tr181-5ghz.json")
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("A TR-098 device without the WiFi security parameters is not applicable, listed with them, never pushed")
    func tr098WithoutSecurityParameters() async throws {
        let harness = try RunnerHarness(
            Self.wifi("ssid: Acme, passphrase: \"${secret:PSK}\", security: WPA2-Personal"),
            scenario: Scenario(devices: 3, fixtures: [.init(.file(Self.trees + "/genieacs-sim-tr098.csv"))])
        )
        let campaign = try await harness.create()
        let targets = try await harness.targets(campaign.id)
        #expect(targets.count == 3)
        for target in targets {
            #expect(target.state == .skipped)
            #expect(target.errorCode == "not-applicable")
            let message = target.errorMessage ?? ""
            for name in ["BeaconType", "IEEE11iAuthenticationMode", "IEEE11iEncryptionModes"] {
                #expect(message.contains("InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.\(name)"), "\(message)")
            }
            #expect(!message.contains(".SSID"), "the SSID exists and is not missing")
        }
        let final = try await harness.runner(secrets: SecretStore(values: ["PSK": "p"])).run(
            campaign.id,
            spec: harness.spec
        )
        #expect(final.status == .completed)
        #expect(harness.tasksCreated("setParameterValues") == 0)
    }

    @Test("A TR-181 device with no 2.4 GHz radio is not applicable, not \"already configured\"")
    func tr181WithoutRadio() async throws {
        let harness = try RunnerHarness(
            Self.wifi("ssid: Acme"),
            scenario: Scenario(devices: 2, fixtures: [.init(.file(try Self.tr181Without24GHz()))])
        )
        let targets = try await CampaignResolver.resolve(
            harness.spec,
            acs: harness.genieacs.nbi,
            now: harness.clock.now()
        )
        #expect(targets.count == 2)
        for target in targets {
            #expect(!target.isApplicable)
            #expect(target.skipReason?.contains("wifi (band 2.4GHz) sets nothing on this device") == true)
            #expect(target.skipReason?.contains("already configured") == false)
        }
        let campaign = try await harness.create()
        _ = try await harness.runner().run(campaign.id, spec: harness.spec)
        #expect(harness.tasksCreated("setParameterValues") == 0)
    }

    @Test("The same change on a device that has the radio is planned, and skipped only when the value is already set")
    func applicableAndAlreadyConfigured() async throws {
        let fixture = Scenario.FixtureSource(.file(Self.trees + "/nbi-device-tr181.json"))
        let change = try RunnerHarness(Self.wifi("ssid: Acme"), scenario: Scenario(devices: 1, fixtures: [fixture]))
        let planned = try await CampaignResolver.resolve(change.spec, acs: change.genieacs.nbi, now: change.clock.now())
        #expect(planned.first?.isApplicable == true)
        #expect(planned.first?.skipReason == nil)
        #expect(planned.first?.changes.map(\.path) == ["Device.WiFi.SSID.1.SSID"])

        let same = try RunnerHarness(
            Self.wifi("ssid: TP-Link_4C2E"),
            scenario: Scenario(devices: 1, fixtures: [fixture])
        )
        let done = try await CampaignResolver.resolve(same.spec, acs: same.genieacs.nbi, now: same.clock.now())
        #expect(done.first?.isApplicable == true)
        #expect(done.first?.skipReason == "already configured")
    }
}

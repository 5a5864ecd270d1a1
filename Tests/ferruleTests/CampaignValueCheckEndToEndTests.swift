import FerruleTestSupport
import Foundation
import Testing

/// A configuration campaign's values are held against the data models (./Models here) as a rule's are: `campaign
/// plan` and `create` refuse a value the model refuses with `error[bad-value]` and exit 1; literals before GenieACS
/// is contacted, values read on each device (`${device.serialNumber}`) once plan resolves them.
@Suite("ferrule campaign plan and create: values the data model refuses (end to end)")
struct CampaignValueCheckEndToEndTests {
    static func file(_ action: String) throws -> String {
        try Scratch.directory(
            [
                "c.yaml": """
                name: wifi
                configuration:
                  - \(action)
                devices: {model: EX220}
                rollout: {retries: 0, device_deadline: 1m}

                """
            ],
            prefix: "ferrule-campaign-values"
        ) + "/c.yaml"
    }

    @Test("a 33-character SSID and channel 300 in the file: plan and create exit 1 before GenieACS is contacted")
    func literalsRefused() async throws {
        let ssid = String(repeating: "a", count: 33)
        let file = try Self.file("wifi: {band: 2.4GHz, ssid: \"\(ssid)\", channel: 300}")
        let state = try CampaignEndToEndTests.statePath()
        for command in ["plan", "create"] {
            // Port 1: were GenieACS contacted, the error would be a connection failure instead.
            let result = try await FerruleRunner.execute(
                ["campaign", command, file, "--acs", "http://127.0.0.1:1"]
                    + (command == "create" ? ["--state", state] : [])
            )
            #expect(result.status == 1, "\(command): \(result.combined)")
            #expect(
                result.stderr.contains(
                    "c.yaml:3:32: error[bad-value]: Device.WiFi.SSID.{i}.SSID = \(ssid): expected length"
                ),
                "\(result.stderr)"
            )
            #expect(result.stderr.contains("error[bad-value]: Device.WiFi.Radio.{i}.Channel = 300"), "\(result.stderr)")
            #expect(
                result.stderr.contains("value(s) the data model refuses; GenieACS was not contacted"),
                "\(result.stderr)"
            )
        }
        #expect(!FileManager.default.fileExists(atPath: state), "create made no state")
    }

    @Test("an SSID from each device's serial number that is too long: plan and create refuse it, naming a device")
    func perDeviceValuesRefused() async throws {
        let standIn = try await StandInProcess.start(devices: 2)
        defer { standIn.stop() }
        let state = try CampaignEndToEndTests.statePath()
        let long = try Self.file(
            "wifi: {band: 2.4GHz, ssid: \"${device.serialNumber}-abcdefghijabcdefghijabcdefghij\"}"
        )
        let plan = try await CampaignEndToEndTests.campaign(standIn, state, ["plan", long])
        #expect(plan.status == 1, "\(plan.combined)")
        #expect(plan.stderr.contains("error[bad-value]: device "), "\(plan.stderr)")
        #expect(plan.stderr.contains(".SSID = "), "\(plan.stderr)")
        #expect(
            plan.stderr.contains("ferrule campaign plan: 2 device(s) would get value(s) the data model refuses"),
            "\(plan.stderr)"
        )
        let create = try await CampaignEndToEndTests.campaign(standIn, state, ["create", long])
        #expect(create.status == 1, "\(create.combined)")
        #expect(create.stderr.contains("2 device(s) would get value(s) the data model refuses; nothing was created"))
        let list = try await CampaignEndToEndTests.campaign(standIn, state, ["list"])
        #expect(!list.stdout.contains("wifi"), "nothing was created: \(list.stdout)")

        // A value that fits on every device passes both.
        let short = try Self.file("wifi: {band: 2.4GHz, ssid: \"${device.serialNumber}-x\"}")
        let fits = try await CampaignEndToEndTests.campaign(standIn, state, ["plan", short])
        #expect(fits.status == 0, "\(fits.combined)")
        let created = try await CampaignEndToEndTests.campaign(standIn, state, ["create", short])
        #expect(created.status == 0, "\(created.combined)")
    }
}

import FerruleTestSupport
import Foundation
import Testing

/// `${param:PATH}` for a parameter the device lacks: `explain` and `campaign plan` say the step is
/// skipped; nothing is ever set to the text "undefined".
@Suite("${param:} the device lacks: explain and campaign plan say skipped (end to end)")
struct MissingParameterEndToEndTests {
    @Test("explain lists the set as skipped and the compiled provision checks hasValue() first")
    func explainSaysSkipped() async throws {
        let dir = try Scratch.directory(
            [
                "r.yaml": """
                rules:
                  - name: ssid-label
                    match: {manufacturer: "*"}
                    actions:
                      - set: {path: Device.WiFi.SSID.1.SSID, value: "Acme-${param:Device.DeviceInfo.X_ACME_Label}"}
                      - set: {path: Device.WiFi.SSID.1.Enable, value: "true"}

                """
            ],
            prefix: "ferrule-missing-param"
        )
        let explain = try await FerruleRunner.run(["explain", dir, "--device", "Fixtures/trees/nbi-device-tr181.json"])
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(!explain.stdout.contains("undefined"), "\(explain.stdout)")
        #expect(
            explain.stdout.contains(
                "  Device.WiFi.SSID.1.SSID: skipped: Device.DeviceInfo.X_ACME_Label has no value on this device"
            ),
            "\(explain.stdout)"
        )
        #expect(explain.stdout.contains("  Device.WiFi.SSID.1.Enable = true"))
        let out = dir + "/out"
        let compile = try await FerruleRunner.run(["compile", dir, "--out", out])
        #expect(compile.status == 0, "\(compile.stderr)")
        let script = try String(contentsOfFile: out + "/provisions/ssid-label.js", encoding: .utf8)
        #expect(script.contains(#"if (hasValue("Device.DeviceInfo.X_ACME_Label")) declare("Device.WiFi.SSID.1.SSID""#))
    }

    @Test("campaign plan: a device without the parameter is not applicable, never 'cr-undefined'")
    func campaignPlanNotApplicable() async throws {
        let standIn = try await StandInProcess.start(devices: 2)
        defer { standIn.stop() }
        let file =
            try Scratch.directory([
                "c.yaml": """
                name: cr-label
                configuration:
                  - set: {path: Device.ManagementServer.ConnectionRequestUsername, value: "cr-${param:Device.DeviceInfo.X_ACME_Label}"}
                devices: {model: EX220}

                """
            ]) + "/c.yaml"
        let state = try CampaignEndToEndTests.statePath()
        let plan = try await CampaignEndToEndTests.campaign(standIn, state, ["plan", file, "--format", "csv"])
        #expect(plan.status == 0, "\(plan.combined)")
        #expect(!plan.stdout.contains("undefined"), "\(plan.stdout)")
        #expect(
            plan.stdout.contains(
                "Device.DeviceInfo.X_ACME_Label has no value on this device"
            ),
            "\(plan.stdout)"
        )
        #expect(!plan.csvRows.filter { $0.count > 1 && $0[1] == "not applicable" }.isEmpty, "\(plan.stdout)")
        #expect(plan.stderr.contains("0 would change"), "\(plan.stderr)")
    }
}

import FerruleTestSupport
import Foundation
import Testing

/// `ferrule campaign plan` shows, before anything runs, the devices a configuration change does not apply to.
@Suite("ferrule campaign plan (end to end)")
struct CampaignPlanEndToEndTests {
    @Test("devices without the object a change needs are listed as not applicable, and create never pushes them")
    func notApplicableShownBeforeRun() async throws {
        let standIn = try await StandInProcess.start(devices: 2)
        defer { standIn.stop() }
        // The EX220 fixture has a 2.4 GHz radio and no 6 GHz one.
        let file =
            try Scratch.directory([
                "wifi.yaml": """
                name: wifi6
                configuration:
                  - wifi: {band: 6GHz, ssid: Acme-6}
                devices:
                  model: EX220

                """
            ]) + "/wifi.yaml"
        let state = try CampaignEndToEndTests.statePath()
        let plan = try await CampaignEndToEndTests.campaign(standIn, state, ["plan", file, "--format", "csv"])
        #expect(plan.status == 0, "\(plan.combined)")
        #expect(plan.csvRows.filter { $0.count > 1 && $0[1] == "not applicable" }.count == 2)
        #expect(plan.stdout.contains("wifi (band 6GHz) sets nothing on this device"))
        #expect(plan.stderr.contains("2 device(s) match; 0 would change, 0 already done, 2 not applicable"))

        let created = try await CampaignEndToEndTests.campaign(standIn, state, ["create", file])
        #expect(created.status == 0, "\(created.combined)")
        let id = try CampaignEndToEndTests.createdID(created)
        let run = try await CampaignEndToEndTests.campaign(standIn, state, ["run", id, "--poll-interval", "0.1"])
        #expect(run.stdout.contains("completed: 0 succeeded, 0 failed, 2 skipped"), "\(run.combined)")
        #expect(try await CampaignEndToEndTests.tasksCreated(standIn, "setParameterValues") == 0)
    }

    @Test("a device's current value equal to a secret shows as ${secret:NAME} in every format, as create stores it")
    func currentValueOfASecret() async throws {
        let standIn = try await StandInProcess.start(devices: 1)
        defer { standIn.stop() }
        func campaign(_ name: String, _ value: String) -> String {
            """
            name: \(name)
            configuration:
              - set: {path: Device.WiFi.AccessPoint.1.Security.KeyPassphrase, value: "\(value)"}
            devices:
              model: EX220
            rollout:
              retries: 0
              device_deadline: 60s

            """
        }
        let directory = try Scratch.directory([
            "push.yaml": campaign("push", "${secret:PC}"), "plain.yaml": campaign("plain", "plainX"),
        ])
        let secret = ["FERRULE_SECRET_PC": "S3cr3tPC-zz9"]
        let state = try CampaignEndToEndTests.statePath()
        let created = try await CampaignEndToEndTests.campaign(standIn, state, ["create", directory + "/push.yaml"])
        let id = try CampaignEndToEndTests.createdID(created)
        let run = try await CampaignEndToEndTests.campaign(
            standIn,
            state,
            ["run", id, "--poll-interval", "0.1"],
            environment: secret
        )
        #expect(run.status == 0, "\(run.combined)")
        for format in ["table", "json", "csv"] {
            let plan = try await CampaignEndToEndTests.campaign(
                standIn,
                state,
                ["plan", directory + "/plain.yaml", "--format", format],
                environment: secret
            )
            #expect(plan.status == 0, "\(plan.combined)")
            #expect(!plan.combined.contains("S3cr3tPC-zz9"), "\(format): \(plan.combined)")
            #expect(plan.stdout.contains("${secret:PC}"), "\(format): \(plan.stdout)")
        }
    }
}

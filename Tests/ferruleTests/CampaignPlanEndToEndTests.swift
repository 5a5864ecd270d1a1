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
            "push.yaml": campaign("push", "${secret:PC}"), "plain.yaml": campaign("plain", "plainX-passphrase"),
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

    @Test(
        "--format json gives an absent value as null and a skipped device's reason in `reason`; table and CSV keep their text"
    )
    func jsonNullsAndReasons() async throws {
        let standIn = try await StandInProcess.start(devices: 1)
        defer { standIn.stop() }
        func campaign(_ name: String, _ path: String, _ value: String) -> String {
            """
            name: \(name)
            configuration:
              - set: {path: \(path), value: "\(value)"}
            devices:
              model: EX220

            """
        }
        let directory = try Scratch.directory([
            "missing.yaml": campaign("missing", "Device.ManagementServer.X_NoSuchParameter", "1"),
            "done.yaml": campaign("done", "Device.ManagementServer.PeriodicInformInterval", "3600"),
            "change.yaml": campaign("change", "Device.ManagementServer.PeriodicInformInterval", "600"),
        ])
        let state = try CampaignEndToEndTests.statePath()
        func plan(_ file: String, _ format: String) async throws -> FerruleRunner.Output {
            let output = try await CampaignEndToEndTests.campaign(
                standIn,
                state,
                ["plan", directory + "/" + file, "--format", format]
            )
            #expect(output.status == 0, "\(file) \(format): \(output.combined)")
            return output
        }
        func objects(_ file: String) async throws -> [[String: Any]] {
            let output = try await plan(file, "json")
            return try #require(try JSONSerialization.jsonObject(with: output.stdoutData) as? [[String: Any]])
        }
        let device = StandInProcess.deviceID(0)

        let missing = try await objects("missing.yaml")
        #expect(missing.count == 2, "one row for the missing path, one for the device: \(missing)")
        let path = try #require(
            missing.first { $0["parameter"] as? String == "Device.ManagementServer.X_NoSuchParameter" }
        )
        #expect(path["action"] as? String == "not applicable")
        #expect(path["now"] is NSNull, "an absent value is null, not text: \(path)")
        #expect(path["after"] is NSNull, "\(path)")
        let summary = try #require(missing.first { $0["parameter"] is NSNull })
        let reason = try #require(summary["reason"] as? String, "\(summary)")
        #expect(reason.contains("X_NoSuchParameter"), "\(reason)")
        #expect(summary["now"] is NSNull && summary["after"] is NSNull, "the reason is not a value: \(summary)")
        #expect(!String(describing: missing).contains("(absent)"))

        let done = try #require(try await objects("done.yaml").first)
        #expect(done["action"] as? String == "skip")
        #expect(done["after"] is NSNull && done["now"] is NSNull, "\(done)")
        #expect((done["reason"] as? String)?.isEmpty == false, "\(done)")

        let change = try #require(try await objects("change.yaml").first)
        #expect(change["device"] as? String == device)
        #expect(change["now"] as? String == "3600" && change["after"] as? String == "600", "\(change)")
        #expect(change["reason"] is NSNull, "\(change)")

        // The text formats are unchanged: `(absent)` under NOW and the reason under AFTER.
        let csv = try await plan("missing.yaml", "csv").csvRows
        #expect(csv.contains([device, "not applicable", "Device.ManagementServer.X_NoSuchParameter", "(absent)", ""]))
        #expect(csv.contains([device, "not applicable", "", "", reason]), "\(csv)")
        let table = try await plan("missing.yaml", "table").stdout
        #expect(table.contains("(absent)"), "\(table)")
    }
}

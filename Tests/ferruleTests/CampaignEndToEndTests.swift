import FerruleTestSupport
import Foundation
import Testing

/// End to end: `ferrule campaign …` against `genieacs-standin`, as a NOC engineer runs it.
@Suite("ferrule campaign (end to end)")
struct CampaignEndToEndTests {
    static let target = "1.3.0 0.9.0 v6048.0 Build 241001"

    /// A firmware campaign file for the stand-in's EX220 fleet.
    static func firmwareFile(_ rollout: String = "", devices: String = "", deadline: String = "120s") throws -> String {
        try Scratch.directory([
            "fw.yaml": """
            name: fw-ex220
            firmware:
              file: EX220-1.3.0.bin
              target_version: "\(target)"
            devices:
              model: EX220
            \(devices)
            rollout:
              retries: 0
              device_deadline: \(deadline)
            \(rollout)
            """
        ]) + "/fw.yaml"
    }

    /// `ferrule` with the campaign state in its own file.
    static func campaign(
        _ standIn: StandInProcess,
        _ state: String,
        _ arguments: [String],
        environment: [String: String] = [:]
    ) async throws -> FerruleRunner.Output {
        let command = arguments.first ?? ""
        let state = command == "plan" ? [] : ["--state", state]
        // Only the commands that talk to GenieACS take --acs.
        guard ["create", "plan", "run", "resume", "cancel"].contains(command) else {
            return try await FerruleRunner.execute(["campaign"] + arguments + state, environment: environment)
        }
        return try await standIn.ferrule(["campaign"] + arguments + state, environment: environment)
    }

    static func statePath() throws -> String { try Scratch.directory("ferrule-e2e").path + "/campaigns.sqlite" }

    static func createdID(_ output: FerruleRunner.Output) throws -> String {
        let words = output.stdout.split(separator: " ")
        let index = try #require(words.firstIndex(of: "campaign"))
        return String(words[index + 1])
    }

    static func upload(_ standIn: StandInProcess) async throws {
        let file = try Scratch.directory(["fw.bin": "firmware image"]) + "/fw.bin"
        let upload = try await standIn.ferrule([
            "acs", "files", "upload", file, "--name", "EX220-1.3.0.bin", "--version", target,
        ])
        #expect(upload.status == 0, "\(upload.combined)")
    }

    /// A firmware campaign created on `standIn` (the image uploaded) whose `campaign run` is under
    /// way with three tasks queued: without connection requests and with informs off, tasks stay queued.
    static func queuedCampaign(
        _ standIn: StandInProcess,
        _ state: String
    ) async throws -> (id: String, running: Task<FerruleRunner.Output, any Error>) {
        try await upload(standIn)
        let file = try firmwareFile("  connection_request: false\n  max_concurrent: 3")
        let id = try createdID(try await campaign(standIn, state, ["create", file]))
        let running = Task { try await campaign(standIn, state, ["run", id, "--poll-interval", "0.1"]) }
        var queued = 0
        for _ in 0..<200 where queued < 3 {
            try await Task.sleep(for: .milliseconds(50))
            queued = try await standIn.documents("tasks").count
        }
        #expect(queued == 3)
        return (id, running)
    }

    static func tasksCreated(_ standIn: StandInProcess, _ kind: String) async throws -> Int {
        let stats = try await standIn.stats()
        return ((stats["tasksCreated"] as? [String: Any])?[kind] as? Int) ?? 0
    }

    @Test("list, show and run on a --state that does not exist refuse it and create nothing")
    func missingState() async throws {
        let directory = try Scratch.directory("ferrule-no-state").path
        let typo = directory + "/typo/no/such/campaigns.sqlite"
        for arguments in [["list"], ["show", "abc"], ["report", "abc"], ["run", "abc"]] {
            let result = try await FerruleRunner.execute(["campaign"] + arguments + ["--state", typo])
            #expect(result.status == 1, "\(arguments): \(result.combined)")
            #expect(
                result.stderr.contains("error[campaign-state]: there is no campaign state here"),
                "\(result.stderr)"
            )
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/typo"), "nothing created")
    }

    @Test("a firmware campaign: dry run, create, run to completion; every device upgraded once and verified")
    func firmware() async throws {
        let standIn = try await StandInProcess.start(devices: 12)
        defer { standIn.stop() }
        try await Self.upload(standIn)
        let state = try Self.statePath()
        let file = try Self.firmwareFile("  waves: [{canary: 2}, 5]\n  max_concurrent: 4")

        let plan = try await Self.campaign(standIn, state, ["plan", file, "--format", "csv"])
        #expect(plan.status == 0, "\(plan.combined)")
        #expect(plan.csvRows.count == 12)
        #expect(plan.stdout.contains("1.2.3 0.8.0 v6048.0 Build 230612 Rel.44398n"))
        #expect(plan.stderr.contains("12 device(s) match; 12 would change"))
        let list = try await Self.campaign(standIn, state, ["list", "--format", "csv"])
        #expect(list.csvRows.count <= 1, "a dry run stores nothing")
        #expect(try await Self.tasksCreated(standIn, "download") == 0)

        let created = try await Self.campaign(standIn, state, ["create", file])
        #expect(created.status == 0, "\(created.combined)")
        let id = try Self.createdID(created)
        let run = try await Self.campaign(standIn, state, ["run", id, "--poll-interval", "0.1"])
        #expect(run.status == 0, "\(run.combined)")
        #expect(run.stdout.contains("completed: 12 succeeded, 0 failed, 0 skipped"))
        let report = try await Self.campaign(standIn, state, ["report", id, "--format", "json"])
        let rows = try report.jsonRows()
        #expect(rows.count == 12)
        #expect(rows.allSatisfy { $0["state"] as? String == "succeeded" && $0["attempts"] as? Int == 1 })
        #expect(rows.allSatisfy { $0["error"] is NSNull && $0["finished"] is String }, "typed JSON: null, not \"\"")
        #expect(try await Self.tasksCreated(standIn, "download") == 12)
        let devices = try await standIn.documents("devices")
        let versions = devices.compactMap {
            ((($0["Device"] as? [String: Any])?["DeviceInfo"] as? [String: Any])?["SoftwareVersion"] as? [String: Any])?[
                "_value"
            ]
                as? String
        }
        #expect(versions == Array(repeating: Self.target, count: 12))
        let again = try await Self.campaign(standIn, state, ["plan", file])
        #expect(again.stderr.contains("0 would change, 12 already done"))
    }

    @Test("faults are retried, then the device failed; the failure rate pauses the campaign; resume continues")
    func faultsAndAutoPause() async throws {
        let standIn = try await StandInProcess.start(
            devices: 10,
            scenario:
                "faults:\n  download: {rate: 1, code: cwmp.9010, message: Download failure}\nretryDelaySeconds: 3600\n"
        )
        defer { standIn.stop() }
        try await Self.upload(standIn)
        let state = try Self.statePath()
        let file = try Self.firmwareFile(
            "  max_concurrent: 2\n  max_failure_rate: 20%\n  min_sample: 3\n",
            devices: ""
        )
        let id = try Self.createdID(try await Self.campaign(standIn, state, ["create", file]))
        let run = try await Self.campaign(standIn, state, ["run", id, "--poll-interval", "0.1"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("paused"), "\(run.combined)")
        #expect(run.stdout.contains("failure rate"))
        let report = try await Self.campaign(standIn, state, ["report", id, "--format", "json"])
        let failed = try report.jsonRows().filter { $0["state"] as? String == "failed" }
        #expect(failed.count >= 3)
        #expect(failed.allSatisfy { $0["error"] as? String == "cwmp.9010" })
        // GenieACS would retry a faulted task forever (GenieACS 1.2.16 lib/cwmp.ts:406-430): the failed devices' tasks
        // are gone. (Devices still in flight when the campaign paused keep theirs, to be polled on resume.)
        let failedDevices = Set(failed.compactMap { $0["device"] as? String })
        let remaining = try await standIn.documents("tasks").compactMap { $0["device"] as? String }
        #expect(failedDevices.isDisjoint(with: remaining))
        let show = try await Self.campaign(standIn, state, ["show", id])
        #expect(show.stdout.contains("status:   paused (failure rate"))
        let resumed = try await Self.campaign(standIn, state, ["resume", id, "--poll-interval", "0.1"])
        #expect(resumed.stdout.contains("paused"), "the rule applies again on resume: \(resumed.combined)")
    }

    @Test("offline devices: queued, never verified, failed at the device deadline with their task deleted")
    func offlineDevices() async throws {
        let standIn = try await StandInProcess.start(devices: 4)
        defer { standIn.stop() }
        try await Self.upload(standIn)
        try await standIn.setOnline(StandInProcess.deviceID(1), false)
        let state = try Self.statePath()
        // The shortest deadline a campaign accepts: a CWMP session and a reboot take longer than seconds.
        let file = try Self.firmwareFile(deadline: "1m")
        let id = try Self.createdID(try await Self.campaign(standIn, state, ["create", file]))
        let run = try await Self.campaign(standIn, state, ["run", id, "--poll-interval", "0.1"])
        #expect(run.status == 1, "a run with failed devices exits 1")
        #expect(run.stdout.contains("completed: 3 succeeded, 1 failed"), "\(run.combined)")
        let report = try await Self.campaign(standIn, state, ["report", id, "--format", "csv"])
        let offline = try #require(report.csvRows.first { $0.first == StandInProcess.deviceID(1) })
        #expect(offline.contains("deadline"))
        let show = try await Self.campaign(standIn, state, ["show", id, "--events", "100"])
        #expect(show.stdout.contains("connection request: Device is offline"), "\(show.stdout)")
        #expect(try await standIn.documents("tasks").isEmpty)
    }

    @Test("cancel stops pushes and deletes the queued tasks that have not run")
    func cancel() async throws {
        let standIn = try await StandInProcess.start(devices: 6)
        defer { standIn.stop() }
        let state = try Self.statePath()
        let (id, running) = try await Self.queuedCampaign(standIn, state)
        let cancel = try await Self.campaign(standIn, state, ["cancel", id])
        #expect(cancel.status == 0, "\(cancel.combined)")
        #expect(cancel.stdout.contains("deleted 3 queued task(s)"))
        let run = try await running.value
        #expect(run.stdout.contains("cancelled"), "\(run.combined)")
        #expect(try await standIn.documents("tasks").isEmpty)
        let report = try await Self.campaign(standIn, state, ["report", id, "--format", "json"])
        #expect(
            try report.jsonRows().allSatisfy {
                $0["state"] as? String == "skipped" && $0["error"] as? String == "cancelled"
            }
        )
        #expect(try await Self.tasksCreated(standIn, "download") == 3)
    }

    @Test("cancel with GenieACS unreachable: the campaign is cancelled, exit 0, the tasks left to delete are named")
    func cancelUnreachable() async throws {
        let standIn = try await StandInProcess.start(devices: 3)
        defer { standIn.stop() }
        let state = try Self.statePath()
        let (id, running) = try await Self.queuedCampaign(standIn, state)
        #expect(try await Self.campaign(standIn, state, ["pause", id]).status == 0)
        _ = try await running.value
        let url = standIn.url
        standIn.stop()
        let cancel = try await FerruleRunner.execute(["campaign", "cancel", id, "--state", state, "--acs", url])
        #expect(cancel.status == 0, "the campaign is cancelled: \(cancel.combined)")
        #expect(cancel.stdout.contains("deleted 0 queued task(s)"), "\(cancel.stdout)")
        #expect(cancel.stdout.contains("3 queued task(s) not deleted yet"), "\(cancel.stdout)")
        #expect(cancel.stdout.contains("retry with: ferrule campaign cancel \(id)"), "\(cancel.stdout)")
        let list = try await FerruleRunner.execute(["campaign", "list", "--state", state, "--format", "json"])
        #expect(try list.jsonRows().first { $0["id"] as? String == id }?["status"] as? String == "cancelled")
        let report = try await FerruleRunner.execute(["campaign", "report", id, "--state", state, "--format", "json"])
        #expect(
            try report.jsonRows().allSatisfy {
                $0["state"] as? String == "skipped" && $0["error"] as? String == "cancel-pending"
            },
            "\(report.stdout)"
        )
    }

    @Test("mass configuration: dry run shows each change from the current value, secrets masked; rollback restores")
    func configurationAndRollback() async throws {
        let standIn = try await StandInProcess.start(devices: 3)
        defer { standIn.stop() }
        let state = try Self.statePath()
        let file =
            try Scratch.directory([
                "cfg.yaml": """
                name: inform-900
                configuration:
                  - periodicInform: {enabled: true, interval: 900}
                  - wifi: {band: 2.4GHz, ssid: "Acme-${right(device.serialNumber, 4)}", passphrase: "${secret:WIFI_PASSPHRASE}"}
                devices:
                  model: EX220
                  expected_count: 3
                rollout:
                  retries: 0
                  device_deadline: 60s
                """
            ]) + "/cfg.yaml"
        let secret = ["FERRULE_SECRET_WIFI_PASSPHRASE": "pass-9f3b-never-printed"]
        let plan = try await Self.campaign(standIn, state, ["plan", file, "--format", "csv"])
        #expect(plan.status == 0, "\(plan.combined)")
        let interval = try #require(
            plan.csvRows.first { $0.count > 2 && $0[2] == "Device.ManagementServer.PeriodicInformInterval" }
        )
        #expect(interval[3] == "3600" && interval[4] == "900")
        #expect(plan.stdout.contains("Acme-0000"))
        let created = try await Self.campaign(standIn, state, ["create", file])
        #expect(created.status == 0, "\(created.combined)")
        #expect(
            created.stderr.contains("warning: the campaign uses ${secret:WIFI_PASSPHRASE}, which neither"),
            "create without the secret says run will need it: \(created.stderr)"
        )
        // The devices of an open campaign cannot be targeted again: a second create is refused,
        // naming it, until it is cancelled.
        let first = try Self.createdID(created)
        let twice = try await Self.campaign(standIn, state, ["create", file], environment: secret)
        #expect(twice.status == 1 && twice.stderr.contains("open campaign \(first) (created)"), "\(twice.combined)")
        _ = try await Self.campaign(standIn, state, ["cancel", first])
        let withSecret = try await Self.campaign(standIn, state, ["create", file], environment: secret)
        #expect(withSecret.status == 0 && !withSecret.stderr.contains("warning"), "\(withSecret.combined)")
        let id = try Self.createdID(withSecret)
        let run = try await Self.campaign(standIn, state, ["run", id, "--poll-interval", "0.1"], environment: secret)
        #expect(run.status == 0, "\(run.combined)")
        let device = try await standIn.ferrule(["acs", "device", StandInProcess.deviceID(0), "--format", "csv"])
        #expect(
            device.csvRows.contains { $0.first == "Device.ManagementServer.PeriodicInformInterval" && $0[1] == "900" }
        )
        let report = try await Self.campaign(standIn, state, ["report", id])
        // JSON values typed as GenieACS stores them (xsd:unsignedInt: a number), secrets masked.
        let json = try await Self.campaign(standIn, state, ["report", id, "--format", "json"])
        #expect(json.stdout.contains(#""Device.ManagementServer.PeriodicInformInterval":900"#), "\(json.stdout)")
        #expect(json.stdout.contains(#"":"••••••""#), "\(json.stdout)")
        for output in [plan, run, report, json, device] { #expect(!output.combined.contains("pass-9f3b")) }

        let rollback = try await Self.campaign(standIn, state, ["rollback", id])
        #expect(rollback.status == 0, "\(rollback.combined)")
        let rollbackID = try Self.createdID(rollback)
        let undo = try await Self.campaign(standIn, state, ["run", rollbackID, "--poll-interval", "0.1"])
        #expect(undo.status == 0, "\(undo.combined)")
        let restored = try await standIn.ferrule(["acs", "device", StandInProcess.deviceID(0), "--format", "csv"])
        #expect(
            restored.csvRows.contains {
                $0.first == "Device.ManagementServer.PeriodicInformInterval" && $0[1] == "3600"
            }
        )
        #expect(restored.csvRows.contains { $0.first?.hasSuffix("SSID.1.SSID") == true && !$0[1].hasPrefix("Acme-") })
    }

    @Test("expected_count that does not hold refuses to create")
    func expectedCount() async throws {
        let standIn = try await StandInProcess.start(devices: 3)
        defer { standIn.stop() }
        let state = try Self.statePath()
        let file = try Self.firmwareFile(devices: "  expected_count: 100\n  tolerance: 5")
        let created = try await Self.campaign(standIn, state, ["create", file])
        #expect(created.status == 1)
        #expect(created.stderr.contains("3 device(s) match the filter but expected_count is 100"))
        let list = try await Self.campaign(standIn, state, ["list", "--format", "csv"])
        #expect(list.csvRows.count <= 1)
    }

    @Test("a runner killed at random points resumes: no device lost, none pushed twice")
    func killAndResume() async throws {
        let standIn = try await StandInProcess.start(
            devices: 30,
            scenario: "firmware: {delayMs: 150}\nlatencies: {crToSessionMs: 30, sessionDurationMs: 30}\n"
        )
        defer { standIn.stop() }
        try await Self.upload(standIn)
        let state = try Self.statePath()
        let file = try Self.firmwareFile("  max_concurrent: 5", deadline: "30m")
        let id = try Self.createdID(try await Self.campaign(standIn, state, ["create", file]))
        var generator = SystemRandomNumberGenerator()
        var finished = false
        var last = ""
        for round in 0..<12 where !finished {
            let arguments = ["campaign", "run", id, "--poll-interval", "0.05", "--state", state, "--acs", standIn.url]
            // Random points from start-up (nothing done yet) to mid-run; the last run may finish.
            let kill = Duration.milliseconds(Int.random(in: 150...1500, using: &generator))
            let output = try await FerruleRunner.execute(arguments, timeout: round < 11 ? kill : .seconds(120))
            finished = output.stdout.contains("completed")
            last = output.combined
        }
        #expect(finished, "\(last.suffix(1500))")
        let report = try await Self.campaign(standIn, state, ["report", id, "--format", "json"])
        let rows = try report.jsonRows()
        #expect(rows.count == 30)
        let unfinished = rows.filter { $0["state"] as? String != "succeeded" }.map {
            "\($0["device"] ?? "") \($0["state"] ?? "") \($0["attempts"] ?? "") \($0["error"] ?? "") \($0["message"] ?? "")"
        }
        #expect(unfinished.isEmpty, "\(unfinished)")
        #expect(try await Self.tasksCreated(standIn, "download") == 30, "a device got a second download task")
    }

    @Test("outside its maintenance window a campaign pushes nothing and says when the window opens")
    func closedWindow() async throws {
        let standIn = try await StandInProcess.start(devices: 3)
        defer { standIn.stop() }
        try await Self.upload(standIn)
        let state = try Self.statePath()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let hour = calendar.component(.hour, from: Date())
        let start = String(format: "%02d:00", (hour + 2) % 24)
        let end = String(format: "%02d:00", (hour + 3) % 24)
        let file = try Self.firmwareFile(
            "  timezone: UTC\n  windows: [{start: \"\(start)\", end: \"\(end)\"}]\n"
        )
        let id = try Self.createdID(try await Self.campaign(standIn, state, ["create", file]))
        let arguments = ["campaign", "run", id, "--poll-interval", "0.1", "--state", state, "--acs", standIn.url]
        // It waits for the window: read its output until it says so (killed after 120 s), then stop it.
        let run = try FollowedProcess(arguments)
        var seen: [String] = []
        for await line in run.lines {
            seen.append(line)
            if line.contains("outside the rollout window; next opening") { break }
        }
        run.terminate()
        _ = await run.status()
        #expect(seen.contains { $0.contains("outside the rollout window; next opening") }, "\(seen)")
        #expect(try await Self.tasksCreated(standIn, "download") == 0)
    }

    @Test("rate_per_minute paces the pushes")
    func rateLimit() async throws {
        let standIn = try await StandInProcess.start(devices: 10)
        defer { standIn.stop() }
        try await Self.upload(standIn)
        let state = try Self.statePath()
        let file = try Self.firmwareFile("  rate_per_minute: 60\n", deadline: "1h")
        let id = try Self.createdID(try await Self.campaign(standIn, state, ["create", file]))
        // Runs to the end in real time (about 10 s), then reads each push's time from the
        // campaign's events (whole seconds, written when GenieACS answered, so a slow answer on a
        // loaded machine shifts one): ten pushes at one a second span about 9 s; unpaced, they
        // would all land within a second or two. The exact pacing, stalls included, is
        // RunnerScheduleTests' and RunnerRateBurstTests' on the test clock.
        let run = try await Self.campaign(standIn, state, ["run", id, "--poll-interval", "0.2"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let times = try await CampaignPONEndToEndTests.pushTimes(standIn, state, id).values.sorted()
        #expect(times.count == 10, "\(times)")
        #expect((times.last ?? 0) - (times.first ?? 0) >= 6000, "push times (ms): \(times)")
    }
}

import FerruleTestSupport
import Foundation
import PONEvents
import Testing

/// End to end: PON-aware rollouts through `ferrule campaign create` / `run` against
/// `genieacs-standin`, with a topology file and the VOLTHA event store `ferrule events run`
/// records. Time is the campaign's virtual test clock (`FERRULE_TEST_CAMPAIGN_CLOCK`): it moves
/// only when the runner waits, so a storm's quiet period passes without the test sleeping.
@Suite("ferrule campaign, PON-aware (end to end)")
struct CampaignPONEndToEndTests {
    /// The virtual clock's start: now, to the second (the event store keeps recent events).
    let start = (Date().timeIntervalSince1970).rounded(.down) * 1000

    /// Devices 0–3 on olt-1 PON 1, 4–7 on olt-1 PON 2; each behind ONU `HWTC0000000<n>`.
    static func topology(devices: Int = 8) throws -> String {
        var lines = ["device,olt,pon,serial,model"]
        for n in 0..<devices { lines.append("\(StandInProcess.deviceID(n)),olt-1,\(n < 4 ? 1 : 2),\(serial(n)),EX220") }
        return try Scratch.directory(["topology.csv": lines.joined(separator: "\n") + "\n"]) + "/topology.csv"
    }

    static func serial(_ n: Int) -> String { "HWTC" + String(format: "%08X", n) }

    static func pon(ofDevice id: String) -> Int? {
        guard let n = Int(id.suffix(6)) else { return nil }
        return n < 4 ? 1 : 2
    }

    /// The PON campaign (``PONCampaignFixture``) with `rollout` lines added, as a file.
    static func campaignFile(_ rollout: String) throws -> String {
        try Scratch.directory(["pon.yaml": PONCampaignFixture.text(rollout: [rollout])]) + "/pon.yaml"
    }

    /// A signal-lost raise or clear of ONU `serial` on olt-1 `pon` at `ms`.
    static func los(_ serial: String, pon: UInt32, at ms: Double, _ phase: PONEventPhase = .raise) -> PONEvent {
        PONEvent(
            name: "ONU_LOSS_OF_SIGNAL_\(phase == .raise ? "RAISE" : "CLEAR")_EVENT",
            alarmName: "ONU_LOSS_OF_SIGNAL",
            kind: .signalLost,
            phase: phase,
            headerID: "\(serial)-\(ms)",
            category: "COMMUNICATION",
            subCategory: "ONU",
            resourceID: "olt-1",
            oltDeviceID: "olt-1",
            onuSerial: serial,
            ponInterface: pon,
            raisedAt: Date(timeIntervalSince1970: ms / 1000)
        )
    }

    /// A state directory whose event store holds `events` (as `ferrule events run` would record them).
    static func eventStore(_ events: [PONEvent]) async throws -> String {
        let directory = try Scratch.directory("ferrule-pon-events").path
        let store = try EventStore(path: EventStore.path(inStateDirectory: directory))
        for (index, event) in events.enumerated() {
            try await store.record(event, source: .kafka(topic: "voltha.events", partition: 0, offset: Int64(index)))
        }
        return directory
    }

    /// `ferrule campaign run` on the virtual clock.
    func run(_ standIn: StandInProcess, _ state: String, _ id: String, _ extra: [String]) async throws
        -> FerruleRunner.Output
    {
        try await CampaignEndToEndTests.campaign(
            standIn,
            state,
            ["run", id, "--poll-interval", "10"] + extra,
            environment: ["FERRULE_TEST_CAMPAIGN_CLOCK": String(Int(start))]
        )
    }

    /// Each device's push time (milliseconds), from the campaign's `pushed` events.
    static func pushTimes(_ standIn: StandInProcess, _ state: String, _ id: String) async throws -> [String: Double] {
        let show = try await CampaignEndToEndTests.campaign(standIn, state, ["show", id, "--events", "1000"])
        var out: [String: Double] = [:]
        for line in show.stdout.split(separator: "\n") {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count >= 3, words[2] == "pushed", let at = try? Date(String(words[0]), strategy: .iso8601)
            else {
                continue
            }
            out[String(words[1])] = min(out[String(words[1])] ?? .infinity, at.timeIntervalSince1970 * 1000)
        }
        return out
    }

    /// Each device's finish time (milliseconds), from `campaign report`.
    static func finishTimes(_ standIn: StandInProcess, _ state: String, _ id: String) async throws -> [String: Double] {
        let report = try await CampaignEndToEndTests.campaign(standIn, state, ["report", id, "--format", "json"])
        var out: [String: Double] = [:]
        for row in try report.jsonRows() {
            guard let device = row["device"] as? String, let text = row["finished"] as? String,
                let at = try? Date(text, strategy: .iso8601)
            else { continue }
            out[device] = at.timeIntervalSince1970 * 1000
        }
        return out
    }

    /// The most devices of each PON in flight at once, from push and finish times.
    static func peakInFlight(pushed: [String: Double], finished: [String: Double]) -> [Int: Int] {
        var peak: [Int: Int] = [:]
        for (_, at) in pushed {
            for pon in [1, 2] {
                let flying = pushed.filter { device, start in
                    Self.pon(ofDevice: device) == pon && start <= at && (finished[device] ?? .infinity) > at
                }
                peak[pon] = max(peak[pon] ?? 0, flying.count)
            }
        }
        return peak
    }

    @Test("max_per_pon: never more devices of one PON in flight than the cap, and the cap binds")
    func capPerPON() async throws {
        let standIn = try await StandInProcess.start(devices: 8)
        defer { standIn.stop() }
        let state = try CampaignEndToEndTests.statePath()
        let file = try Self.campaignFile("max_per_pon: 2")
        let id = try CampaignEndToEndTests.createdID(
            try await CampaignEndToEndTests.campaign(standIn, state, ["create", file])
        )

        let refused = try await run(standIn, state, id, [])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("max_per_pon") && refused.stderr.contains("--topology"), "\(refused.combined)")
        #expect(refused.stderr.contains("Nothing was pushed"))
        #expect(try await Self.pushTimes(standIn, state, id).isEmpty, "refused before the first push")

        let done = try await run(standIn, state, id, ["--topology", try Self.topology()])
        #expect(done.status == 0, "\(done.combined)")
        #expect(done.stdout.contains("completed: 8 succeeded"))
        let pushed = try await Self.pushTimes(standIn, state, id)
        let finished = try await Self.finishTimes(standIn, state, id)
        #expect(pushed.count == 8)
        let peak = Self.peakInFlight(pushed: pushed, finished: finished)
        #expect(peak == [1: 2, 2: 2], "at most 2 per PON in flight, and 2 reached: \(peak) \(pushed) \(finished)")
        #expect(Set(pushed.values).count >= 2, "the cap made the rollout take more than one push cycle")
    }

    @Test("a LOS storm on PON 1 holds its devices while PON 2 continues; once it clears, PON 1 goes too")
    func stormHold() async throws {
        let standIn = try await StandInProcess.start(devices: 8)
        defer { standIn.stop() }
        let state = try CampaignEndToEndTests.statePath()
        // Eight ONUs of PON 1 (the default storm threshold) lose signal within 8 s, 30 s before the run.
        let raises = (0..<8).map {
            Self.los(Self.serial($0 < 4 ? $0 : 100 + $0), pon: 1, at: start - 30_000 + Double($0) * 1000)
        }
        let events = try await Self.eventStore(raises)
        let file = try Self.campaignFile("storm_hold: true")
        let id = try CampaignEndToEndTests.createdID(
            try await CampaignEndToEndTests.campaign(standIn, state, ["create", file])
        )

        let missing = try await run(standIn, state, id, ["--topology", try Self.topology()])
        #expect(missing.status == 1)
        #expect(
            missing.stderr.contains("storm_hold") && missing.stderr.contains("--voltha-events"),
            "\(missing.combined)"
        )

        let done = try await run(standIn, state, id, ["--topology", try Self.topology(), "--voltha-events", events])
        #expect(done.status == 0, "\(done.combined)")
        #expect(done.stdout.contains("holding 4 device(s) on olt-1 PON 1 (active storm)"), "\(done.stdout)")
        #expect(done.stdout.contains("completed: 8 succeeded"))
        let pushed = try await Self.pushTimes(standIn, state, id)
        #expect(pushed.count == 8)
        let pon1 = pushed.filter { Self.pon(ofDevice: $0.key) == 1 }.map(\.value)
        let pon2 = pushed.filter { Self.pon(ofDevice: $0.key) == 2 }.map(\.value)
        #expect(pon2.allSatisfy { $0 == start }, "PON 2 goes at once")
        // The storm ends 120 s (clear-after) after its last raise, at start + 97 s.
        let cleared = start - 30_000 + 7_000 + 120_000
        #expect(pon1.allSatisfy { $0 >= cleared }, "PON 1 waits for the storm to clear: \(pon1) vs \(cleared)")
    }

    @Test("pon_health: canary devices raising signal-lost beyond the threshold pause the campaign, naming the PON")
    func brickDetector() async throws {
        let standIn = try await StandInProcess.start(devices: 8)
        defer { standIn.stop() }
        let state = try CampaignEndToEndTests.statePath()
        // Two of the canary's ONUs go dark 5 s after the push (below the storm threshold: a brick, not a cut).
        let events = try await Self.eventStore([
            Self.los(Self.serial(0), pon: 1, at: start + 5_000), Self.los(Self.serial(1), pon: 1, at: start + 6_000),
        ])
        let file = try Self.campaignFile(
            "waves: [{canary: 4}, 4]\n  pon_health: {max_signal_lost: 1, window: 10m, grace: 0s}"
        )
        let id = try CampaignEndToEndTests.createdID(
            try await CampaignEndToEndTests.campaign(standIn, state, ["create", file])
        )
        let outcome = try await run(standIn, state, id, ["--topology", try Self.topology(), "--voltha-events", events])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("paused"), "\(outcome.combined)")
        #expect(
            outcome.stdout.contains("2 of 4 device(s)") && outcome.stdout.contains("most on olt-1 PON 1 (2)"),
            "\(outcome.stdout)"
        )
        let show = try await CampaignEndToEndTests.campaign(standIn, state, ["show", id])
        #expect(show.stdout.contains("status:   paused (PON health"))
        let pushed = try await Self.pushTimes(standIn, state, id)
        #expect(Set(pushed.keys) == Set((0..<4).map { StandInProcess.deviceID($0) }), "the second wave never went")
    }

    @Test("pon_health: ONTs that reboot on their upgrade (LOS raised, cleared 2 s later) do not pause the campaign")
    func rebootIsNotLoss() async throws {
        let standIn = try await StandInProcess.start(devices: 8)
        defer { standIn.stop() }
        let state = try CampaignEndToEndTests.statePath()
        // Every ONT reboots 5 s after the start and ranges again 2 s later: VOLTHA's LOS raise, then
        // the clear openolt sends on rediscovery (voltha-openolt-adapter device_handler.go:1905-1935).
        var events: [PONEvent] = []
        for n in 0..<8 {
            events.append(Self.los(Self.serial(n), pon: n < 4 ? 1 : 2, at: start + 5_000))
            events.append(Self.los(Self.serial(n), pon: n < 4 ? 1 : 2, at: start + 7_000, .clear))
        }
        let store = try await Self.eventStore(events)
        let file = try Self.campaignFile(
            "pon_health: {max_signal_lost: 1, window: 10m, grace: 0s}\n  storm_hold: false"
        )
        let id = try CampaignEndToEndTests.createdID(
            try await CampaignEndToEndTests.campaign(standIn, state, ["create", file])
        )
        let outcome = try await run(standIn, state, id, ["--topology", try Self.topology(), "--voltha-events", store])
        #expect(outcome.status == 0, "\(outcome.combined)")
        #expect(outcome.stdout.contains("completed: 8 succeeded"), "\(outcome.stdout)")
        #expect(!outcome.combined.contains("PON health"), "\(outcome.combined)")
    }

    @Test("max_per_pon from VOLTHA's ONU inventory: CPEs placed behind their ONUs by GPON serial")
    func capPerPONFromVOLTHA() async throws {
        // CPE serials HWTC00000000…7 (GenieACS ids 3C52A1-EX220-HWTC0000000<n>); the same ONUs in VOLTHA,
        // 0–3 on PON 0 and 4–7 on PON 1 of one OLT.
        let standIn = try await StandInProcess.start(devices: 8, scenario: "serialPrefix: HWTC00\n")
        defer { standIn.stop() }
        let onus = (0..<8).map { "      - {pon: \($0 < 4 ? 0 : 1), serial: \(Self.serial($0))}" }
        let voltha = try await PythonStandIn.voltha(
            scenario: "timing: {mode: time, step_ms: 0}\nolts:\n  - pon_ports: 2\n    onus:\n"
                + onus.joined(separator: "\n") + "\n"
        )
        defer { voltha.stop() }
        let state = try CampaignEndToEndTests.statePath()
        let file = try Self.campaignFile("max_per_pon: 2")
        let id = try CampaignEndToEndTests.createdID(
            try await CampaignEndToEndTests.campaign(standIn, state, ["create", file])
        )
        let done = try await run(standIn, state, id, ["--voltha", voltha.firstLine])
        #expect(done.status == 0, "\(done.combined)")
        #expect(done.stdout.contains("completed: 8 succeeded"))
        let pushed = try await Self.pushTimes(standIn, state, id)
        let finished = try await Self.finishTimes(standIn, state, id)
        #expect(pushed.count == 8)
        #expect(pushed.keys.allSatisfy { $0.hasPrefix("3C52A1-EX220-HWTC") }, "\(pushed.keys)")
        let peak = Self.peakInFlight(pushed: pushed, finished: finished)
        #expect(peak == [1: 2, 2: 2], "at most 2 per PON in flight, and 2 reached: \(peak) \(pushed)")
    }

    @Test(
        "campaign run takes VOLTHA's connection options: --voltha-timeout bounds the topology read, all are usage-checked"
    )
    func volthaConnectionOptions() async throws {
        let standIn = try await StandInProcess.start(devices: 2, scenario: "serialPrefix: HWTC00\n")
        defer { standIn.stop() }
        let state = try CampaignEndToEndTests.statePath()
        let id = try CampaignEndToEndTests.createdID(
            try await CampaignEndToEndTests.campaign(
                standIn,
                state,
                ["create", try Self.campaignFile("max_per_pon: 2")]
            )
        )
        // A VOLTHA that accepts the connection and never answers: the read ends at --voltha-timeout
        // (1 s), not at the default 30 s deadline.
        let silent = try SilentListener(accepting: true)
        let hung = try await run(
            standIn,
            state,
            id,
            ["--voltha", "127.0.0.1:\(silent.port)", "--voltha-timeout", "1"]
        )
        #expect(hung.status == 1, "\(hung.combined)")
        // The message names the deadline that applied (1 s, not the default 30 s); no timing.
        #expect(hung.stderr.contains("took longer than the deadline of 1 s"), "\(hung.stderr)")

        // --voltha-ca is read (a missing bundle is named), and --voltha-tls talks TLS: against the
        // plain gRPC stand-in the handshake fails and says so.
        let voltha = try await PythonStandIn.voltha(scenario: "timing: {mode: time, step_ms: 0}\n")
        defer { voltha.stop() }
        let ca = try Scratch.directory("voltha-ca").path + "/missing-ca.pem"
        let noCA = try await run(standIn, state, id, ["--voltha", voltha.firstLine, "--voltha-ca", ca])
        #expect(noCA.status == 1 && noCA.stderr.contains("the CA bundle (--voltha-ca)"), "\(noCA.stderr)")
        let tls = try await run(standIn, state, id, ["--voltha", voltha.firstLine, "--voltha-tls"])
        #expect(tls.status == 1 && tls.stderr.contains("TLS handshake with VOLTHA failed"), "\(tls.stderr)")

        for (arguments, message) in [
            (["--voltha", voltha.firstLine, "--voltha-timeout", "0"], "--voltha-timeout 0 is out of range: 1-3600"),
            (["--voltha", voltha.firstLine, "--voltha-timeout", "3601"], "--voltha-timeout 3601 is out of range"),
            (["--voltha-ca", ca], "apply to --voltha; add --voltha HOST:PORT"),
            (["--voltha-timeout", "5"], "apply to --voltha; add --voltha HOST:PORT"),
        ] {
            let refused = try await run(standIn, state, id, arguments)
            #expect(refused.status == 64 && refused.stderr.contains(message), "\(arguments): \(refused.stderr)")
        }
        for arguments in [
            ["events", "run", "--brokers", "127.0.0.1:1", "--state", state, "--voltha-ca", ca],
            [
                "events", "run", "--brokers", "127.0.0.1:1", "--state", state, "--voltha", "x:1", "--voltha-timeout",
                "0",
            ],
            [
                "events", "run", "--brokers", "127.0.0.1:1", "--state", state, "--voltha", "x:1",
                "--reconcile-software-budget", "0",
            ],
        ] {
            let refused = try await FerruleRunner.execute(arguments)
            #expect(refused.status == 64, "\(arguments): \(refused.combined)")
        }

        // Accepted and used: a generous deadline and the stand-in reached, the run completes.
        let done = try await run(standIn, state, id, ["--voltha", voltha.firstLine, "--voltha-timeout", "120"])
        #expect(done.status == 0, "\(done.combined)")
    }
}

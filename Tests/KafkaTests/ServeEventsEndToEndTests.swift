import FerruleTestSupport
import Foundation
import Testing

/// `ferrule serve` with an `events:` section, through the built executable: the VOLTHA stand-in
/// brings ONUs up and publishes their events to Tansu; the server's hosted consumer records them
/// and tags the matching CPEs in `genieacs-standin`; the API's events and alarms routes show what
/// it recorded and `/metrics` its event lag; a second server on the same state stands by, says so
/// in `/readyz` and its log, and takes over when the first stops; SIGTERM exits 0.
@Suite("ferrule serve hosts the PON event consumer", .timeLimit(.minutes(5)))
struct ServeEventsEndToEndTests {
    /// Four ONUs on one PON of a pre-provisioned OLT, whose serials are the stand-in CPEs' (`HWTC00…`).
    static let serials = VolthaScenarioText.fourCPESerials
    static let volthaScenario = VolthaScenarioText.onePON(serials, seed: 12)

    static let rules = """
        rules:
          - name: mark-pon-active
            on: voltha.onu_activated
            actions:
              - tag: {add: [pon-active]}
        """

    /// The server's configuration: the default tenant on both stand-ins, the consumer on the broker.
    static func configuration(state: String, broker: String, acs: String, voltha: String, rules: String) -> String {
        """
        state: \(state)
        listen: {port: 0}
        tenants:
          default:
            genieacs: {url: "\(acs)"}
            voltha: {address: "\(voltha)"}
        events:
          brokers: "\(broker)"
          group: serve-e2e
          properties: {session.timeout.ms: "6000", heartbeat.interval.ms: "500"}
          rules: \(rules)
          standby_seconds: 1
        """
    }

    /// A running `ferrule serve`: the process and its base URL.
    struct Server {
        let process: ProbeProcess
        let http: StandInHTTP

        init(config: String) async throws {
            process = try ProbeProcess(["serve", "--config", config], executable: "ferrule")
            let line = try await process.line(within: .seconds(120), "the listening line") {
                $0.hasPrefix("listening on ")
            }
            http = StandInHTTP(base: String(line.dropFirst("listening on ".count)))
        }

        /// The `consumer` check's detail in `/readyz`, with the answer's status.
        func consumerReadiness() async throws -> (status: Int, detail: String?) {
            let (status, body) = try await http.text("/readyz")
            let document = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
            let checks = document?["checks"] as? [[String: Any]] ?? []
            return (status, checks.first { $0["name"] as? String == "consumer" }?["detail"] as? String)
        }

        /// Waits until `/readyz` answers 200 with a consumer detail `accepted` takes.
        @discardableResult
        func readiness(_ what: String, _ accepted: @escaping (String) -> Bool) async throws -> String {
            try await eventually(what, within: .seconds(120), last: { "\((try? await consumerReadiness()) as Any)" }) {
                let (status, detail) = try await consumerReadiness()
                guard status == 200, let detail, accepted(detail) else { return nil }
                return detail
            }
        }

        /// The JSON object `GET path` answers with the token.
        func json(_ path: String, token: String) async throws -> [String: Any] {
            let (status, body) = try await http.text(path, headers: ["X-API-Key": token])
            guard status == 200, let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
            else { throw ProbeError("GET \(path): \(status) \(body)") }
            return object
        }
    }

    /// The value of the Prometheus sample `name` (with its labels as written) in `text`.
    static func sample(_ name: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ")[1]) }
    }

    @Test(
        "ONUs up → CPEs tagged by the server's consumer; events, alarms, lag metrics; a second server stands by; SIGTERM 0"
    )
    func hostedConsumer() async throws {
        let standIns = try await PONStandIns.start(devices: 4, volthaScenario: Self.volthaScenario)
        defer { standIns.stop() }
        let (broker, acs, voltha) = (standIns.broker, standIns.acs, standIns.voltha)
        let work = try Scratch.directory("serve-events")
        defer { try? FileManager.default.removeItem(at: work) }
        let state = work.appendingPathComponent("state").path
        try Scratch.write(
            [
                "rules/triggers.yaml": Self.rules,
                "serve.yaml": Self.configuration(
                    state: state,
                    broker: broker.address,
                    acs: acs.base,
                    voltha: voltha.firstLine,
                    rules: work.appendingPathComponent("rules").path
                ),
            ],
            to: work
        )
        let config = work.appendingPathComponent("serve.yaml").path
        let check = try await PONScenarioEndToEndTests.ferrule(["serve", "--config", config, "--check-config"])
        #expect(check.stdout.contains("events: consuming \(broker.address) topic voltha.events group serve-e2e"))

        // 1. The server consumes: /readyz reports the consumer connected.
        let first = try await Server(config: config)
        try await first.readiness("the consumer connected") { $0 == "ok" }
        // The start's reconciliation with the tenant's VOLTHA (nothing active yet) comes before the ONUs.
        try await eventually("the first reconciliation") {
            first.process.standardError.contains("reconciled with VOLTHA") ? true : nil
        }
        let created = try await PONScenarioEndToEndTests.ferrule([
            "token", "create", "--state", state, "--tenant", "default", "--permission", "isp.*",
            "--permission", "ferrule.metrics.read",
        ])
        let token = String(created.stdout.split(separator: "\n").last ?? "")

        // 2. The OLT is enabled: its four ONUs come up, and the server tags their CPEs.
        try await PONScenarioEndToEndTests.enableOLT(voltha)
        let tagged = try await eventually("four CPEs tagged pon-active") {
            let ids = try await acs.deviceIDs(#"{"_tags":"pon-active"}"#)
            return ids.count == 4 ? ids : nil
        }
        #expect(tagged.allSatisfy { id in Self.serials.contains { id.hasSuffix($0) } }, "\(tagged)")

        // 3. The API shows what the consumer recorded: the activations, then a raised loss of signal.
        let events = try await first.json("/api/v1/voltha/events?event_type=onu_activated", token: token)
        #expect(events["total"] as? Int == 4, "\(events)")
        try await PONScenarioEndToEndTests.lossOfSignal(voltha, [Self.serials[0]], raise: true)
        let alarms = try await eventually("the loss of signal as a raised alarm") {
            let alarms = try await first.json("/api/v1/voltha/alarms?state=RAISED", token: token)
            return alarms["active"] as? Int == 1 ? alarms : nil
        }
        #expect(alarms["total"] as? Int == 1, "\(alarms)")

        // 4. /metrics: every event's lag observed, the recorded events and the actions done counted.
        let (metricsStatus, metrics) = try await first.http.text("/metrics", headers: ["X-API-Key": token])
        #expect(metricsStatus == 200)
        #expect((Self.sample("ferrule_event_lag_seconds_count", in: metrics) ?? 0) >= 5, "\(metrics)")
        #expect(Self.sample(#"ferrule_events_total{outcome="recorded"}"#, in: metrics) ?? 0 >= 5)
        #expect(Self.sample(#"ferrule_event_actions_total{outcome="done"}"#, in: metrics) == 4)
        #expect(Self.sample(#"ferrule_event_consumer_state{state="connected"}"#, in: metrics) == 1)

        // 5. A second server on the same state serves and stands by, naming the first as the holder.
        let second = try await Server(config: config)
        let standby = try await second.readiness("the second server standing by") { $0.hasPrefix("standby (held by ") }
        #expect(standby.contains("pid \(first.process.processIdentifier) on host "), "\(standby)")
        #expect(second.process.standardError.contains("stands by"), "\(second.process.standardError)")

        // 6. SIGTERM: the first exits 0 and gives the store back; the second takes over at once.
        let stopped = await first.process.terminateAndWait()
        #expect(stopped == SpawnedProcess.Termination(status: 0, bySignal: false), "\(first.process.standardError)")
        try await second.readiness("the second server consuming") { $0 == "ok" }
        let last = await second.process.terminateAndWait()
        #expect(last == SpawnedProcess.Termination(status: 0, bySignal: false), "\(second.process.standardError)")
    }
}

import FerruleTestSupport
import Foundation
import PONEvents
import Testing
import VOLTHA

/// `ferrule events run --voltha`: events VOLTHA never published (here: a stand-in with no Kafka
/// at all) are derived from its inventory at each start, recorded with source `reconcile`, and
/// their triggers fire once; a pass over a store that already agrees derives nothing.
@Suite("ferrule events run --voltha: reconciling with VOLTHA's inventory", .timeLimit(.minutes(5)))
struct EventsRunReconcileEndToEndTests {
    /// Three ONUs up since before the consumer existed; their CPEs exist in the GenieACS stand-in.
    static let serials = ["HWTC00000000", "HWTC00000001", "HWTC00000002"]

    static let volthaScenario = """
        timing: {mode: time, step_ms: 0}
        olts:
          - state: enabled
            pon_ports: 2
            onus:
              - {pon: 0, serial: HWTC00000000}
              - {pon: 0, serial: HWTC00000001}
              - {pon: 1, serial: HWTC00000002}

        """

    /// Starts a consumer and returns it with its reconciliation line.
    static func start(
        _ broker: KafkaBroker,
        _ work: PONScenarioEndToEndTests.Workspace,
        acs: String,
        voltha: String
    ) async throws -> (ProbeProcess, String) {
        let consumer = try ProbeProcess(
            [
                "events", "run", "--brokers", broker.address, "--group", "reconcile", "--state", work.events,
                "-X", "session.timeout.ms=6000", "-X", "heartbeat.interval.ms=500", "--rules", work.rules,
                "--acs", acs, "--acs-timeout", "10", "--voltha", voltha, "--reconcile-interval", "0",
                "--storm-settings", work.directory.appendingPathComponent("no-debounce.yaml").path,
            ],
            executable: "ferrule"
        )
        let line = try await consumer.line(within: .seconds(60), "a reconciliation") {
            $0.hasPrefix("reconciled with VOLTHA ")
        }
        return (consumer, line)
    }

    static func settled(_ store: EventStore) async throws {
        try await eventually("every action settled") { try await store.pendingActionCount() == 0 ? true : nil }
    }

    @Test("missed activations, a missed loss of signal and its missed clear are derived once each, across a SIGKILL")
    func reconcilesAfterOutages() async throws {
        let broker = try await KafkaBroker.start()
        defer { broker.stop() }
        let genie = try await PONScenarioEndToEndTests.genieACS(devices: 3)
        defer { genie.stop() }
        let acs = StandInHTTP(base: genie.firstLine)
        let voltha = try await PythonStandIn.voltha(scenario: Self.volthaScenario)
        defer { voltha.stop() }
        let work = try PONScenarioEndToEndTests.Workspace()
        defer { try? FileManager.default.removeItem(at: work.directory) }
        // The ONU comes back within seconds here: without debounce and duplicate merging that is a new
        // activation, not a flap (with them, one within 30 s of the last would be merged into it).
        try Scratch.write(
            ["no-debounce.yaml": "storm:\n  debounce-seconds: 0\n  duplicate-window-seconds: 0\n"],
            to: work.directory
        )
        let store = try EventStore(path: EventStore.path(inStateDirectory: work.events))
        let devices = Self.serials.map { "3C52A1-EX220-" + $0 }

        // 1. Three ONUs are ACTIVE and no event about them ever reached Kafka: three activations derived.
        let (first, line1) = try await Self.start(broker, work, acs: acs.base, voltha: voltha.firstLine)
        #expect(line1.hasSuffix("3 ONU(s) listed, 3 event(s) derived (3 ONU_ACTIVATED_RAISE_EVENT)"), "\(line1)")
        try await Self.settled(store)
        #expect(try await acs.deviceIDs(#"{"_tags":"pon-active"}"#) == devices)
        let provisions = try await acs.tasks(#"{"name":"provisions"}"#).compactMap { $0["device"] as? String }
        #expect(provisions.sorted() == devices, "one provisions task per CPE")
        let derived = try await store.events(EventQuery(type: "onu_activated", limit: 10))
        #expect(
            derived.events.allSatisfy { event in
                guard case .reconcile(let address, _, _) = event.source else { return false }
                return address == voltha.firstLine && event.event.context[PONReconciliation.marker] == "true"
            }
        )
        // The versions come from GetOnuImages (VOLTHA's device list has none), as openonu's own event has them.
        #expect(derived.events.count == 3)
        #expect(
            derived.events.allSatisfy {
                $0.event.context["software-version"] == "V5R019C00S050"
                    && $0.event.context["inactive-software-version"] == "V5R019C00S040"
            },
            "\(derived.events.map(\.event.context))"
        )
        await first.kill()

        // 2. While no consumer runs, ONU 1 loses signal (VOLTHA publishes nothing): a raise is derived.
        try await PONScenarioEndToEndTests.lossOfSignal(voltha, [Self.serials[1]], raise: true)
        let (second, line2) = try await Self.start(broker, work, acs: acs.base, voltha: voltha.firstLine)
        #expect(line2.hasSuffix("1 event(s) derived (1 ONU_LOSS_OF_SIGNAL_RAISE_EVENT)"), "\(line2)")
        let lost = try await store.alarms(AlarmQuery(onuSerial: Self.serials[1], state: .active))
        #expect(lost.alarms.map(\.name) == ["ONU_LOSS_OF_SIGNAL"], "\(lost)")
        second.terminate()
        try await second.waitForEnd()

        // 3. It comes back: the clear and a new activation are derived; the activation provisions again.
        try await PONScenarioEndToEndTests.lossOfSignal(voltha, [Self.serials[1]], raise: false)
        let (third, line3) = try await eventuallyUp(broker, work, acs: acs.base, voltha: voltha.firstLine)
        #expect(
            line3.hasSuffix("2 event(s) derived (1 ONU_ACTIVATED_RAISE_EVENT, 1 ONU_LOSS_OF_SIGNAL_CLEAR_EVENT)"),
            "\(line3)"
        )
        try await Self.settled(store)
        #expect(try await store.alarms(AlarmQuery(onuSerial: Self.serials[1], state: .active)).total == 0)
        third.terminate()
        try await third.waitForEnd()

        // 4. The store agrees with VOLTHA now: nothing is derived, nothing more reaches GenieACS.
        let (fourth, line4) = try await Self.start(broker, work, acs: acs.base, voltha: voltha.firstLine)
        #expect(line4.hasSuffix("3 ONU(s) listed, 0 event(s) derived"), "\(line4)")
        fourth.terminate()
        let summary = try await fourth.line("summary") { $0.hasPrefix("stopped: ") }
        try await fourth.waitForEnd()
        #expect(summary.contains("0 derived by reconciliation"), "\(summary)")
        #expect(try await acs.tasksCreated("provisions") == 4, "three activations, then ONU 1's second one")
        var keys: Set<String> = []
        var next: Int64 = 1
        while let action = try await store.action(next), next <= 100 {
            #expect(keys.insert(action.key).inserted, "key \(action.key) queued twice")
            #expect(action.outcome?.status == .succeeded, "\(action)")
            next += 1
        }
        #expect(keys.count == 8, "tag + provision for four activations")
    }

    /// Starts a consumer once VOLTHA shows the ONU up again (its start-up steps run on the stand-in's
    /// ticker: a consumer started before would find it still coming up and derive nothing yet).
    func eventuallyUp(
        _ broker: KafkaBroker,
        _ work: PONScenarioEndToEndTests.Workspace,
        acs: String,
        voltha: String
    ) async throws -> (ProbeProcess, String) {
        try await eventually("ONU \(Self.serials[1]) ACTIVE again") {
            let output = try await ProcessRunner(
                Repository.executable("ferrule"),
                ["voltha", "devices", "--format", "csv", "--voltha", voltha],
                timeout: .seconds(60)
            ).run()
            return output.stdout.split(separator: "\n").contains {
                $0.contains(",\(Self.serials[1]),ENABLED,ACTIVE,REACHABLE,")
            } ? true : nil
        }
        return try await Self.start(broker, work, acs: acs, voltha: voltha)
    }

    @Test("events run takes VOLTHA's connection options: --voltha-timeout bounds each reconciliation call")
    func connectionOptions() async throws {
        let broker = try await KafkaBroker.start()
        defer { broker.stop() }
        let state = try Scratch.directory("ferrule-reconcile-options").path
        // A VOLTHA that accepts the connection and never answers: the pass fails at the 1 s deadline
        // (the default is 30 s) and says so.
        let silent = try SilentListener(accepting: true)
        let hung = try ProbeProcess(
            [
                "events", "run", "--brokers", broker.address, "--group", "options", "--state", state,
                "--voltha", "127.0.0.1:\(silent.port)", "--voltha-timeout", "1", "--reconcile-interval", "0",
            ],
            executable: "ferrule"
        )
        try await eventually("a reconciliation ended by the 1 s deadline", within: .seconds(60)) {
            hung.standardError.contains("took longer than the deadline of 1 s") ? true : nil
        }
        hung.terminate()
        try await hung.waitForEnd()

        // Accepted with a reachable VOLTHA: the pass lists its ONUs.
        let voltha = try await PythonStandIn.voltha(scenario: Self.volthaScenario)
        defer { voltha.stop() }
        let reached = try ProbeProcess(
            [
                "events", "run", "--brokers", broker.address, "--group", "options", "--state", state,
                "--voltha", voltha.firstLine, "--voltha-timeout", "120", "--reconcile-interval", "0",
            ],
            executable: "ferrule"
        )
        let line = try await reached.line(within: .seconds(60), "a reconciliation") {
            $0.hasPrefix("reconciled with VOLTHA ")
        }
        #expect(line.contains("3 ONU(s) listed"), "\(line)")
        reached.terminate()
        try await reached.waitForEnd()
    }
}

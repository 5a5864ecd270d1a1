import FerruleTestSupport
import Foundation
import PONEvents
import Testing

/// `ferrule events run --rules` between Tansu and the GenieACS stand-in: ONUs come up, their CPEs
/// are tagged and provisioned once, across a crash with actions pending, and one process holds the store.
@Suite("ferrule events run --rules: triggers into the GenieACS stand-in", .timeLimit(.minutes(8)))
struct EventsRunTriggersEndToEndTests {
    /// Two ONUs whose CPEs exist in the stand-in (serial prefix BBSM00 + six digits) and one without.
    static let onus = ["BBSM00000001", "HWTC0000BEEF", "BBSM00000002"]

    static let rules = """
        rules:
          - name: bind-gateway
            on: voltha.onu_activated
            actions:
              - tag: {add: [pon-active]}
              - provision: {name: bind-gateway, args: ["${event.serial}", "${event.ponPort}"]}
        """

    /// Publishes the discovery and activation events of ``onus`` numbered `first` ..< `first + count`.
    static func publish(_ broker: KafkaBroker, first: Int, count: Int) async throws {
        let output = try await ProcessRunner(
            KafkaBroker.python,
            [
                Repository.url("Tools/kafka-produce-events.py").path, "--brokers", broker.address, "--onus",
                onus.joined(separator: ","), "--first", String(first), "--count", String(count), "--quiet",
            ],
            timeout: .seconds(120)
        ).run()
        guard output.status == 0, output.stdout.contains("produced-all \(count)") else {
            throw ProbeError("kafka-produce-events.py exited \(output.status): \(output.stderr)")
        }
    }

    static func arguments(_ broker: KafkaBroker, state: URL, rules: URL, acs: String) -> [String] {
        [
            "events", "run", "--brokers", broker.address, "--group", "triggers", "--state", state.path,
            "-X", "session.timeout.ms=6000", "-X", "heartbeat.interval.ms=500", "--rules", rules.path,
            "--acs", acs, "--acs-timeout", "10",
        ]
    }

    /// Waits until the store holds offset `offset` and no action is pending (checked every 100 ms, at most 120 s).
    static func waitUntilSettled(_ store: EventStore, offset target: Int64) async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while true {
            let offset = try await store.lastOffset(topic: "voltha.events", partition: 0) ?? -1
            let pending = try await store.pendingActionCount()
            if offset >= target, pending == 0 { return }
            guard ContinuousClock.now < deadline else { throw ProbeError("the store never settled at \(target)") }
            try await Task.sleep(for: .milliseconds(100))  // polls the store's condition, with a deadline
        }
    }

    @Test("CPEs are tagged and provisioned exactly once across a SIGKILL with actions pending; a second run refuses")
    func triggersAcrossACrash() async throws {
        let broker = try await KafkaBroker.start()
        defer { broker.stop() }
        let standIn = try await TriggerRunFixture.startStandIn()
        defer { standIn.stop() }
        let acs = standIn.firstLine
        let fixture = try TriggerRunFixture("events-triggers", rules: Self.rules)
        defer { fixture.remove() }
        let (state, rulesDirectory, store) = (fixture.state, fixture.rules, fixture.store)

        // 1. GenieACS unreachable: the first two ONUs' events are recorded with their actions, which
        //    stay pending (retryable); then the consumer is killed.
        try await Self.publish(broker, first: 0, count: 4)
        let first = try fixture.startRun(broker, acs: "http://127.0.0.1:1")
        try await first.line("start line") { $0.hasPrefix("consuming ") && $0.contains("1 trigger rule(s)") }
        try await first.line("a retry") { $0.hasPrefix("action 1 ") && $0.hasSuffix("will retry") }
        try await EventsRunEndToEndTests.waitForOffset(3, in: store)
        let pendingBeforeKill = try await store.pendingActionCount()
        await first.kill()
        #expect(pendingBeforeKill == 4, "two activations × (tag, provision)")

        // 2. The rest of the events; a restart against the stand-in performs the pending actions
        //    first, then the new ones.
        try await Self.publish(broker, first: 4, count: 2)
        let second = try fixture.startRun(broker, acs: acs)
        try await second.line("start line") { $0.hasPrefix("consuming ") }
        try await Self.waitUntilSettled(store, offset: 5)

        // 3. One process per store: a third run refuses, names the holder, exits 3.
        let third = try await ProcessRunner(
            Repository.executable("ferrule"),
            Self.arguments(broker, state: state, rules: rulesDirectory, acs: acs),
            environment: KafkaBroker.environment,
            timeout: .seconds(120)
        ).run()
        #expect(third.status == 3, "\(third.stderr)")
        #expect(third.stderr.contains("error[lease-held]") && third.stderr.contains("already being consumed by pid"))

        second.terminate()
        let summary = try await second.line("summary") { $0.hasPrefix("stopped: ") }
        try await second.waitForEnd()
        #expect(summary.contains("4 done, 2 skipped, 0 failed"), "\(summary)")

        // Every action once, in the store: tag and provision done for the two CPEs, skipped for the ONU without one.
        let outcomes = try await store.settledOutcomes()
        #expect(outcomes.count == 6)
        #expect(outcomes.filter { $0.status == .succeeded }.count == 4)
        let skipped = outcomes.filter { $0.status == .skipped }
        // The serial in VOLTHA's spelling (hex in lower case), whatever the event said.
        #expect(skipped.count == 2 && skipped.allSatisfy { $0.detail.contains("no CPE matches ONU HWTC0000beef") })

        // In GenieACS: both CPEs tagged, one provisions task each (keyed by the action), none for the third device.
        let http = StandInHTTP(base: acs)
        let taggedIDs = try await http.deviceIDs(#"{"_tags":"pon-active"}"#)
        #expect(taggedIDs == ["3C52A1-EX220-BBSM00000001", "3C52A1-EX220-BBSM00000002"])
        let provisions = try await http.tasks(#"{"name":"provisions"}"#)
        #expect(provisions.count == 2, "\(provisions)")
        #expect(Set(provisions.compactMap { $0["device"] as? String }) == Set(taggedIDs))
        #expect(provisions.allSatisfy { ($0["uniqueKey"] as? String)?.hasPrefix("trg-") == true })
        let created = try await http.tasksCreated("provisions")
        #expect(created == 2, "one provisions task per CPE, never a second")
    }
}

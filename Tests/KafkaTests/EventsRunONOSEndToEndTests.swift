import FerruleTestSupport
import Foundation
import PONEvents
import Testing

/// `ferrule events run --onos` between Tansu and the GenieACS stand-in: ONOS's kafka-onos JSON
/// events on onu.events and dhcp.events beside VOLTHA's on voltha.events, in one consumer group,
/// each recorded with its own topic's offset and firing its onos.* trigger once.
@Suite("ferrule events run --onos: ONOS's JSON events as a second source", .timeLimit(.minutes(8)))
struct EventsRunONOSEndToEndTests {
    static let rules = """
        rules:
          - name: onu-up
            on: voltha.onu_activated
            actions: [{tag: {add: [pon-active]}}]
          - name: uni-up
            on: onos.uni_added
            actions: [{tag: {add: [uni-up]}}]
          - name: got-ip
            on: onos.dhcp_acked
            actions:
              - provision: {name: set-wan-ip, args: ["${event.ip}", "${event.mac}"]}
        """

    /// kafka-onos's topics (AccessDeviceKafkaIntegration.java:66, AaaKafkaIntegration.java:97,
    /// DhcpL2RelayKafkaIntegration.java:65).
    static let onosTopics = ["onu.events", "authentication.events", "dhcp.events"]

    /// kafka-onos's payloads (AccessDeviceKafkaIntegration.java:103-121, DhcpL2RelayKafkaIntegration.java:127-143).
    static let uniEvents = """
        {"timestamp":"2026-12-05T09:00:00.123Z","status":"activated","serialNumber":"BBSM00000001-1","portNumber":"256","deviceId":"of:00000a0a0a0a0a00","oltSerialNumber":"BBSIM_OLT_10"}
        """
    /// A record cut short first (offset 0), then the ACK (offset 1): once the ACK is recorded, the
    /// bad record was handled.
    static let dhcpEvents = """
        {"type":"UPDATED","timestamp":"2026-12-05T09:00:05Z","deviceId":"of:00000a0a0a0a0a00","portNumber":"512","serialNumber":"BBSM00000002-1","messageType":"DHCPACK","macAddress":"2E:0A:00:02:00:00",
        {"type":"UPDATED","timestamp":"2026-12-05T09:00:04Z","deviceId":"of:00000a0a0a0a0a00","portNumber":"512","serialNumber":"BBSM00000002-1","messageType":"DHCPACK","macAddress":"2E:0A:00:02:00:00","ipAddress":"10.10.0.7"}
        """

    /// A DHCPACK two days old, on dhcp.events before the consumer's first start.
    static let backlogACK = """
        {"type":"UPDATED","timestamp":"2026-12-03T09:00:00Z","deviceId":"of:00000a0a0a0a0a00","portNumber":"512","serialNumber":"BBSM00000002-1","messageType":"DHCPACK","macAddress":"2E:0A:00:02:00:00","ipAddress":"10.10.0.99"}
        """

    /// Publishes ``uniEvents`` to onu.events until the consumer has recorded it: one published
    /// before the consumer found onu.events' end (where a group without a committed offset starts)
    /// is not read. Copies are one event to the outbox (the same action keys).
    static func publishUNIUntilRead(_ broker: KafkaBroker, store: EventStore, in directory: URL) async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while try await store.lastOffset(topic: "onu.events", partition: 0) == nil {
            try await publish(broker, uniEvents, topic: "onu.events", count: 1, in: directory)
            let attempt = ContinuousClock.now + .seconds(10)
            while try await store.lastOffset(topic: "onu.events", partition: 0) == nil, ContinuousClock.now < attempt {
                try await Task.sleep(for: .milliseconds(100))  // polls the store's condition, with a deadline
            }
            guard ContinuousClock.now < deadline else { throw ProbeError("the UNI event was never recorded") }
        }
    }

    /// Publishes the lines of `text` to `topic` as they are.
    static func publish(_ broker: KafkaBroker, _ text: String, topic: String, count: Int, in directory: URL)
        async throws
    {
        let file = directory.appendingPathComponent("\(topic).jsonl")
        try Data((text + "\n").utf8).write(to: file)
        let output = try await ProcessRunner(
            KafkaBroker.python,
            [
                Repository.url("Tools/kafka-produce-events.py").path, "--brokers", broker.address, "--topic", topic,
                "--json-lines", file.path, "--quiet",
            ],
            timeout: .seconds(120)
        ).run()
        guard output.status == 0, output.stdout.contains("produced-all \(count)") else {
            throw ProbeError("kafka-produce-events.py exited \(output.status): \(output.stderr)")
        }
    }

    @Test(
        "UNI added and DHCPACK fire their rules once beside a VOLTHA activation; a malformed ONOS record is reported and skipped"
    )
    func onosAndVoltha() async throws {
        // Each topic of one partition, as VOLTHA's core makes voltha.events (auto-creation would make several).
        let broker = try await KafkaBroker.start(topics: ["voltha.events"] + Self.onosTopics)
        defer { broker.stop() }
        let standIn = try await TriggerRunFixture.startStandIn()
        defer { standIn.stop() }
        let acs = standIn.firstLine
        let fixture = try TriggerRunFixture("events-onos", rules: Self.rules)
        defer { fixture.remove() }
        let store = fixture.store

        // VOLTHA: BBSM00000001 discovered, then activated — read from the oldest retained record.
        try await EventsRunTriggersEndToEndTests.publish(broker, first: 0, count: 2)
        // ONOS: a DHCPACK retained from before the first start (dhcp.events offset 0) is never read:
        // the group has no committed offset there, so it starts at the end.
        try await Self.publish(broker, Self.backlogACK, topic: "dhcp.events", count: 1, in: fixture.directory)

        let run = try ProbeProcess(
            EventsRunTriggersEndToEndTests.arguments(broker, state: fixture.state, rules: fixture.rules, acs: acs)
                + ["--onos"],
            executable: "ferrule"
        )
        let start = try await run.line("start line") { $0.hasPrefix("consuming ") }
        #expect(start.contains("topics voltha.events,onu.events,authentication.events,dhcp.events"), "\(start)")
        try await Self.publishUNIUntilRead(broker, store: store, in: fixture.directory)
        let deadline = ContinuousClock.now + .seconds(120)
        try await Self.publish(broker, Self.dhcpEvents, topic: "dhcp.events", count: 2, in: fixture.directory)
        while true {
            let voltha = try await store.lastOffset(topic: "voltha.events", partition: 0) ?? -1
            let uni = try await store.lastOffset(topic: "onu.events", partition: 0) ?? -1
            let dhcp = try await store.lastOffset(topic: "dhcp.events", partition: 0) ?? -1
            let pending = try await store.pendingActionCount()
            let queued = try await store.action(3) != nil
            if voltha >= 1, uni >= 0, dhcp >= 2, pending == 0, queued { break }
            guard ContinuousClock.now < deadline else {
                throw ProbeError("never settled: offsets \(voltha) \(uni) \(dhcp), \(pending) pending")
            }
            try await Task.sleep(for: .milliseconds(100))  // polls the store's condition, with a deadline
        }
        run.terminate()
        let summary = try await run.line("summary") { $0.hasPrefix("stopped: ") }
        try await run.waitForEnd()
        #expect(summary.contains("0 duplicates, 1 undecodable"), "\(summary)")
        #expect(summary.contains("3 done, 0 skipped, 0 failed"), "\(summary)")
        // The malformed record: reported on standard error with where and why, committed, skipped.
        let skipped = run.standardError.split(separator: "\n").filter {
            $0.contains("dhcp.events") && $0.contains("skipped")
        }
        #expect(skipped.count == 1, "\(run.standardError)")
        #expect(skipped.first?.contains("not an ONOS (kafka-onos) event") == true, "\(skipped)")
        #expect(skipped.first?.contains("error[bad-event-json]") == true, "\(skipped)")

        let outcomes = try await store.settledOutcomes()
        #expect(outcomes.count == 3 && outcomes.allSatisfy { $0.status == .succeeded }, "\(outcomes)")

        let http = StandInHTTP(base: acs)
        #expect(try await http.deviceIDs(#"{"_tags":"uni-up"}"#) == ["3C52A1-EX220-BBSM00000001"])
        #expect(try await http.deviceIDs(#"{"_tags":"pon-active"}"#) == ["3C52A1-EX220-BBSM00000001"])
        let provisions = try await http.tasks(#"{"name":"provisions"}"#)
        #expect(provisions.count == 1, "\(provisions)")
        #expect(provisions.first?["device"] as? String == "3C52A1-EX220-BBSM00000002")
        let arguments = (provisions.first?["provisions"] as? [[Any]])?.first?.compactMap { $0 as? String }
        #expect(arguments == ["set-wan-ip", "10.10.0.7", "2E:0A:00:02:00:00"], "\(provisions)")

        let recorded = try await store.events(EventQuery(limit: 10)).events
        let onos = recorded.filter { $0.event.kind == .onos }
        #expect(Set(onos.map(\.event.name)) == ["ONOS_UNI_ADDED", "ONOS_DHCP_ACK"], "\(onos.map(\.event.name))")
        #expect(!onos.contains { $0.event.context["ipAddress"] == "10.10.0.99" }, "the backlog was not read")
    }
}

import FerruleTestSupport
import Foundation
import PONEvents
import Testing

/// `ferrule serve` with `events.onos: true`, through the built executable: the hosted consumer
/// reads kafka-onos's topics beside voltha.events in its one group, records each ONOS record with
/// its own (topic, partition, offset) and fires its onos.* trigger once, as `events run --onos` does
/// (EventsRunONOSEndToEndTests).
@Suite("ferrule serve consumes ONOS's kafka-onos topics (events.onos)", .timeLimit(.minutes(8)))
struct ServeONOSEndToEndTests {
    static func configuration(state: String, broker: String, acs: String, rules: String) -> String {
        """
        state: \(state)
        listen: {port: 0}
        tenants:
          default:
            genieacs: {url: "\(acs)"}
        events:
          brokers: "\(broker)"
          group: serve-onos
          properties: {session.timeout.ms: "6000", heartbeat.interval.ms: "500"}
          rules: \(rules)
          reconcile: false
          onos: true
        """
    }

    @Test(
        "UNI added and DHCPACK fire their rules in the server beside a VOLTHA activation; each topic's offset recorded"
    )
    func serveReadsONOS() async throws {
        let broker = try await KafkaBroker.start(topics: ["voltha.events"] + EventsRunONOSEndToEndTests.onosTopics)
        defer { broker.stop() }
        let standIn = try await TriggerRunFixture.startStandIn()
        defer { standIn.stop() }
        let acs = standIn.firstLine
        let fixture = try TriggerRunFixture("serve-onos", rules: EventsRunONOSEndToEndTests.rules)
        defer { fixture.remove() }
        let state = fixture.state.path
        let config = fixture.directory.appendingPathComponent("serve.yaml")
        try Data(
            Self.configuration(state: state, broker: broker.address, acs: acs, rules: fixture.rules.path).utf8
        ).write(to: config)

        let check = try await PONScenarioEndToEndTests.ferrule(["serve", "--config", config.path, "--check-config"])
        #expect(
            check.stdout.contains("topics voltha.events,onu.events,authentication.events,dhcp.events group serve-onos"),
            "\(check.stdout)\(check.stderr)"
        )

        try await EventsRunTriggersEndToEndTests.publish(broker, first: 0, count: 2)
        let server = try ProbeProcess(["serve", "--config", config.path], executable: "ferrule")
        _ = try await server.line(within: .seconds(120), "the listening line") { $0.hasPrefix("listening on ") }
        // The store exists once the consumer has opened it: VOLTHA's records (from the oldest) first.
        try await eventually("the consumer recorded VOLTHA's records") { () async throws -> Bool? in
            guard FileManager.default.fileExists(atPath: EventStore.path(inStateDirectory: state + "/tenants/default"))
            else { return nil }
            let store = try EventStore(path: EventStore.path(inStateDirectory: state + "/tenants/default"))
            return try await store.lastOffset(topic: "voltha.events", partition: 0) == 1 ? true : nil
        }
        let store = try EventStore(path: EventStore.path(inStateDirectory: state + "/tenants/default"))
        // ONOS's topics start at their end (no committed offset): published once the consumer reads.
        try await EventsRunONOSEndToEndTests.publishUNIUntilRead(broker, store: store, in: fixture.directory)
        try await EventsRunONOSEndToEndTests.publish(
            broker,
            EventsRunONOSEndToEndTests.dhcpEvents,
            topic: "dhcp.events",
            count: 2,
            in: fixture.directory
        )
        try await eventually("every topic's records recorded and the three actions done") {
            let voltha = try await store.lastOffset(topic: "voltha.events", partition: 0) ?? -1
            let uni = try await store.lastOffset(topic: "onu.events", partition: 0) ?? -1
            let dhcp = try await store.lastOffset(topic: "dhcp.events", partition: 0) ?? -1
            let pending = try await store.pendingActionCount()
            let queued = try await store.action(3) != nil
            return voltha >= 1 && uni >= 0 && dhcp == 1 && pending == 0 && queued ? true : nil
        }
        let stopped = await server.terminateAndWait()
        #expect(stopped == SpawnedProcess.Termination(status: 0, bySignal: false), "\(server.standardError)")
        // The consumer's start line names every topic it reads.
        #expect(
            server.standardError.contains("voltha.events,onu.events,authentication.events,dhcp.events"),
            "\(server.standardError)"
        )
        // The malformed dhcp.events record (offset 0) is reported, committed and skipped.
        #expect(server.standardError.contains("not an ONOS (kafka-onos) event"), "\(server.standardError)")

        let outcomes = try await store.settledOutcomes()
        #expect(outcomes.count == 3 && outcomes.allSatisfy { $0.status == .succeeded }, "\(outcomes)")
        let http = StandInHTTP(base: acs)
        #expect(try await http.deviceIDs(#"{"_tags":"uni-up"}"#) == ["3C52A1-EX220-BBSM00000001"])
        let provisions = try await http.tasks(#"{"name":"provisions"}"#)
        let arguments = (provisions.first?["provisions"] as? [[Any]])?.first?.compactMap { $0 as? String }
        #expect(arguments == ["set-wan-ip", "10.10.0.7", "2E:0A:00:02:00:00"], "\(provisions)")
        let recorded = try await store.events(EventQuery(limit: 10)).events
        let onos = recorded.filter { $0.event.kind == .onos }
        #expect(Set(onos.map(\.event.name)) == ["ONOS_UNI_ADDED", "ONOS_DHCP_ACK"], "\(onos.map(\.event.name))")
    }
}

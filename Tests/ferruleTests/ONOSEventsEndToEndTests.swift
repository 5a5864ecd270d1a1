import FerruleJSON
import FerruleTestSupport
import Foundation
import Testing

/// End to end through the `ferrule` executable: ONOS's kafka-onos JSON events replayed, and onos.*
/// triggers in `lint`, `test` and `explain`.
@Suite("ONOS events and onos.* triggers (end to end)")
struct ONOSEventsEndToEndTests {
    static let capture = EventsReplayCommandTests.fixtures.appendingPathComponent("onos/capture.jsonl").path

    static let rules = """
        rules:
          - name: got-ip
            on: onos.dhcp_acked
            when: {mac: "2e:0a:00:01:00:00"}
            actions:
              - tag: {add: [rg-online]}
              - provision: {name: set-wan-ip, args: ["${event.ip}", "${event.uniPort}"]}
          - name: uni-up
            on: onos.uni_added
            actions: [{tag: {add: [uni-up]}}]
        """

    static func directory(_ files: [String: String]) throws -> String {
        try Scratch.directory(files, prefix: "ferrule-onos")
    }

    @Test("events replay --rules --format json: ONOS lines decode with their names and fire onos.* rules")
    func replay() async throws {
        let dir = try Self.directory(["r.yaml": Self.rules])
        let output = try await EventsReplayCommandTests.run([Self.capture, "--rules", dir, "--format", "json"])
        #expect(output.status == 0, "\(output.stderr)")
        let events = try EventsReplayCommandTests.jsonLines(output.stdout)
        #expect(events.count == 8)
        #expect(events.map { $0["kind"]?.stringValue } == Array(repeating: "onos", count: 8))
        let added = events[0]
        #expect(added["name"]?.stringValue == "ONOS_UNI_ADDED" && added["onuSerial"]?.stringValue == "BBSM00000001")
        #expect(added["oltDeviceID"] == nil, "of:… is ONOS's id, not VOLTHA's")
        #expect(added["actions"]?.arrayValue?.first?["action"]?.stringValue == "tag +uni-up")
        #expect(added["actions"]?.arrayValue?.first?["trigger"]?.stringValue == "onos.uni_added")
        let acks = events.filter { $0["name"]?.stringValue == "ONOS_DHCP_ACK" }
        #expect(acks.count == 2)
        #expect(
            acks[0]["actions"]?.arrayValue?.compactMap { $0["action"]?.stringValue } == [
                "tag +rg-online", #"provision set-wan-ip("10.10.0.5", "BBSM00000001-1")"#,
            ]
        )
        #expect(acks[1]["actions"]?.arrayValue?.isEmpty == true, "the second client's MAC does not match")

        let text = try await EventsReplayCommandTests.run([Self.capture])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(
            text.stdout.contains(
                "onos           bare  ONOS_DHCP_ACK pon=0 onu=1 serial=BBSM00000001 uni=1 of-device=of:00000a0a0a0a0a00 "
                    + "of-port=256 mac=2E:0A:00:01:00:00 ip=10.10.0.5"
            ),
            "\(text.stdout)"
        )
    }

    @Test(
        "events replay --filter delivers ONOS events; a malformed line is reported at file:line:col, the rest replayed, exit 1"
    )
    func malformed() async throws {
        let lines = try String(contentsOfFile: Self.capture, encoding: .utf8).split(separator: "\n")
        let text = "\(lines[0])\n{\"status\":\"activated\",\n\(lines[4])\n"
        let dir = try Self.directory(["capture.jsonl": text, "r.yaml": Self.rules])
        let output = try await EventsReplayCommandTests.run([dir + "/capture.jsonl", "--filter", "--rules", dir])
        #expect(output.status == 1, "\(output.stdout)\(output.stderr)")
        #expect(output.stderr.contains("capture.jsonl:2:"), "\(output.stderr)")
        #expect(output.stderr.contains("error[bad-event-json]: not valid JSON"), "\(output.stderr)")
        let delivered = output.stdout.split(separator: "\n").filter { $0.hasPrefix("deliver") }
        #expect(delivered.count == 2, "\(output.stdout)")
        #expect(output.stdout.contains("  -> got-ip: tag +rg-online"), "\(output.stdout)")
    }

    @Test("lint, test and explain accept onos.* triggers and ONOS events given as kafka-onos sends them")
    func commands() async throws {
        let dir = try Self.directory([
            "r.yaml": Self.rules,
            "tests/t.yaml": """
            cases:
              - name: the RG got its address
                event:
                  onos: {type: UPDATED, timestamp: "2026-12-05T09:00:04Z", deviceId: "of:00000a0a0a0a0a00", portNumber: "256", serialNumber: BBSM00000001-1, messageType: DHCPACK, macAddress: "2E:0A:00:01:00:00", ipAddress: 10.10.0.5}
                expect:
                  triggers: [onos.dhcp_acked]
                  fires: [got-ip]
                  actions: ["got-ip: tag +rg-online", 'got-ip: provision set-wan-ip("10.10.0.5", "BBSM00000001-1")']
              - name: a UNI added, given normalised
                event: {name: ONOS_UNI_ADDED, onuSerial: BBSM00000002, context: {serialNumber: BBSM00000002-1}}
                expect: {triggers: [onos.uni_added], fires: [uni-up]}
            """,
        ])
        let events = try Self.directory([
            "event.yaml": """
            onos: {status: activated, serialNumber: BBSM00000003-1, portNumber: "769", deviceId: "of:00000a0a0a0a0a00"}
            """,
            "bad.yaml": """
            onos: {serialNumber: BBSM00000003-1}
            """,
            "ack.yaml": """
            onos: {type: UPDATED, timestamp: "2026-12-05T09:00:04Z", deviceId: "of:00000a0a0a0a0a00", portNumber: "256", serialNumber: BBSM00000001-1, messageType: DHCPACK, macAddress: "2E:0A:00:01:00:00", ipAddress: 10.10.0.5}
            """,
            "offer.yaml": """
            onos: {type: UPDATED, deviceId: "of:00000a0a0a0a0a00", portNumber: "256", serialNumber: BBSM00000001-1, messageType: DHCPOFFER, macAddress: "2E:0A:00:01:00:00"}
            """,
        ])
        let lint = try await FerruleRunner.run(["lint", "--no-models", "--strict", dir])
        #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
        let test = try await FerruleRunner.run(["test", dir])
        #expect(test.status == 0, "\(test.stdout)\(test.stderr)")
        #expect(test.stdout.contains("2 of 2 case(s) passed"), "\(test.stdout)")
        let explain = try await FerruleRunner.run(["explain", dir, "--pon-event", events + "/event.yaml"])
        #expect(explain.status == 0, "\(explain.stdout)\(explain.stderr)")
        #expect(explain.stdout.contains("event ONOS_UNI_ADDED → onos.uni_added (ONU BBSM00000003"), "\(explain.stdout)")
        #expect(explain.stdout.contains("FIRE  uni-up\n  tag +uni-up\n"), "\(explain.stdout)")
        // The header names the UNI and OpenFlow fields the rule's conditions and templates see.
        #expect(
            explain.stdout.contains(
                "(ONU BBSM00000003, PON 0, UNI 1, UNI port BBSM00000003-1, OpenFlow device of:00000a0a0a0a0a00, OpenFlow port 769)"
            ),
            "\(explain.stdout)"
        )
        let ack = try await FerruleRunner.run(["explain", dir, "--pon-event", events + "/ack.yaml"])
        #expect(ack.status == 0, "\(ack.stdout)\(ack.stderr)")
        #expect(
            ack.stdout.contains(
                "event ONOS_DHCP_ACK → onos.dhcp_acked (ONU BBSM00000001, PON 0, UNI 1, UNI port BBSM00000001-1, "
                    + "OpenFlow device of:00000a0a0a0a0a00, OpenFlow port 256, MAC 2E:0A:00:01:00:00, IP 10.10.0.5)"
            ),
            "\(ack.stdout)"
        )
        let offer = try await FerruleRunner.run(["explain", dir, "--pon-event", events + "/offer.yaml"])
        #expect(
            offer.stdout.contains("triggers nothing (ONU BBSM00000001, PON 0, UNI 1, UNI port BBSM00000001-1, "),
            "\(offer.stdout)"
        )
        let bad = try await FerruleRunner.run(["explain", dir, "--pon-event", events + "/bad.yaml"])
        #expect(bad.status == 2, "\(bad.stdout)\(bad.stderr)")
        #expect(bad.stderr.contains("bad.yaml:1:7: error[bad-value]: the object is not an ONOS event"), "\(bad.stderr)")
    }

    @Test(
        "events run refuses an onos.*-only rule without --onos (no-event-source, exit 1) and --onos-topics naming the VOLTHA topic (64)"
    )
    func runRefusals() async throws {
        let rules = try Self.directory(["t.yaml": Self.rules])
        let state = try Scratch.directory("onos-state").path
        let base = [
            "events", "run", "--brokers", "127.0.0.1:9", "--state", state, "--rules", rules, "--acs",
            "http://127.0.0.1:9",
        ]
        // Refused before anything is consumed; a consumer that started instead is killed at the deadline.
        let output = try await ProcessRunner(FerruleRunner.executable, base, timeout: .seconds(60)).run()
        #expect(output.status == 1, "\(output.stderr)")
        #expect(
            output.stderr.contains(
                "t.yaml:3:9: error[no-event-source]: rule got-ip: onos.dhcp_acked events come from ONOS's topics"
            ),
            "\(output.stderr)"
        )
        #expect(output.stderr.contains("--onos"), "\(output.stderr)")
        #expect(output.stdout.isEmpty, "nothing consumed: \(output.stdout)")
        let clash = try await ProcessRunner(
            FerruleRunner.executable,
            base + ["--onos-topics", "onu.events,voltha.events"],
            timeout: .seconds(60)
        ).run()
        #expect(clash.status == 64, "\(clash.stderr)")
        #expect(clash.stderr.contains("--onos-topics names voltha.events"), "\(clash.stderr)")
        let empty = try await ProcessRunner(
            FerruleRunner.executable,
            base + ["--onos-topics", "onu.events,"],
            timeout: .seconds(60)
        ).run()
        #expect(empty.status == 64, "\(empty.stderr)")
    }
}

import FerruleJSON
import FerruleTestSupport
import Foundation
import Testing

/// End to end through the built executable: one PON outage reported by both sources, the storm and
/// the OLT (`OLT_PON_INTERFACE_DOWN` with its port), fires the `pon_down` rule once and the `pon_up`
/// rule once, in either order.
@Suite("ferrule events replay --rules: a storm and the OLT's report of one outage fire pon_down and pon_up once")
struct PONOutageReplayEndToEndTests {
    static let storm = "Tests/VOLTHATests/Fixtures/events/storm"

    @Test("PON 1 storm then OLT down/up, PON 3 OLT down then storm: one outage and one restore webhook each")
    func onceEachWhicheverFirst() async throws {
        let output = try await ProcessRunner(
            Repository.executable("ferrule"),
            [
                "events", "replay", Repository.url("Tests/VOLTHATests/Fixtures/events/storm-olt/capture.jsonl").path,
                "--filter", "--settings", Repository.url("\(Self.storm)/storm.yaml").path, "--rules",
                Repository.url("\(Self.storm)/rules").path, "--format", "json",
            ]
        ).run()
        #expect(output.status == 0, "\(output.stderr)")
        let lines = try output.stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
        // (action URL, name of the event that fired it) for the PON-level rules.
        let fired: [(String, String)] = lines.flatMap { line in
            (line["actions"]?.arrayValue ?? []).compactMap { action -> (String, String)? in
                guard let rule = action["rule"]?.stringValue, rule.hasPrefix("pon-"),
                    let text = action["action"]?.stringValue, let name = line["event"]?["name"]?.stringValue
                else { return nil }
                return (text, name)
            }
        }
        #expect(
            fired.map(\.0) == [
                "webhook POST https://noc.example/outage/olt-1/1", "webhook POST https://noc.example/restored/olt-1/1",
                "webhook POST https://noc.example/outage/olt-1/3", "webhook POST https://noc.example/restored/olt-1/3",
            ],
            "\(output.stdout)"
        )
        // PON 1: the storm began the outage, the OLT's up ended it; PON 3 the other way round.
        #expect(
            fired.map(\.1) == [
                "PON_STORM_RAISE_EVENT", "OLT_PON_INTERFACE_DOWN_CLEAR_EVENT", "OLT_PON_INTERFACE_DOWN_RAISE_EVENT",
                "PON_STORM_CLEAR_EVENT",
            ]
        )
        // The OLT reports that did not begin or end an outage were absorbed by the storm, not dropped silently.
        let absorbedOLT = lines.filter {
            $0["outcome"]?.stringValue == "absorbed"
                && $0["event"]?["name"]?.stringValue?.hasPrefix("OLT_PON_INTERFACE_DOWN") == true
        }
        #expect(absorbedOLT.count == 2)
        #expect(lines.filter { $0["outcome"]?.stringValue == "storm-raised" }.count == 2)
        #expect(lines.filter { $0["outcome"]?.stringValue == "storm-cleared" }.count == 2)
    }

    @Test("--filter --rules plans one activation once, as events run does: the core's state change and ONU_ACTIVATED")
    func activationPlannedOnce() async throws {
        // One activation, two reports: voltha-go rw_core/core/device/agent.go:1115-1117 (state change to
        // ACTIVE) and voltha-openonu-adapter-go internal/pkg/core/device_handler.go:3063-3066, 3489-3490.
        let capture = """
            {"header":{"id":"Voltha.core.DEVICE_STATE_CHANGE.1","category":"EQUIPMENT","subCategory":"ONU","type":"DEVICE_EVENT","typeVersion":"0.1","raisedTs":"2026-12-05T09:00:00Z","reportedTs":"2026-12-05T09:00:00Z"},"deviceEvent":{"resourceId":"onu-7","deviceEventName":"DEVICE_STATE_CHANGE_RAISE_EVENT","context":{"serial-number":"ALCL78de45b1","id":"onu-7","parent-id":"olt-1","prev-oper-state":"ACTIVATING","prev-connect-state":"REACHABLE","prev-admin-state":"ENABLED","oper-state":"ACTIVE","connect-state":"REACHABLE","admin-state":"ENABLED","is-root":"false","parent-port":"536870913"}}}
            {"header":{"id":"Voltha.openonu.ONU_ACTIVATED.2","category":"EQUIPMENT","subCategory":"PON","type":"DEVICE_EVENT","typeVersion":"0.1","raisedTs":"2026-12-05T09:00:05Z","reportedTs":"2026-12-05T09:00:05Z"},"deviceEvent":{"resourceId":"onu-7","deviceEventName":"ONU_ACTIVATED_RAISE_EVENT","context":{"pon-id":"1","onu-id":"7","serial-number":"ALCL78de45b1","olt-serial-number":"EC1234","device-id":"onu-7","vendor-id":"ALCL","software-version":"v1"}}}

            """
        let directory = try Scratch.directory([
            "cap.jsonl": capture,
            "rules/r.yaml": """
            rules:
              - name: bring-up
                on: voltha.onu_activated
                actions:
                  - webhook: {url: "https://noc.example/up", body: "${event.serial}"}

            """,
        ])
        func replay(_ extra: [String]) async throws -> ProcessOutput {
            try await ProcessRunner(
                Repository.executable("ferrule"),
                ["events", "replay", directory + "/cap.jsonl", "--rules", directory + "/rules"] + extra
            ).run()
        }
        let filtered = try await replay(["--filter"])
        #expect(filtered.status == 0, "\(filtered.stderr)")
        let planned = filtered.stdout.components(separatedBy: "-> bring-up").count - 1
        #expect(planned == 1, "\(filtered.stdout)")
        #expect(filtered.stdout.hasPrefix("deliver"), "each outcome is still printed: \(filtered.stdout)")
        let json = try await replay(["--filter", "--format", "json"])
        let actions = try json.stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
            .map { $0["actions"]?.arrayValue?.count ?? -1 }
        #expect(actions == [1, 0], "the second report is delivered, with no action: \(json.stdout)")
    }

    @Test("a rule on the label's serial ALCL78DE45B1 fires for VOLTHA's ALCL78de45b1")
    func serialRuleMatchesVOLTHASpelling() async throws {
        let directory = try Scratch.directory([
            "cap.jsonl": Self.line(
                "ONU_LOSS_OF_SIGNAL_RAISE_EVENT",
                1,
                ["intf-id": "1", "onu-id": "7", "serial-number": "ALCL78de45b1", "onu-device-id": "onu-7"]
            ) + "\n",
            "rules/r.yaml": """
            rules:
              - name: vip
                on: voltha.signal_lost
                when: {serial: ALCL78DE45B1}
                actions:
                  - webhook: {url: "https://noc.example/vip/${event.serial}"}

            """,
        ])
        let output = try await ProcessRunner(
            Repository.executable("ferrule"),
            ["events", "replay", directory + "/cap.jsonl", "--rules", directory + "/rules"]
        ).run()
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("-> vip: webhook POST https://noc.example/vip/ALCL78de45b1"), "\(output.stdout)")
    }

    /// One VOLTHA event as `voltha.events` carries it (JSON form), `seconds` after 09:00:00.
    static func line(_ name: String, _ seconds: Int, _ context: [String: String], resource: String = "olt-1") -> String
    {
        let time = String(format: "2026-12-05T09:%02d:%02dZ", seconds / 60, seconds % 60)
        let pairs = context.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",")
        let family = name.components(separatedBy: "_").dropLast(2).joined(separator: "_")
        return """
            {"header":{"id":"Voltha.openolt.\(family).\(seconds)\(name.count)","category":"COMMUNICATION",\
            "subCategory":"PON","type":"DEVICE_EVENT","typeVersion":"0.1","raisedTs":"\(time)","reportedTs":"\(time)"},\
            "deviceEvent":{"resourceId":"\(resource)","deviceEventName":"\(name)","description":"",\
            "context":{\(pairs)}}}
            """
    }

    @Test(
        "a fibre cut: 6 ONUs' LOS, then OLT_LOSS_OF_SIGNAL (reconcile form, intf-id 536870913) raised 10 min: pon_up at its clear"
    )
    func oltLossOfSignalEndsTheOutage() async throws {
        // openolt: each ONU's LOS, then the port's (openolt_eventmgr.go:245-287); the reconcile path
        // writes the port number (device_handler.go:953, 968), the live clear the interface id.
        var lines = (1...6).map { n in
            Self.line(
                "ONU_LOSS_OF_SIGNAL_RAISE_EVENT",
                n,
                [
                    "intf-id": "1", "onu-id": "\(n)", "serial-number": String(format: "BBSM0001%04d", n),
                    "port-label": "pon-1",
                ]
            )
        }
        lines.append(Self.line("OLT_LOSS_OF_SIGNAL_RAISE_EVENT", 7, ["intf-id": "536870913", "port-label": "pon-1"]))
        lines.append(Self.line("OLT_LOSS_OF_SIGNAL_CLEAR_EVENT", 607, ["intf-id": "1", "port-label": "pon-1"]))
        let capture = try Scratch.directory(["cut.jsonl": lines.joined(separator: "\n") + "\n"]) + "/cut.jsonl"
        let output = try await ProcessRunner(
            Repository.executable("ferrule"),
            [
                "events", "replay", capture, "--filter", "--settings", Repository.url("\(Self.storm)/storm.yaml").path,
                "--rules", Repository.url("\(Self.storm)/rules").path, "--format", "json",
            ]
        ).run()
        #expect(output.status == 0, "\(output.stderr)")
        let records = try output.stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
        let fired: [(String, String)] = records.flatMap { line in
            (line["actions"]?.arrayValue ?? []).compactMap { action -> (String, String)? in
                guard let rule = action["rule"]?.stringValue, rule.hasPrefix("pon-"),
                    let text = action["action"]?.stringValue, let name = line["event"]?["name"]?.stringValue
                else { return nil }
                return (text, name)
            }
        }
        #expect(
            fired.map(\.0) == [
                "webhook POST https://noc.example/outage/olt-1/1", "webhook POST https://noc.example/restored/olt-1/1",
            ],
            "\(output.stdout)"
        )
        #expect(
            fired.map(\.1) == ["PON_STORM_RAISE_EVENT", "OLT_LOSS_OF_SIGNAL_CLEAR_EVENT"],
            "no pon_up at the storm's end"
        )
        let olt = records.filter { $0["event"]?["alarmName"]?.stringValue == "OLT_LOSS_OF_SIGNAL" }
        #expect(olt.compactMap { $0["event"]?["ponInterface"]?.intValue } == [1, 1], "PON 1 both times")
    }
}

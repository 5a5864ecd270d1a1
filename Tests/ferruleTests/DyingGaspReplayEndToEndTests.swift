import FerruleJSON
import FerruleTestSupport
import Foundation
import Testing

/// End to end through the built executable: 10 ONUs of one PON lose power, each reported by both
/// adapters (openolt: voltha-openolt-adapter `internal/pkg/core/openolt_eventmgr.go:363-383`, the OLT
/// as resource; openonu's OMCI ONU-G alarm: voltha-openonu-adapter-go
/// `internal/pkg/almgr/alarm_manager.go:753-776`, no OLT), in either order.
@Suite("ferrule events replay --filter --rules: a dying-gasp storm is found whichever adapter reports first")
struct DyingGaspReplayEndToEndTests {
    static let olt = "6f1c2b3a4d5e6f708192a3b4"

    static func line(_ n: Int, fromOLT: Bool) -> String {
        let time = String(format: "2026-12-05T09:00:%02dZ", n)
        let serial = String(format: "BBSM%08d", n)
        if fromOLT {
            return """
                {"deviceEvent":{"context":{"intf-id":"1","onu-device-id":"onudev\(n)","onu-id":"\(n)","port-label":"pon-1","serial-number":"\(serial)"},"deviceEventName":"ONU_DYING_GASP_RAISE_EVENT","resourceId":"\(olt)"},"header":{"category":"COMMUNICATION","id":"Voltha.openolt.ONU_DYING_GASP.\(n)","raisedTs":"\(time)","reportedTs":"\(time)","subCategory":"ONU","type":"DEVICE_EVENT","typeVersion":"0.1"}}
                """
        }
        return """
            {"deviceEvent":{"context":{"onu-id":"onudev\(n)","onu-intf-id":"\((2 << 28) | 1)","onu-serial-number":"\(serial)"},"description":"onu DYING_GASP Event - ONU_DYING_GASP - Raised","deviceEventName":"ONU_DYING_GASP_RAISE_EVENT","resourceId":"onudev\(n)"},"header":{"category":"EQUIPMENT","id":"Voltha.openonu.ONU_DYING_GASP.\(n)","raisedTs":"\(time)","reportedTs":"\(time)","subCategory":"ONU","type":"DEVICE_EVENT","typeVersion":"0.1"}}
            """
    }

    static func capture(onuFirst: Bool) -> String {
        (1...10).flatMap { n in
            onuFirst
                ? [line(n, fromOLT: false), line(n, fromOLT: true)] : [line(n, fromOLT: true), line(n, fromOLT: false)]
        }
        .joined(separator: "\n") + "\n"
    }

    @Test(
        "either order: one storm on the port, one pon_down, and the OLT-scoped power_lost rule fires once per ONU delivered"
    )
    func eitherOrder() async throws {
        let directory = try Scratch.directory([
            "olt-first.jsonl": Self.capture(onuFirst: false),
            "onu-first.jsonl": Self.capture(onuFirst: true),
            "rules/r.yaml": """
            rules:
              - name: power-olt
                on: voltha.power_lost
                when: {olt: "\(Self.olt)"}
                actions:
                  - webhook: {url: "https://noc.example/power/${event.serial}"}
              - name: outage
                on: voltha.pon_down
                actions:
                  - webhook: {url: "https://noc.example/outage/${event.olt}/${event.ponPort}"}

            """,
        ])
        var fired: [[String]] = []
        for capture in ["olt-first.jsonl", "onu-first.jsonl"] {
            let output = try await ProcessRunner(
                Repository.executable("ferrule"),
                [
                    "events", "replay", directory + "/" + capture, "--filter", "--rules", directory + "/rules",
                    "--format", "json",
                ]
            ).run()
            #expect(output.status == 0, "\(output.stderr)")
            let lines = try output.stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
            let storms = lines.filter { $0["outcome"]?.stringValue == "storm-raised" }
            #expect(storms.count == 1, "\(capture): \(output.stdout)")
            #expect(storms.first?["storm"]?["ponInterface"]?.intValue == 1, "\(capture)")
            #expect(storms.first?["storm"]?["oltDeviceID"]?.stringValue == Self.olt, "\(capture)")
            fired.append(
                lines.flatMap { ($0["actions"]?.arrayValue ?? []).compactMap { $0["action"]?.stringValue } }
            )
        }
        // ONUs 1-7 are delivered before the storm (the 8th makes it): the OLT-scoped rule fires for
        // each once in either order, the outage once.
        let expected =
            (1...7).map { String(format: "webhook POST https://noc.example/power/BBSM%08d", $0) }
            + ["webhook POST https://noc.example/outage/\(Self.olt)/1"]
        #expect(fired[0] == expected, "openolt first")
        #expect(fired[1] == expected, "openonu first")
    }
}

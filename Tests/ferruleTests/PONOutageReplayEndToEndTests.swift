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
}

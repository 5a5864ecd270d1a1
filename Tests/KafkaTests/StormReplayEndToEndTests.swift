import FerruleJSON
import FerruleTestSupport
import Foundation
import Testing

/// End to end through the built executable: a loss-of-signal storm on one PON, replayed with trigger
/// rules, fires the `pon_down` rule once when the storm rises and the `pon_up` rule once when its ONUs
/// are back (their LOS clears, after the storm ended),
/// with the PON's OLT and port as facts.
@Suite("ferrule events replay --rules: a storm fires pon_down and pon_up once (end to end)")
struct StormReplayEndToEndTests {
    static let fixtures = "Tests/VOLTHATests/Fixtures/events/storm"

    @Test("12 ONUs losing signal on olt-1 PON 1: 3 tagged, one outage webhook, one restored webhook")
    func stormFiresPONTriggersOnce() async throws {
        let output = try await ProcessRunner(
            Repository.executable("ferrule"),
            [
                "events", "replay", Repository.url("\(Self.fixtures)/capture.jsonl").path, "--filter", "--settings",
                Repository.url("\(Self.fixtures)/storm.yaml").path, "--rules",
                Repository.url("\(Self.fixtures)/rules").path, "--format", "json",
            ]
        ).run()
        #expect(output.status == 0, "\(output.stderr)")
        let lines = try output.stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
        let actions = lines.flatMap { line in (line["actions"]?.arrayValue ?? []).map { (line, $0) } }
        let outages = actions.filter { $0.1["rule"]?.stringValue == "pon-outage" }
        let restores = actions.filter { $0.1["rule"]?.stringValue == "pon-restored" }
        #expect(outages.count == 1 && restores.count == 1, "\(output.stdout)")
        #expect(outages.first?.1["trigger"]?.stringValue == "voltha.pon_down")
        #expect(outages.first?.1["action"]?.stringValue == "webhook POST https://noc.example/outage/olt-1/1")
        #expect(restores.first?.1["trigger"]?.stringValue == "voltha.pon_up")
        #expect(restores.first?.1["action"]?.stringValue == "webhook POST https://noc.example/restored/olt-1/1")
        // The event they fired for: the storm's PON-level event, not one ONU's.
        let down = try #require(outages.first?.0["event"])
        #expect(down["name"]?.stringValue == "PON_STORM_RAISE_EVENT" && down["kind"]?.stringValue == "pon_down")
        #expect(down["oltDeviceID"]?.stringValue == "olt-1" && down["ponInterface"]?.intValue == 1)
        // Three losses were delivered before the fourth made the storm; the PON 2 loss after it too.
        #expect(actions.filter { $0.1["rule"]?.stringValue == "onu-lost" }.count == 4)
        let outcomes = lines.compactMap { $0["outcome"]?.stringValue }
        #expect(outcomes.filter { $0 == "storm-raised" }.count == 1 && outcomes.filter { $0 == "absorbed" }.count == 9)
    }
}

import Foundation
import Testing

@testable import GenieACSStandIn

@Suite struct ScenarioTests {
    @Test("the example scenario parses and resolves fixture paths against its directory")
    func example() throws {
        let path = #filePath.replacingOccurrences(
            of: "Tests/GenieACSStandInTests/ScenarioTests.swift",
            with: "Tools/GenieACSStandIn/scenarios/example.yaml"
        )
        let s = try Scenario.load(yamlFile: path)
        #expect(s.devices == 1000)
        #expect(s.faults["setParameterValues"]?.code == "cwmp.9002")
        #expect(s.firmware.versions["HG8245H-V3R019.bin"] == "V3R019C10S200")
        #expect(s.fixtures.count == 2)
        _ = try FixtureLoader.models(for: s)
    }

    @Test("unknown keys and out-of-range ratios are errors")
    func errors() {
        #expect(throws: ScenarioError.self) { try Scenario.parse(yaml: "devicess: 3") }
        #expect(throws: ScenarioError.self) { try Scenario.parse(yaml: "latencies: {crToSession: 3}") }
        #expect(throws: ScenarioError.self) { try Scenario.parse(yaml: "onlineRatio: 2") }
    }
}

import Campaigns
import FerruleCore
import GenieACSStandIn
import Testing

/// `campaign create` warns when a firmware campaign's targets report a version newer than its `target_version`:
/// only devices exactly on the target are skipped, so the others would be given the older image.
@Suite struct DowngradeWarningTests {
    /// A firmware campaign to `target` over 6 TR-098 devices (they report V3R017C10S125).
    static func create(target: String) async throws -> CampaignCreation {
        let yaml = """
            name: fw
            firmware: {file: FW2.bin, target_version: \(target)}
            devices: {all: true}

            """
        let harness = try RunnerHarness(yaml, scenario: Scenario(devices: 6))
        return try await CampaignCreator(store: harness.store, acs: harness.genieacs.nbi, clock: harness.clock)
            .create(harness.spec, specText: "test")
    }

    @Test(
        "devices on V3R017C10S125 and a target of V3R017C10S100: a downgrade warning at target_version, created anyway"
    )
    func olderTarget() async throws {
        let created = try await Self.create(target: "V3R017C10S100")
        let warning = try #require(created.warnings.first { $0.code == .downgradesDevices })
        #expect(warning.location == SourceLocation(file: "test.yaml", line: 2, column: 43))
        let text = warning.diagnostic.description
        #expect(
            text.hasPrefix(
                "test.yaml:2:43: warning[downgrades-devices]: 6 target(s) report a version newer than target_version "
                    + "\"V3R017C10S100\""
            ),
            "\(text)"
        )
        #expect(text.contains("reports \"V3R017C10S125\""), "\(text)")
        #expect(text.contains("`software_version: {$lt: V3R017C10S100}`"), "\(text)")
    }

    @Test("a newer target, compared as versions (S200 after S125, though shorter ones sort first as text): no warning")
    func newerTarget() async throws {
        #expect(try await Self.create(target: "V3R017C10S200").warnings.isEmpty)
        #expect(try await Self.create(target: "V3R017C10S1000").warnings.isEmpty, "1000 > 125 as numbers")
        #expect(try await Self.create(target: "FW1").warnings.isEmpty, "another naming scheme is not compared")
    }
}

import Campaigns
import FerruleCore
import Foundation
import GenieACSStandIn
import Testing

/// `campaign create` creates a campaign whose waves cannot work as written, and says so: a canary
/// that holds every target voids "a bad canary stops the campaign before the fleet sees it".
@Suite struct WaveWarningTests {
    /// Creates a firmware campaign with `waves` (written on line 5 of test.yaml) over `devices` devices.
    static func create(_ waves: String, devices: Int) async throws -> (CampaignCreation, RunnerHarness) {
        let harness = try RunnerHarness(RunnerHarness.firmware("waves: \(waves)"), scenario: Scenario(devices: devices))
        let creator = CampaignCreator(store: harness.store, acs: harness.genieacs.nbi, clock: harness.clock)
        return (try await creator.create(harness.spec, specText: "test"), harness)
    }

    /// Where `text` starts on line 5, `  waves: …` (1-based column, as diagnostics count).
    static func column(of text: String, in waves: String) throws -> Int {
        let line = "  waves: " + waves
        let range = try #require(line.range(of: text))
        return line.distance(from: line.startIndex, to: range.lowerBound) + 1
    }

    @Test("a canary of 200 over 20 devices is created with a warning at the canary's size, and one for the empty wave")
    func canaryHoldsEveryTarget() async throws {
        let waves = #"[{canary: 200}, "10%"]"#
        let (created, harness) = try await Self.create(waves, devices: 20)
        #expect(try await harness.targets(created.record.id).count == 20, "created all the same")
        let rendered = created.warnings.map(\.diagnostic.description)
        #expect(created.warnings.map(\.code) == [.canaryHoldsEveryTarget, .emptyWaves], "\(rendered)")
        let canary = try #require(created.warnings.first)
        #expect(
            canary.location == SourceLocation(file: "test.yaml", line: 5, column: try Self.column(of: "200", in: waves))
        )
        #expect(
            canary.diagnostic.description.hasPrefix(
                "test.yaml:5:\(try Self.column(of: "200", in: waves)): warning[canary-holds-every-target]: "
                    + "the canary wave (200 devices) holds all 20 target(s)"
            ),
            "\(rendered)"
        )
        let empty = try #require(created.warnings.last)
        #expect(empty.location.column == (try Self.column(of: "\"10%\"", in: waves)))
        #expect(empty.message == "wave 2 of 2 gets no device: the canary takes all 20 target(s)")
    }

    @Test("a canary exactly the size of the fleet, or 100%, holds every target")
    func canaryEqualToTheFleet() async throws {
        for waves in ["[{canary: 5}]", #"["100%", 10]"#] {
            let (created, _) = try await Self.create(waves, devices: 5)
            #expect(created.warnings.first?.code == .canaryHoldsEveryTarget, "\(waves)")
        }
    }

    @Test("waves the earlier ones leave no device for are named from the first empty one")
    func laterWavesEmpty() async throws {
        let waves = #"[{canary: 2}, 18, "10%", 100]"#
        let (created, _) = try await Self.create(waves, devices: 20)
        #expect(created.warnings.map(\.code) == [.emptyWaves])
        #expect(created.warnings.first?.message == "waves 3–4 get no device: waves 1–2 take all 20 target(s)")
        #expect(created.warnings.first?.location.column == (try Self.column(of: "\"10%\"", in: waves)))
    }

    @Test("a canary smaller than the fleet, and waves that all get devices, earn no warning")
    func sensibleWaves() async throws {
        for waves in [#"[{canary: 2}, "10%"]"#, "[{canary: 19}, 1]", #"[{canary: 2}, 18]"#, "[5]"] {
            let (created, _) = try await Self.create(waves, devices: 20)
            #expect(created.warnings.isEmpty, "\(waves): \(created.warnings.map(\.diagnostic.description))")
        }
    }

    @Test(
        "the last wave repeats: a short list never leaves a wave empty; no waves: nothing to say; no targets: no-targets"
    )
    func repeatingAndEmpty() {
        let rollout = Rollout(waves: [.devices(1), .devices(3)])
        #expect(CampaignWarning.warnings(for: rollout, targets: 100, file: "f.yaml").isEmpty)
        #expect(CampaignWarning.warnings(for: Rollout(), targets: 100, file: "f.yaml").isEmpty)
        // A filter that matched nothing is said, not the waves it leaves empty.
        let none = CampaignWarning.warnings(for: rollout, targets: 0, file: "f.yaml")
        #expect(
            none.map(\.diagnostic.description) == [
                "f.yaml: warning[no-targets]: the devices filter matched no device in GenieACS: the campaign changes "
                    + "nothing; check the filter against `ferrule acs devices --query` (a serial prefix is not part of "
                    + "`_id`: match `_deviceId._SerialNumber`); cancel this campaign and create it again with the right filter"
            ]
        )
        // A rollout built in code has no locations: the warning points at the file.
        let warnings = CampaignWarning.warnings(
            for: Rollout(waves: [.fraction(0.5), .devices(1)]),
            targets: 1,
            file: "f.yaml"
        )
        #expect(warnings.map(\.location) == [SourceLocation(file: "f.yaml"), SourceLocation(file: "f.yaml")])
        #expect(warnings.first?.message.contains("(50%)") == true)
    }
}

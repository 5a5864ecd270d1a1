import FerruleTestSupport
import Foundation
import Testing

/// `ferrule acs … --format json` against a GenieACS stand-in: counts are JSON numbers and flags
/// JSON booleans, never strings.
@Suite("acs --format json typed values (end to end)")
struct ACSJSONTypesEndToEndTests {
    private static func rows(_ output: FerruleRunner.Output) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: output.stdoutData) as? [[String: Any]], "\(output.stdout)")
    }

    @Test("presets weight and provisions lines are numbers; a device's writable is a boolean or null")
    func typedValues() async throws {
        let standIn = try await StandInProcess.start()
        defer { standIn.stop() }
        let deploy = try await standIn.ferrule(["deploy", "Provisions", "--yes", "--secrets", try TestSecrets.file()])
        #expect(deploy.status == 0, "\(deploy.combined)")

        let presets = try Self.rows(try await standIn.ferrule(["acs", "presets", "--format", "json"]))
        #expect(!presets.isEmpty)
        #expect(presets.allSatisfy { $0["weight"] is NSNumber && !($0["weight"] is String) || $0["weight"] is NSNull })
        #expect(presets.contains { $0["weight"] is NSNumber })

        let provisions = try Self.rows(try await standIn.ferrule(["acs", "provisions", "--format", "json"]))
        #expect(!provisions.isEmpty)
        #expect(provisions.allSatisfy { ($0["lines"] as? Int ?? 0) > 0 })

        let device = try Self.rows(
            try await standIn.ferrule(["acs", "device", StandInProcess.deviceID(0), "--format", "json"])
        )
        #expect(device.allSatisfy { $0["writable"] is Bool || $0["writable"] is NSNull })
        #expect(device.contains { $0["writable"] as? Bool == true })
        #expect(device.allSatisfy { $0["value"] is String })

        // The table keeps the words operators read.
        let table = try await standIn.ferrule(["acs", "device", StandInProcess.deviceID(0)])
        #expect(table.stdout.contains(" yes"))
    }
}

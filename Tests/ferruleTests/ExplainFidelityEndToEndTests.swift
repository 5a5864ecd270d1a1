import FerruleTestSupport
import Foundation
import Testing

/// End-to-end: `ferrule explain` answers with GenieACS's device id and tells a provision that
/// returns at its version check from a rule that does not match.
@Suite("ferrule explain: device ids and early returns as GenieACS has them (end to end)")
struct ExplainFidelityEndToEndTests {
    static func rules(_ yaml: String) throws -> String {
        try Scratch.directory(["r.yaml": yaml], prefix: "ferrule-explain")
    }

    @Test("an Inform's product class with '@' is escaped in ${device.id} as GenieACS's generateDeviceId does")
    func escapedId() async throws {
        let dir = try Self.rules(
            "rules:\n  - name: cr\n    actions:\n      - connectionRequest: {username: \"${device.id}\"}\n"
        )
        let result = try await FerruleRunner.run([
            "explain", dir, "--device", "Fixtures/cwmp/vendor-inform-sagemcom-fast5655.xml",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains("ConnectionRequestUsername = 3C1710-F%40ST5655V2-LK20170123456"),
            "\(result.stdout)"
        )
    }

    @Test("a firmware rule on a device already upgraded is shown as running and returning early")
    func earlyReturn() async throws {
        let dir = try Self.rules(
            "rules:\n  - name: fw\n    match: {softwareVersion: {lt: \"1.0\"}}\n    actions:\n      - download: {file: f.bin}\n"
        )
        let result = try await FerruleRunner.run(["explain", dir, "--device", "Fixtures/trees/nbi-device-tr181.json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains("RUNS  fw: returns early, declares nothing: softwareVersion "),
            "\(result.stdout)"
        )
        #expect(!result.stdout.contains("no    fw"))
    }
}

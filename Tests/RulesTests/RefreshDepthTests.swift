import CWMP
import FerruleCore
import FerruleTestSupport
import Foundation
import Testing

@testable import Rules

/// `refresh` of an object re-reads every level below it as GenieACS's built-in refresh provision
/// does: down to MAX_DEPTH (16) path segments (lib/default-provisions.ts:42-60, lib/config.ts:73
/// at v1.2.16).
@Suite("refresh of an object: every level below, to GenieACS's MAX_DEPTH")
struct RefreshDepthTests {
    @Test("the compiled provision declares Device.WiFi.* down to 16 segments when run under Node")
    func sixteenSegments() async throws {
        let (artifacts, d) = try RuleCompilerTests.compile([
            "r.yaml": "rules:\n  - name: r\n    actions:\n      - refresh: {path: Device.WiFi., every: 3600}\n"
        ])
        #expect(!d.hasErrors, "\(d.sorted)")
        let script = try #require(artifacts.first { $0.path == "provisions/r.js" }).contents
        let result = try await ProvisionHarness.run(
            script: script,
            args: [],
            tree: ParameterTree([
                ParameterEntry(path: "Device.", isObject: true),
                ParameterEntry(path: "Device.DeviceInfo.SoftwareVersion", value: "1.0", type: .string),
            ]),
            deviceId: ["id": "A-B-C"],
            tags: [],
            now: ProvisionHarnessTests.now
        )
        let wildcards = result.declared.filter { $0.hasPrefix("Device.WiFi.*") }
        #expect(wildcards.count == 14, "\(result.declared)")
        #expect(wildcards.last == "Device.WiFi" + String(repeating: ".*", count: 14))
    }
}

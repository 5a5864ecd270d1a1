import CWMP
import FerruleCore
import FerruleTestSupport
import Foundation
import Testing

@testable import Rules

/// `${param:…}` of an xsd:dateTime is what the provision's `String(v)` writes: GenieACS keeps the
/// time as milliseconds (lib/soap.ts:191-192 at v1.2.16), so the number, not the text the CPE sent.
@Suite("${param:…} of an xsd:dateTime is the number of milliseconds GenieACS holds")
struct ParameterDateTimeTests {
    @Test("explain's value agrees with the compiled provision under Node")
    func milliseconds() async throws {
        let yaml =
            "rules:\n  - name: r\n    actions:\n      - set: {path: Device.DeviceInfo.ProvisioningCode, value: \"t=${param:Device.Time.CurrentLocalTime}\"}\n"
        let (set, d, _) = try RuleTestSupport.load(["r.yaml": yaml])
        #expect(!d.hasErrors, "\(d.sorted)")
        let tree = ParameterTree([
            ParameterEntry(path: "Device.", isObject: true),
            // The provision decides the data-model root by this parameter.
            ParameterEntry(path: "Device.DeviceInfo.SoftwareVersion", value: "1.0", type: .string, writable: false),
            ParameterEntry(
                path: "Device.Time.CurrentLocalTime",
                value: "2024-03-18T02:00:00Z",
                type: .dateTime,
                writable: false
            ),
            ParameterEntry(path: "Device.DeviceInfo.ProvisioningCode", value: "", type: .string, writable: true),
        ])
        let verdict = RuleEvaluator.evaluate(try #require(set.rules.first), on: DeviceState(tree: tree))
        #expect(verdict.declarations.map(\.value) == ["t=1710727200000"])

        let (artifacts, _) = try RuleCompilerTests.compile(["r.yaml": yaml])
        let script = try #require(artifacts.first { $0.path == "provisions/r.js" }).contents
        let result = try await ProvisionHarness.run(
            script: script,
            args: [],
            tree: tree,
            deviceId: ["id": "A-B-C"],
            tags: [],
            now: ProvisionHarnessTests.now
        )
        #expect(result.declaration("Device.DeviceInfo.ProvisioningCode")?.value == "t=1710727200000")
    }
}

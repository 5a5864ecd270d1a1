import CWMP
import FerruleCore
import FerruleTestSupport
import Foundation
import Testing

@testable import Rules

/// GenieACS sends no SetParameterValues, AddObject or DeleteObject for what the device reports
/// not writable (lib/session.ts:1775-1806, 1839 at v1.2.16); the evaluator says so.
@Suite("read-only targets: not set, added or deleted")
struct ReadOnlyTargetTests {
    static let tree = ParameterTree([
        ParameterEntry(path: "Device.", isObject: true),
        // The provision decides the data-model root by this parameter.
        ParameterEntry(path: "Device.DeviceInfo.SoftwareVersion", value: "1.0", type: .string, writable: false),
        ParameterEntry(path: "Device.DeviceInfo.Manufacturer", value: "TP-Link", type: .string, writable: false),
        ParameterEntry(path: "Device.DeviceInfo.ProvisioningCode", value: "", type: .string, writable: true),
        ParameterEntry(path: "Device.Hosts.Host.", writable: false, isObject: true),
        ParameterEntry(path: "Device.Hosts.Host.1.", writable: false, isObject: true),
        ParameterEntry(path: "Device.Hosts.Host.1.Alias", value: "old", type: .string, writable: true),
    ])

    @Test("a set, an ensure and a delete on read-only targets are skipped with the reason")
    func skipped() throws {
        let (set, d, _) = try RuleTestSupport.load([
            "r.yaml": """
            rules:
              - name: r
                actions:
                  - set: {path: Device.DeviceInfo.Manufacturer, value: x}
                  - set: {path: Device.DeviceInfo.ProvisioningCode, value: y}
                  - delete: {table: Device.Hosts.Host., keys: {Alias: old}}
                  - ensure: {table: Device.Hosts.Host., keys: {Alias: new}, values: {HostName: h}}

            """
        ])
        #expect(!d.hasErrors, "\(d.sorted)")
        let verdict = RuleEvaluator.evaluate(try #require(set.rules.first), on: DeviceState(tree: Self.tree))
        #expect(verdict.declarations.map(\.description) == ["Device.DeviceInfo.ProvisioningCode = y"])
        #expect(
            verdict.skipped.map(\.description) == [
                "Device.DeviceInfo.Manufacturer: skipped: not writable on this device: GenieACS sends no SetParameterValues for it",
                "Device.Hosts.Host.1.: skipped: not writable on this device: GenieACS sends no DeleteObject for it",
                "ensure Device.Hosts.Host.: skipped: not writable on this device: GenieACS sends no AddObject for it",
            ]
        )
    }
}

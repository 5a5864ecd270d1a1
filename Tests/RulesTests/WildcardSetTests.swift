import CWMP
import FerruleCore
import FerruleTestSupport
import Foundation
import Testing

@testable import Rules

/// A `set` through `*` or an alias filter sets every instance it matches, as GenieACS expands the
/// declared path against the device (lib/device.ts:103-170, lib/session.ts:913-926 at v1.2.16).
@Suite("wildcard and alias-filter sets reach the matching instances")
struct WildcardSetTests {
    static let tree = ParameterTree([
        ParameterEntry(path: "Device.", isObject: true),
        // The provision decides the data-model root by this parameter.
        ParameterEntry(path: "Device.DeviceInfo.SoftwareVersion", value: "1.0", type: .string, writable: false),
        ParameterEntry(path: "Device.WiFi.Radio.1.Channel", value: "1", type: .unsignedInt, writable: true),
        ParameterEntry(path: "Device.WiFi.Radio.2.Channel", value: "36", type: .unsignedInt, writable: true),
        ParameterEntry(path: "Device.WiFi.SSID.1.SSID", value: "TP-Link_4C2E", type: .string, writable: true),
        ParameterEntry(path: "Device.WiFi.SSID.1.Enable", value: "true", type: .boolean, writable: true),
        ParameterEntry(path: "Device.WiFi.SSID.2.SSID", value: "guest", type: .string, writable: true),
        ParameterEntry(path: "Device.WiFi.SSID.2.Enable", value: "true", type: .boolean, writable: true),
    ])

    @Test("a later rule's wildcard and alias-filter sets win over an earlier rule's value")
    func laterWins() throws {
        let (set, d, _) = try RuleTestSupport.load([
            "r.yaml": """
            rules:
              - name: a
                actions:
                  - set: {path: Device.WiFi.Radio.1.Channel, value: 11}
              - name: b
                triggers: {weight: 10}
                actions:
                  - set: {path: Device.WiFi.Radio.*.Channel, value: 6}
                  - set: {path: "Device.WiFi.SSID.[SSID:TP-Link_4C2E].Enable", value: false}

            """
        ])
        #expect(!d.hasErrors, "\(d.sorted)")
        let verdicts = RuleEvaluator.evaluate(set.rules, on: DeviceState(tree: Self.tree))
        let values = RuleEvaluator.finalValues(verdicts).mapValues(\.value)
        #expect(values["Device.WiFi.Radio.1.Channel"] == "6")
        #expect(values["Device.WiFi.Radio.2.Channel"] == "6")
        #expect(values["Device.WiFi.SSID.1.Enable"] == "false")
        #expect(values["Device.WiFi.SSID.2.Enable"] == nil)
    }

    @Test("segments keep dots inside an alias filter; quoted values are unquoted")
    func segments() {
        #expect(
            ActionInterpreter.pathSegments("Device.WiFi.SSID.[SSID:\"a.b\"].Enable")
                == ["Device", "WiFi", "SSID", "[SSID:\"a.b\"]", "Enable"]
        )
        #expect(
            ActionInterpreter.aliasKeys("[SSID:\"a,b\",Enable:true]").map { "\($0.0)=\($0.1)" } == [
                "SSID=a,b", "Enable=true",
            ]
        )
    }
}

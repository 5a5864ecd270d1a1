import Testing

@testable import DataModel

@Suite("Policy path globs")
struct PolicyPathGlobTests {
    static let cases: [(String, String, Bool)] = [
        ("Device.WiFi.**", "Device.WiFi.Radio.1.Channel", true),
        ("Device.WiFi.**", "Device.WiFi.", true),
        ("Device.WiFi.**", "Device.WiFiX.Radio", false),
        ("Device.WiFi.Radio.*.Channel", "Device.WiFi.Radio.1.Channel", true),
        ("Device.WiFi.Radio.*.Channel", "Device.WiFi.Radio.1.2.Channel", false),
        ("Device.*.Enable", "Device.WiFi.Radio.1.Enable", false),
        ("Device.**.Enable", "Device.WiFi.Radio.1.Enable", true),
        ("Device.**.Enable", "Device.Enable", true),
        ("**", "InternetGatewayDevice.DeviceInfo.SoftwareVersion", true),
        ("*.ManagementServer.AliasBasedAddressing", "Device.ManagementServer.AliasBasedAddressing", true),
        ("Device.IP.Interface.{i}.Enable", "Device.IP.Interface.12.Enable", true),
        ("Device.IP.Interface.{i}.Enable", "Device.IP.Interface.[cpe-1].Enable", true),
        ("Device.IP.Interface.{i}.Enable", "Device.IP.Interface.x.Enable", false),
        ("Device.**.X_ACME_*", "Device.DeviceInfo.X_ACME_BootCount", true),
        ("Device.**.X_ACME_*", "Device.DeviceInfo.X_TP_Uptime", false),
        ("Device.**.X_*_Debug", "Device.ManagementServer.X_ACME_Debug", true),
        ("Device.**.X_*_Debug", "Device.ManagementServer.X_ACME_Debugger", false),
        ("Device.WiFi.Radio.1.", "Device.WiFi.Radio.1", true),
        ("Device.WiFi.Radio.1", "Device.WiFi.Radio.1.Channel", false),
        ("**.**", "", true),
        ("Device.**.Radio.**.Channel", "Device.WiFi.Radio.1.Channel", true),
        ("Device.**.Radio.**.Channel", "Device.WiFi.Radio.1.Enable", false),
        ("**.Radio.*.Channel", "Device.WiFi.Radio.Radio.1.Channel", true),
        ("Device.**.{i}", "Device.WiFi.Radio.1", true),
        ("Device.**.{i}", "Device.WiFi.Radio", false),
        ("Device.**", "InternetGatewayDevice.DeviceInfo", false),
    ]

    @Test("matches segment by segment", arguments: 0..<cases.count)
    func matches(index: Int) {
        let (glob, path, expected) = Self.cases[index]
        #expect(PathGlob(glob).matches(path) == expected, "\(glob) ~ \(path)")
    }

    @Test("many `**` take time linear in the path, not exponential in the `**`s (a policy file's glob)")
    func manyAnyDepth() {
        // 30 `**` against a 60-segment path that fails at its last segment: trying every split of
        // the path among the `**`s is about 60^30 steps; one resume point is 30 × 60.
        let glob = PathGlob(Array(repeating: "**", count: 30).joined(separator: ".") + ".Z")
        let path = Array(repeating: "A", count: 60).joined(separator: ".") + ".Y"
        #expect(!glob.matches(path))
        #expect(glob.matches(Array(repeating: "A", count: 60).joined(separator: ".") + ".Z"))
        let interleaved = PathGlob(Array(repeating: "**.A", count: 25).joined(separator: ".") + ".Z")
        #expect(!interleaved.matches(path))
        #expect(interleaved.matches(Array(repeating: "A", count: 25).joined(separator: ".") + ".Z"))
        #expect(!interleaved.matches(Array(repeating: "A", count: 24).joined(separator: ".") + ".Z"))
    }
}

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
    ]

    @Test("matches segment by segment", arguments: 0..<cases.count)
    func matches(index: Int) {
        let (glob, path, expected) = Self.cases[index]
        #expect(PathGlob(glob).matches(path) == expected, "\(glob) ~ \(path)")
    }
}

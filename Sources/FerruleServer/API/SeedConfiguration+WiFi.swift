/// The WiFi section of DotMac's requests: `WiFiConfig` (configure-CPE) and `MassWiFiConfig`
/// (mass config) hold the same fields (the first with `ssid` and `password` required), read into
/// ``SeedConfiguration/WiFi`` by one initializer.
protocol SeedWiFiSection {
    var ssidText: String? { get }
    var passwordText: String? { get }
    /// `security_mode` as sent (`WPA2-PSK`, `11i`, …).
    var securityModeText: String? { get }
    var channel: Int? { get }
    var enabled: Bool? { get }
}

extension SeedConfiguration.WiFi {
    /// The section's fields, unchanged (``SeedConfiguration/actions()`` checks them).
    init(_ section: some SeedWiFiSection) {
        self.init(
            ssid: section.ssidText,
            password: section.passwordText,
            securityMode: section.securityModeText,
            channel: section.channel,
            enabled: section.enabled
        )
    }
}

extension Components.Schemas.WiFiConfig: SeedWiFiSection {
    var ssidText: String? { ssid }
    var passwordText: String? { password }
    var securityModeText: String? { securityMode?.rawValue }
}

extension Components.Schemas.MassWiFiConfig: SeedWiFiSection {
    var ssidText: String? { ssid }
    var passwordText: String? { password }
    var securityModeText: String? { securityMode?.rawValue }
}

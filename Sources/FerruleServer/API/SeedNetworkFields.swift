/// The LAN fields DotMac's per-device (`LANConfig`) and mass (`MassLANConfig`) requests share.
protocol SeedLANFields {
    var ipv4Address: String? { get }
    var subnetMask: String? { get }
    var ipv6Address: String? { get }
    var ipv6PrefixLength: Int? { get }
    var dhcpEnabled: Bool? { get }
    var dhcpStart: String? { get }
    var dhcpEnd: String? { get }
    var dhcpv6Enabled: Bool? { get }
}

/// The WAN fields DotMac's per-device (`WANConfig`) and mass (`MassWANConfig`) requests share.
protocol SeedWANFields {
    var connectionType: String? { get }
    var vlanId: Int? { get }
    var staticIpv4: String? { get }
    var staticIpv4Gateway: String? { get }
    var staticIpv4Netmask: String? { get }
    var staticIpv6: String? { get }
    var staticIpv6Gateway: String? { get }
    var staticIpv6PrefixLength: Int? { get }
    var ipv6PdEnabled: Bool? { get }
}

extension Components.Schemas.LANConfig: SeedLANFields {}
extension Components.Schemas.MassLANConfig: SeedLANFields {}
extension Components.Schemas.WANConfig: SeedWANFields {}
extension Components.Schemas.MassWANConfig: SeedWANFields {}

extension SeedConfiguration.LAN {
    /// The DHCP settings Ferrule applies; the addressing fields it has no action for are listed as
    /// unsupported (`ipv4Given` also counts DotMac's `ip_address` alias).
    init(_ lan: some SeedLANFields, ipv4Given: Bool = false) {
        var unsupported: [String] = []
        if lan.ipv4Address != nil || ipv4Given { unsupported.append("lan.ipv4_address") }
        if lan.subnetMask != nil { unsupported.append("lan.subnet_mask") }
        if lan.ipv6Address != nil { unsupported.append("lan.ipv6_address") }
        if lan.ipv6PrefixLength != nil { unsupported.append("lan.ipv6_prefix_length") }
        if lan.dhcpv6Enabled == true { unsupported.append("lan.dhcpv6_enabled") }
        self.init(
            dhcpEnabled: lan.dhcpEnabled,
            dhcpStart: lan.dhcpStart,
            dhcpEnd: lan.dhcpEnd,
            unsupported: unsupported
        )
    }
}

extension SeedConfiguration.WAN {
    /// The names of the set WAN fields Ferrule has no action for (connection type, static
    /// addressing, prefix delegation).
    static func unsupportedFields(_ wan: some SeedWANFields) -> [String] {
        let fields: [(String, Bool)] = [
            ("wan.connection_type", wan.connectionType != nil), ("wan.static_ipv4", wan.staticIpv4 != nil),
            ("wan.static_ipv4_gateway", wan.staticIpv4Gateway != nil),
            ("wan.static_ipv4_netmask", wan.staticIpv4Netmask != nil), ("wan.static_ipv6", wan.staticIpv6 != nil),
            ("wan.static_ipv6_gateway", wan.staticIpv6Gateway != nil),
            ("wan.static_ipv6_prefix_length", wan.staticIpv6PrefixLength != nil),
            ("wan.ipv6_pd_enabled", wan.ipv6PdEnabled != nil),
        ]
        return fields.filter(\.1).map(\.0)
    }
}

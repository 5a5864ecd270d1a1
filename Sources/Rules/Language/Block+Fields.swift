extension Block {
    /// Each value the block sets, named `block.field` (`wifi.ssid`, `periodicInform.interval`;
    /// `timeZone` alone; `ntp.servers` once per server): what lint's conflict check and a
    /// campaign's secret-target check read, so a block's fields are listed in one place.
    public var fields: [(name: String, value: RuleValue)] {
        func named(_ block: String, _ pairs: [(String, RuleValue?)]) -> [(name: String, value: RuleValue)] {
            pairs.compactMap { field, value in value.map { (name: "\(block).\(field)", value: $0) } }
        }
        switch self {
        case .periodicInform(let enabled, let interval):
            return named("periodicInform", [("enabled", enabled), ("interval", interval)])
        case .connectionRequest(let username, let password):
            return named("connectionRequest", [("username", username), ("password", password)])
        case .wifi(_, let ssid, let passphrase, let security, let channel, let enabled, _):
            return named(
                "wifi",
                [
                    ("ssid", ssid), ("passphrase", passphrase), ("security", security), ("channel", channel),
                    ("enabled", enabled),
                ]
            )
        case .lanDHCP(let enabled, let minAddress, let maxAddress, let leaseTime):
            return named(
                "lanDHCP",
                [
                    ("enabled", enabled), ("minAddress", minAddress), ("maxAddress", maxAddress),
                    ("leaseTime", leaseTime),
                ]
            )
        case .wanPPP(let username, let password, let vlan):
            return named("wan", [("username", username), ("password", password), ("vlan", vlan)])
        case .ntp(let servers):
            return servers.map { (name: "ntp.servers", value: $0) }
        case .timeZone(let zone):
            return [(name: "timeZone", value: zone)]
        }
    }
}

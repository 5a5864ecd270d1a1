extension Block {
    /// What the block writes, one entry per field it sets with a literal value, keyed by block and
    /// field (`wifi[5GHz].ssid (block)`): a block picks its TR-098 or TR-181 path on the device,
    /// so two rules' blocks conflict on a field whatever the device's root. Fields holding
    /// templates or secrets are left out (their values are not known before the session).
    var literalWrites: [(key: String, value: String)] {
        func fields(_ name: String, _ list: [(String, RuleValue?)]) -> [(key: String, value: String)] {
            list.compactMap { field, value in
                value?.literal.map { (key: "\(name).\(field) (block)", value: $0) }
            }
        }
        switch self {
        case .periodicInform(let enabled, let interval):
            return fields("periodicInform", [("enabled", enabled), ("interval", interval)])
        case .connectionRequest(let username, let password):
            return fields("connectionRequest", [("username", username), ("password", password)])
        case .wifi(let band, let ssid, let passphrase, let security, let channel, let enabled, _):
            return fields(
                "wifi[\(band)]",
                [
                    ("ssid", ssid), ("passphrase", passphrase), ("security", security), ("channel", channel),
                    ("enabled", enabled),
                ]
            )
        case .lanDHCP(let enabled, let minAddress, let maxAddress, let leaseTime):
            return fields(
                "lanDHCP",
                [
                    ("enabled", enabled), ("minAddress", minAddress), ("maxAddress", maxAddress),
                    ("leaseTime", leaseTime),
                ]
            )
        case .wanPPP(let username, let password, let vlan):
            return fields("wan", [("username", username), ("password", password), ("vlan", vlan)])
        case .ntp(let servers):
            let literals = servers.compactMap(\.literal)
            guard literals.count == servers.count else { return [] }
            return [(key: "ntp.servers (block)", value: literals.joined(separator: ","))]
        case .timeZone(let value):
            return value.literal.map { [(key: "timeZone (block)", value: $0)] } ?? []
        }
    }
}

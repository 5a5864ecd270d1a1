extension Block {
    /// What the block writes with literal values, keyed by block and field for the conflict check
    /// (`wifi[5GHz].ssid (block)`, `timeZone (block)`): a block picks its TR-098 or TR-181 path on
    /// the device, so two rules' blocks conflict on a field whatever the device's root. A WiFi
    /// field is keyed by its band; the NTP servers are one value, in order. Fields holding
    /// templates or secrets are left out (their values are not known before the session).
    var literalWrites: [(key: String, value: String)] {
        var scope = ""
        if case .wifi(let band, _, _, _, _, _, _) = self { scope = "[\(band)]" }
        var writes: [(key: String, value: String)] = []
        var servers: [String] = []
        for (name, value) in fields {
            guard let literal = value.literal else {
                if name == "ntp.servers" { return writes }
                continue
            }
            if name == "ntp.servers" {
                servers.append(literal)
            } else {
                let key = scope.isEmpty ? name : name.replacing("wifi.", with: "wifi\(scope).", maxReplacements: 1)
                writes.append((key: "\(key) (block)", value: literal))
            }
        }
        if !servers.isEmpty { writes.append((key: "ntp.servers (block)", value: servers.joined(separator: ","))) }
        return writes
    }
}

import FerruleJSON
import Foundation

/// DotMac's WiFi/LAN/WAN/custom-parameter sections as rule-language actions (docs/rules.md,
/// "actions"), which the campaign engine evaluates per device: TR-098 and TR-181 CPEs each get
/// their own paths, values are read back to verify, previous values are kept for rollback.
///
/// DotMac wrote fixed TR-098 paths and silently dropped most fields (its `genieacs/tasks.py`);
/// here a field either becomes an action or the request is refused (422) naming it and what to
/// use instead. Nothing is accepted and then ignored.
struct SeedConfiguration: Sendable {
    struct WiFi: Sendable {
        var ssid: String?
        var password: String?
        var securityMode: String?
        var channel: Int?
        var enabled: Bool?
    }

    struct LAN: Sendable {
        var dhcpEnabled: Bool?
        var dhcpStart: String?
        var dhcpEnd: String?
        /// Fields with no action: their names, when set.
        var unsupported: [String]
    }

    struct WAN: Sendable {
        var vlanID: Int?
        var username: String?
        var password: String?
        var unsupported: [String]
    }

    var wifi: WiFi?
    var lan: LAN?
    var wan: WAN?
    /// TR-069 path → value.
    var custom: [(String, JSONValue)] = []

    /// The actions, in the order wifi, lanDHCP, wan, set…; an empty list when nothing is set.
    /// - Throws: ``APIFailure`` 422 for fields that cannot be applied and values out of range.
    func actions() throws -> [JSONValue] {
        var actions: [JSONValue] = []
        var unsupported = (lan?.unsupported ?? []) + (wan?.unsupported ?? [])
        if let wifi {
            var fields: [(String, JSONValue)] = [("band", .string("2.4GHz"))]
            if let ssid = wifi.ssid {
                guard (1...32).contains(ssid.utf8.count) else {
                    throw APIFailure.invalid("Request validation failed: wifi.ssid must be 1–32 bytes")
                }
                fields.append(("ssid", Self.literal(ssid)))
            }
            if let password = wifi.password {
                guard (8...63).contains(password.utf8.count) else {
                    throw APIFailure.invalid("Request validation failed: wifi.password must be 8–63 characters")
                }
                fields.append(("passphrase", Self.literal(password)))
            }
            if let mode = wifi.securityMode {
                fields.append(("security", .string(try Self.security(mode))))
            }
            if let channel = wifi.channel {
                guard (1...13).contains(channel) else {
                    throw APIFailure.invalid("Request validation failed: wifi.channel must be 1–13 (got \(channel))")
                }
                fields.append(("channel", .int(channel)))
            }
            if let enabled = wifi.enabled { fields.append(("enabled", .bool(enabled))) }
            if fields.count > 1 { actions.append(.object([("wifi", .object(fields))])) }
        }
        if let lan {
            var fields: [(String, JSONValue)] = []
            if let enabled = lan.dhcpEnabled { fields.append(("enabled", .bool(enabled))) }
            if let start = lan.dhcpStart {
                fields.append(("minAddress", .string(try Self.ipv4(start, "lan.dhcp_start"))))
            }
            if let end = lan.dhcpEnd { fields.append(("maxAddress", .string(try Self.ipv4(end, "lan.dhcp_end")))) }
            if !fields.isEmpty { actions.append(.object([("lanDHCP", .object(fields))])) }
        }
        if let wan {
            var fields: [(String, JSONValue)] = []
            if let vlan = wan.vlanID {
                guard (1...4094).contains(vlan) else {
                    throw APIFailure.invalid("Request validation failed: wan.vlan_id must be 1–4094 (got \(vlan))")
                }
                fields.append(("vlan", .int(vlan)))
            }
            if let username = wan.username { fields.append(("username", Self.literal(username))) }
            if let password = wan.password { fields.append(("password", Self.literal(password))) }
            if !fields.isEmpty { actions.append(.object([("wan", .object(fields))])) }
        }
        for (path, value) in custom {
            guard path.hasPrefix("Device.") || path.hasPrefix("InternetGatewayDevice.") else {
                unsupported.append("custom_parameters.\(path) (not a Device. or InternetGatewayDevice. path)")
                continue
            }
            let literal: JSONValue
            switch value {
            case .string(let s): literal = Self.literal(s)
            case .number, .bool: literal = value
            default:
                throw APIFailure.invalid(
                    "Request validation failed: custom_parameters.\(path) must be a string, number or boolean"
                )
            }
            actions.append(.object([("set", .object([("path", .string(path)), ("value", literal)]))]))
        }
        if !unsupported.isEmpty {
            throw APIFailure.invalid(
                "Ferrule does not apply \(unsupported.joined(separator: ", ")): the value would depend on the device's "
                    + "data model. Set the exact parameters with custom_parameters (mass config) or "
                    + "/genieacs/tasks/set-parameters, or write a rule."
            )
        }
        return actions
    }

    /// A user's text as a literal rule value: `$` doubled so `${…}` is not a template.
    static func literal(_ text: String) -> JSONValue {
        .string(text.replacingOccurrences(of: "$", with: "$$"))
    }

    /// DotMac's `security_mode` (raw TR-098 BeaconType or a common name) as the `wifi` action's `security`.
    static func security(_ mode: String) throws -> String {
        switch mode.uppercased().replacingOccurrences(of: "_", with: "-") {
        case "WPA2-PSK", "WPA2PSK", "WPA2", "11I", "WPA2-PERSONAL": return "WPA2-Personal"
        case "WPA-WPA2-PSK", "WPA-WPA2", "WPAAND11I", "WPA/WPA2", "WPA-WPA2-PERSONAL": return "WPA-WPA2-Personal"
        case "WPA3-SAE", "WPA3-PSK", "WPA3", "WPA3-PERSONAL": return "WPA3-Personal"
        case "NONE", "OPEN", "BASIC": return "None"
        default:
            throw APIFailure.invalid(
                "Request validation failed: wifi.security_mode \(mode.debugDescription) is not one of WPA2-PSK, "
                    + "WPA-WPA2-PSK, WPA3-SAE, None"
            )
        }
    }

    /// A dotted-quad IPv4 address, trimmed, or 422 `Invalid IPv4 address: …` (DotMac's text).
    static func ipv4(_ text: String, _ field: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4,
            parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && UInt8($0) != nil })
        else {
            throw APIFailure.invalid("Invalid IPv4 address: \(text.debugDescription) (\(field))")
        }
        return trimmed
    }
}

import FerruleCore

/// Writes a rule's provision script: idempotent `declare()` calls that follow GenieACS's sandbox
/// rules (genieacs-nbi.md §11.1): deterministic, no `try`/`catch` around `declare`, only the
/// sandbox `Date`, periodic work spread with `Date.now(interval)`.
///
/// Secrets never appear in the script: each becomes an argument (`args[n]`) that `deploy` fills in
/// the preset at upload time.
struct ProvisionBuilder {
    private(set) var lines: [String] = []
    /// Secret names in argument order.
    private(set) var secretArgs: [String] = []
    private var needsDeviceValue = false
    private var needsRoot = false
    private var needsVersion = false
    private var body: [String] = []
    private var indent = 0

    /// Builds the script body for `rule` (variables already substituted).
    static func script(for rule: Rule) -> (text: String, secrets: [String]) {
        var b = ProvisionBuilder()
        b.build(rule)
        return (b.render(), b.secretArgs)
    }

    private mutating func emit(_ line: String) { body.append(String(repeating: "  ", count: indent) + line) }

    private mutating func build(_ rule: Rule) {
        if !rule.match.softwareVersion.isEmpty {
            needsRoot = true
            needsDeviceValue = true
            needsVersion = true
            let checks = rule.match.softwareVersion.map { c -> String in
                let op: String =
                    switch c.op {
                    case .eq: "=== 0"
                    case .ne: "!== 0"
                    case .lt: "< 0"
                    case .lte: "<= 0"
                    case .gt: "> 0"
                    case .gte: ">= 0"
                    }
                return "compareVersions(softwareVersion, \(CanonicalJSON.quote(c.version))) \(op)"
            }
            emit("// Version-aware: GenieACS itself would compare versions as strings.")
            emit("const softwareVersion = deviceValue(root + \".DeviceInfo.SoftwareVersion\");")
            emit("if (softwareVersion === undefined || !(\(checks.joined(separator: " && ")))) return;")
        }
        for action in rule.actions { actionCode(action) }
    }

    // MARK: - Values

    /// A JavaScript expression for a rule value.
    private mutating func js(_ value: RuleValue) -> String {
        if value.kind != .string, let literal = value.literal { return literal }
        if value.parts.isEmpty { return "\"\"" }
        let parts = value.parts.map { js($0) }
        return parts.count == 1 ? parts[0] : parts.joined(separator: " + ")
    }

    private mutating func js(_ part: RuleValue.Part) -> String {
        switch part {
        case .literal(let s): return CanonicalJSON.quote(s)
        case .integer(let n): return String(n)
        case .variable(let name): return CanonicalJSON.quote("${\(name)}")  // unresolved: the compiler reports it
        case .secret(let name):
            if let i = secretArgs.firstIndex(of: name) { return "args[\(i)]" }
            secretArgs.append(name)
            return "args[\(secretArgs.count - 1)]"
        case .device(let field):
            needsDeviceValue = true
            let path =
                switch field {
                case "id": "DeviceID.ID"
                case "serialNumber": "DeviceID.SerialNumber"
                case "oui": "DeviceID.OUI"
                case "productClass": "DeviceID.ProductClass"
                default: "DeviceID.Manufacturer"
                }
            return "String(deviceValue(\(CanonicalJSON.quote(path))))"
        case .parameter(let path):
            needsDeviceValue = true
            return "String(deviceValue(\(CanonicalJSON.quote(path))))"
        case .function(let name, let args):
            let a = args.map { js($0) }
            switch name {
            case "left": return "String(\(a[0])).slice(0, \(a[1]))"
            case "right": return "String(\(a[0])).slice(-(\(a[1])))"
            case "upper": return "String(\(a[0])).toUpperCase()"
            default: return "String(\(a[0])).toLowerCase()"
            }
        }
    }

    /// `[value, "xsd:type"]`, or the bare value when the type is left to the device.
    private mutating func typed(_ value: RuleValue, _ type: String?) -> String {
        var v = js(value)
        // A literal written as text (often from a variable) is given the JS form of its type.
        if let literal = value.literal, let type {
            switch type {
            case "xsd:int", "xsd:unsignedInt", "xsd:long", "xsd:unsignedLong":
                if Int(literal) != nil { v = literal }
            case "xsd:boolean":
                if literal == "true" || literal == "false" { v = literal }
            default: break
            }
        }
        guard let type else { return "[\(v)]" }
        return "[\(v), \(CanonicalJSON.quote(type))]"
    }

    private mutating func set(_ pathExpression: String, _ value: RuleValue, _ type: String?) {
        emit("declare(\(pathExpression), {value: 1}, {value: \(typed(value, type))});")
    }

    private static func aliasFilter(_ keys: [(String, RuleValue)], _ builder: inout ProvisionBuilder) -> String {
        // [Key:"value",…]: values are JSON-quoted (genieacs-nbi.md §11.2); per-device values are
        // concatenated at run time.
        let terms = keys.map { key, value -> String in
            if let literal = value.literal { return CanonicalJSON.quote("\(key):" + CanonicalJSON.quote(literal)) }
            return CanonicalJSON.quote("\(key):") + " + JSON.stringify(\(builder.js(value)))"
        }
        return terms.joined(separator: " + \",\" + ")
    }

    // MARK: - Actions

    private mutating func actionCode(_ action: Action) {
        switch action {
        case .set(let path, let value, let type, _):
            set(CanonicalJSON.quote(path), value, type)
        case .refresh(let path, let every, _):
            let interval = "Date.now(\(every * 1000))"
            if path.hasSuffix(".") {
                // Like GenieACS's built-in refresh: every level below the object.
                var wildcard = path
                for _ in 0..<4 {
                    wildcard += "*"
                    emit("declare(\(CanonicalJSON.quote(wildcard)), {path: \(interval), value: \(interval)});")
                    wildcard += "."
                }
            } else {
                emit("declare(\(CanonicalJSON.quote(path)), {value: \(interval)});")
            }
        case .ensure(let table, let keys, let values, _):
            let filter = Self.aliasFilter(keys, &self)
            emit("{")
            indent += 1
            emit("const instance = \(CanonicalJSON.quote(table)) + \"[\" + \(filter) + \"]\";")
            emit("declare(instance, {path: 1}, {path: 1});")
            for (name, value) in values { set("instance + \(CanonicalJSON.quote("." + name))", value, nil) }
            indent -= 1
            emit("}")
        case .delete(let table, let keys, _):
            let filter = Self.aliasFilter(keys, &self)
            emit("declare(\(CanonicalJSON.quote(table)) + \"[\" + \(filter) + \"]\", {path: 1}, {path: 0});")
        case .tags(let add, let remove, _):
            for tag in add { emit("declare(\(CanonicalJSON.quote("Tags." + tag)), {value: 1}, {value: true});") }
            for tag in remove { emit("declare(\(CanonicalJSON.quote("Tags." + tag)), {value: 1}, {value: false});") }
        case .download(let file, let fileType, let target, let retry, _):
            // As GenieACS's built-in download provision, but re-triggered at most once per
            // `retryEvery` while the rule keeps matching (not on every session).
            let alias = [
                "FileType:" + CanonicalJSON.quote(fileType), "FileName:" + CanonicalJSON.quote(file),
                "TargetFileName:" + CanonicalJSON.quote(target ?? ""),
            ].joined(separator: ",")
            let path = "Downloads.[\(alias)]"
            emit("declare(\(CanonicalJSON.quote(path)), {path: 1}, {path: 1});")
            emit("declare(\(CanonicalJSON.quote(path + ".Download")), {value: 1}, {value: Date.now(\(retry * 1000))});")
        case .reboot:
            emit("declare(\"Reboot\", null, {value: Date.now()});")
        case .factoryReset:
            emit("declare(\"FactoryReset\", null, {value: Date.now()});")
        case .provision:
            break  // a separate configuration of the preset
        case .script(let text, _):
            emit("{")
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                body.append(line.isEmpty ? "" : "  " + line)
            }
            emit("}")
        case .block(let block, _):
            needsRoot = true
            blockCode(block)
        }
    }

    private mutating func blockCode(_ block: Block) {
        switch block {
        case .periodicInform(let enabled, let interval):
            if let enabled { set("root + \".ManagementServer.PeriodicInformEnable\"", enabled, "xsd:boolean") }
            if let interval { set("root + \".ManagementServer.PeriodicInformInterval\"", interval, "xsd:unsignedInt") }
        case .connectionRequest(let username, let password):
            if let username { set("root + \".ManagementServer.ConnectionRequestUsername\"", username, "xsd:string") }
            if let password { set("root + \".ManagementServer.ConnectionRequestPassword\"", password, "xsd:string") }
        case .ntp(let servers):
            emit("if (root === \"Device\") {")
            indent += 1
            // TR-181 2.17 deprecates NTPServer1…5 in favour of Time.Client.{i}.Servers (a list).
            let list = servers.map { js($0) }.joined(separator: " + \",\" + ")
            emit("declare(\"Device.Time.Client.[Alias:\\\"cpe-ferrule-ntp\\\"]\", {path: 1}, {path: 1});")
            emit(
                "declare(\"Device.Time.Client.[Alias:\\\"cpe-ferrule-ntp\\\"].Servers\", {value: 1}, {value: [\(list.isEmpty ? "\"\"" : list), \"xsd:string\"]});"
            )
            indent -= 1
            emit("} else {")
            indent += 1
            for (i, server) in servers.enumerated() {
                set("\"InternetGatewayDevice.Time.NTPServer\(i + 1)\"", server, "xsd:string")
            }
            indent -= 1
            emit("}")
        case .timeZone(let value):
            emit("if (root === \"Device\") {")
            indent += 1
            set("\"Device.Time.LocalTimeZone\"", value, "xsd:string")
            indent -= 1
            emit("} else {")
            indent += 1
            // TR-098's LocalTimeZone (an offset) is obsolete; LocalTimeZoneName takes the TZ string.
            set("\"InternetGatewayDevice.Time.LocalTimeZoneName\"", value, "xsd:string")
            indent -= 1
            emit("}")
        case .lanDHCP(let enabled, let minAddress, let maxAddress, let leaseTime):
            emit("if (root === \"Device\") {")
            indent += 1
            if let enabled { set("\"Device.DHCPv4.Server.Pool.1.Enable\"", enabled, "xsd:boolean") }
            if let minAddress { set("\"Device.DHCPv4.Server.Pool.1.MinAddress\"", minAddress, "xsd:string") }
            if let maxAddress { set("\"Device.DHCPv4.Server.Pool.1.MaxAddress\"", maxAddress, "xsd:string") }
            if let leaseTime { set("\"Device.DHCPv4.Server.Pool.1.LeaseTime\"", leaseTime, "xsd:int") }
            indent -= 1
            emit("} else {")
            indent += 1
            let lan = "InternetGatewayDevice.LANDevice.1.LANHostConfigManagement."
            if let enabled { set(CanonicalJSON.quote(lan + "DHCPServerEnable"), enabled, "xsd:boolean") }
            if let minAddress { set(CanonicalJSON.quote(lan + "MinAddress"), minAddress, "xsd:string") }
            if let maxAddress { set(CanonicalJSON.quote(lan + "MaxAddress"), maxAddress, "xsd:string") }
            if let leaseTime { set(CanonicalJSON.quote(lan + "DHCPLeaseTime"), leaseTime, "xsd:int") }
            indent -= 1
            emit("}")
        case .wanPPP(let username, let password, let vlan):
            emit("if (root === \"Device\") {")
            indent += 1
            if let username { set("\"Device.PPP.Interface.1.Username\"", username, "xsd:string") }
            if let password { set("\"Device.PPP.Interface.1.Password\"", password, "xsd:string") }
            if let vlan { set("\"Device.Ethernet.VLANTermination.1.VLANID\"", vlan, "xsd:unsignedInt") }
            indent -= 1
            emit("} else {")
            indent += 1
            let ppp = "InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1."
            if let username { set(CanonicalJSON.quote(ppp + "Username"), username, "xsd:string") }
            if let password { set(CanonicalJSON.quote(ppp + "Password"), password, "xsd:string") }
            if vlan != nil { emit("log(\"ferrule: TR-098 has no standard WAN VLAN parameter; VLAN not set\");") }
            indent -= 1
            emit("}")
        case .wifi(let band, let ssid, let passphrase, let security, let channel, let enabled, let instance):
            emit("if (root === \"Device\") {")
            indent += 1
            emit("{")
            indent += 1
            emit(
                "const radio = declare(\(CanonicalJSON.quote("Device.WiFi.Radio.[OperatingFrequencyBand:" + CanonicalJSON.quote(band) + "]")), {path: 1, value: 1});"
            )
            emit("if (radio.size) {")
            indent += 1
            emit(
                "const ssidObject = declare(\"Device.WiFi.SSID.[LowerLayers:\" + JSON.stringify(radio.path) + \"]\", {path: 1});"
            )
            emit(
                "const accessPoint = ssidObject.size ? declare(\"Device.WiFi.AccessPoint.[SSIDReference:\" + JSON.stringify(ssidObject.path) + \"]\", {path: 1}) : undefined;"
            )
            if let ssid {
                emit(
                    "if (ssidObject.size) declare(ssidObject.path + \".SSID\", {value: 1}, {value: \(typed(ssid, "xsd:string"))});"
                )
            }
            if let enabled {
                emit(
                    "if (ssidObject.size) declare(ssidObject.path + \".Enable\", {value: 1}, {value: \(typed(enabled, "xsd:boolean"))});"
                )
            }
            if let passphrase {
                emit(
                    "if (accessPoint && accessPoint.size) declare(accessPoint.path + \".Security.KeyPassphrase\", {value: 1}, {value: \(typed(passphrase, "xsd:string"))});"
                )
            }
            if let security {
                emit(
                    "if (accessPoint && accessPoint.size) declare(accessPoint.path + \".Security.ModeEnabled\", {value: 1}, {value: \(typed(security, "xsd:string"))});"
                )
            }
            if let channel { channelCode("radio.path", channel) }
            indent -= 1
            emit("}")
            indent -= 1
            emit("}")
            indent -= 1
            emit("} else {")
            indent += 1
            let w = "InternetGatewayDevice.LANDevice.1.WLANConfiguration.\(instance)."
            if let ssid { set(CanonicalJSON.quote(w + "SSID"), ssid, "xsd:string") }
            if let enabled { set(CanonicalJSON.quote(w + "Enable"), enabled, "xsd:boolean") }
            if let passphrase { set(CanonicalJSON.quote(w + "KeyPassphrase"), passphrase, "xsd:string") }
            if let security {
                // TR-098 spreads the mode over BeaconType and the 11i/WPA/Basic fields.
                emit("{")
                indent += 1
                emit("const mode = \(js(security));")
                emit("if (mode === \"None\") {")
                emit(
                    "  declare(\(CanonicalJSON.quote(w + "BeaconType")), {value: 1}, {value: [\"Basic\", \"xsd:string\"]});"
                )
                emit(
                    "  declare(\(CanonicalJSON.quote(w + "BasicEncryptionModes")), {value: 1}, {value: [\"None\", \"xsd:string\"]});"
                )
                emit("} else if (mode === \"WPA2-Personal\") {")
                emit(
                    "  declare(\(CanonicalJSON.quote(w + "BeaconType")), {value: 1}, {value: [\"11i\", \"xsd:string\"]});"
                )
                emit(
                    "  declare(\(CanonicalJSON.quote(w + "IEEE11iAuthenticationMode")), {value: 1}, {value: [\"PSKAuthentication\", \"xsd:string\"]});"
                )
                emit(
                    "  declare(\(CanonicalJSON.quote(w + "IEEE11iEncryptionModes")), {value: 1}, {value: [\"AESEncryption\", \"xsd:string\"]});"
                )
                emit("} else if (mode === \"WPA-WPA2-Personal\") {")
                emit(
                    "  declare(\(CanonicalJSON.quote(w + "BeaconType")), {value: 1}, {value: [\"WPAand11i\", \"xsd:string\"]});"
                )
                emit(
                    "  declare(\(CanonicalJSON.quote(w + "IEEE11iAuthenticationMode")), {value: 1}, {value: [\"PSKAuthentication\", \"xsd:string\"]});"
                )
                emit(
                    "  declare(\(CanonicalJSON.quote(w + "WPAAuthenticationMode")), {value: 1}, {value: [\"PSKAuthentication\", \"xsd:string\"]});"
                )
                emit("} else {")
                emit("  log(\"ferrule: security mode \" + mode + \" has no TR-098 equivalent; left unchanged\");")
                emit("}")
                indent -= 1
                emit("}")
            }
            if let channel { channelCode(nil, literalObject: String(w.dropLast()), channel) }
            indent -= 1
            emit("}")
        }
    }

    /// `auto` turns automatic channel selection on; a number sets that channel. `object` is a
    /// JavaScript expression for the radio's path, or nil with `literalObject` for a fixed one.
    private mutating func channelCode(_ object: String?, literalObject: String? = nil, _ channel: RuleValue) {
        func path(_ leaf: String) -> String {
            if let literalObject { return CanonicalJSON.quote(literalObject + "." + leaf) }
            return "\(object ?? "\"\"") + \(CanonicalJSON.quote("." + leaf))"
        }
        if channel.literal == "auto" {
            emit("declare(\(path("AutoChannelEnable")), {value: 1}, {value: [true, \"xsd:boolean\"]});")
        } else {
            emit("declare(\(path("AutoChannelEnable")), {value: 1}, {value: [false, \"xsd:boolean\"]});")
            emit("declare(\(path("Channel")), {value: 1}, {value: \(typed(channel, "xsd:unsignedInt"))});")
        }
    }

    // MARK: - Output

    private func render() -> String {
        var out: [String] = []
        if needsDeviceValue || needsRoot {
            out.append("function deviceValue(path) {")
            out.append("  const found = declare(path, {value: 1});")
            out.append("  return found.size ? found.value[0] : undefined;")
            out.append("}")
        }
        if needsRoot {
            out.append(
                "const root = declare(\"Device.DeviceInfo.SoftwareVersion\", {value: 1}).size ? \"Device\" : \"InternetGatewayDevice\";"
            )
        }
        if needsVersion { out += VersionScript.compareFunction }
        return (out + body).joined(separator: "\n") + "\n"
    }
}

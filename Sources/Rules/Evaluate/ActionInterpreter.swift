import CWMP
import FerruleCore

/// Interprets a rule's actions the way its compiled provision declares them.
struct ActionInterpreter {
    let rule: String
    let state: DeviceState
    let root: String
    let secrets: [String: String]
    let instances: InstanceLookup
    var declarations: [Declaration] = []
    var notEvaluated: [String] = []

    init(rule: String, state: DeviceState, root: String, secrets: [String: String], instances: InstanceLookup) {
        self.rule = rule
        self.instances = instances
        self.state = state
        self.root = root
        self.secrets = secrets
    }

    private mutating func declare(_ path: String, _ value: RuleValue, _ type: String?) {
        declarations.append(Declaration(path: path, value: text(value), type: type, rule: rule))
    }

    private mutating func declare(_ path: String, literal: String, _ type: String?) {
        declarations.append(Declaration(path: path, value: literal, type: type, rule: rule))
    }

    // MARK: - Values

    func text(_ value: RuleValue) -> String { value.parts.map(text).joined() }

    func text(_ part: RuleValue.Part) -> String {
        switch part {
        case .literal(let s): s
        case .integer(let n): String(n)
        case .variable(let name): "${\(name)}"
        case .secret(let name): secrets[name] ?? "<secret:\(name)>"
        case .device(let field): deviceField(field)
        case .parameter(let path): state.tree[path]?.value ?? "undefined"
        case .function(let name, let args):
            switch name {
            case "left": String(text(args[0]).prefix(Int(text(args[1])) ?? 0))
            case "right": String(text(args[0]).suffix(Int(text(args[1])) ?? 0))
            case "upper": text(args[0]).uppercased()
            default: text(args[0]).lowercased()
            }
        }
    }

    func deviceField(_ field: String) -> String {
        let value: String? =
            switch field {
            case "id": state.id
            case "serialNumber": state.serialNumber
            case "oui": state.oui
            case "productClass": state.productClass
            default: state.manufacturer
            }
        return value ?? "undefined"
    }

    // MARK: - Actions

    mutating func interpret(_ action: Action) {
        switch action {
        case .set(let path, let value, let type, _):
            declare(path, value, type)
        case .refresh:
            break
        case .ensure(let table, let keys, let values, _):
            let keyTexts = keys.map { ($0.0, text($0.1)) }
            // A table the tree does not show: the alias path as declared (the tree may be partial).
            let instance = ensure(table, keyTexts) ?? Self.aliasPath(table, keyTexts) + "."
            for (name, value) in values { declare(instance + name, value, nil) }
        case .delete(let table, let keys, _):
            deleteInstances(table, keys.map { ($0.0, text($0.1)) }, keeping: 0)
        case .tags(let add, let remove, _):
            for tag in add { declare("Tags." + tag, literal: "true", nil) }
            for tag in remove { declare("Tags." + tag, literal: "false", nil) }
        case .download(let file, let fileType, let target, let retry, _):
            // As the provision: Downloads.[FileType:…,FileName:…,TargetFileName:…] ensured, then
            // its Download set to Date.now(retryEvery), device-spread (genieacs-nbi.md §11.4).
            let keys = [("FileType", fileType), ("FileName", file), ("TargetFileName", target ?? "")]
            let instance = ensure("Downloads.", keys) ?? Self.aliasPath("Downloads.", keys) + "."
            let interval = Double(retry) * 1000
            declare(instance + "Download", literal: Self.javaScriptNumber(state.spreadNow(interval)), nil)
        case .reboot:
            declare("Reboot", literal: String(Int(state.now)), nil)
        case .factoryReset:
            declare("FactoryReset", literal: String(Int(state.now)), nil)
        case .provision(let name, _, _):
            notEvaluated.append("provision \(name)")
        case .script:
            notEvaluated.append("script")
        case .block(let block, _):
            interpret(block)
        }
    }

    private mutating func interpret(_ block: Block) {
        let tr181 = root == "Device"
        switch block {
        case .periodicInform(let enabled, let interval):
            if let enabled { declare(root + ".ManagementServer.PeriodicInformEnable", enabled, "xsd:boolean") }
            if let interval { declare(root + ".ManagementServer.PeriodicInformInterval", interval, "xsd:unsignedInt") }
        case .connectionRequest(let username, let password):
            if let username { declare(root + ".ManagementServer.ConnectionRequestUsername", username, "xsd:string") }
            if let password { declare(root + ".ManagementServer.ConnectionRequestPassword", password, "xsd:string") }
        case .ntp(let servers):
            if tr181 {
                let keys = [("Alias", "cpe-ferrule-ntp")]
                let client = ensure("Device.Time.Client.", keys) ?? Self.aliasPath("Device.Time.Client.", keys) + "."
                declare(client + "Servers", literal: servers.map(text).joined(separator: ","), "xsd:string")
            } else {
                for (i, server) in servers.enumerated() {
                    declare("InternetGatewayDevice.Time.NTPServer\(i + 1)", server, "xsd:string")
                }
            }
        case .timeZone(let value):
            declare(
                tr181 ? "Device.Time.LocalTimeZone" : "InternetGatewayDevice.Time.LocalTimeZoneName",
                value,
                "xsd:string"
            )
        case .lanDHCP(let enabled, let minAddress, let maxAddress, let leaseTime):
            let (prefix, names) =
                tr181
                ? ("Device.DHCPv4.Server.Pool.1.", ["Enable", "MinAddress", "MaxAddress", "LeaseTime"])
                : (
                    "InternetGatewayDevice.LANDevice.1.LANHostConfigManagement.",
                    ["DHCPServerEnable", "MinAddress", "MaxAddress", "DHCPLeaseTime"]
                )
            let types = ["xsd:boolean", "xsd:string", "xsd:string", "xsd:int"]
            for (i, value) in [enabled, minAddress, maxAddress, leaseTime].enumerated() {
                if let value { declare(prefix + names[i], value, types[i]) }
            }
        case .wanPPP(let username, let password, let vlan):
            let ppp =
                tr181
                ? "Device.PPP.Interface.1."
                : "InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1."
            if let username { declare(ppp + "Username", username, "xsd:string") }
            if let password { declare(ppp + "Password", password, "xsd:string") }
            if let vlan, tr181 { declare("Device.Ethernet.VLANTermination.1.VLANID", vlan, "xsd:unsignedInt") }
        case .wifi(let band, let ssid, let passphrase, let security, let channel, let enabled, let instance):
            if tr181 {
                guard let radio = self.instance(in: "Device.WiFi.Radio.", where: "OperatingFrequencyBand", equals: band)
                else { return }
                let ssidObject = self.instance(in: "Device.WiFi.SSID.", where: "LowerLayers", equals: radio)
                let accessPoint = ssidObject.flatMap {
                    self.instance(in: "Device.WiFi.AccessPoint.", where: "SSIDReference", equals: $0)
                }
                if let ssidObject, let ssid { declare(ssidObject + ".SSID", ssid, "xsd:string") }
                if let ssidObject, let enabled { declare(ssidObject + ".Enable", enabled, "xsd:boolean") }
                if let accessPoint, let passphrase {
                    declare(accessPoint + ".Security.KeyPassphrase", passphrase, "xsd:string")
                }
                if let accessPoint, let security {
                    declare(accessPoint + ".Security.ModeEnabled", security, "xsd:string")
                }
                if let channel { channelDeclarations(radio, channel) }
            } else {
                let w = "InternetGatewayDevice.LANDevice.1.WLANConfiguration.\(instance)"
                if let ssid { declare(w + ".SSID", ssid, "xsd:string") }
                if let enabled { declare(w + ".Enable", enabled, "xsd:boolean") }
                if let passphrase { declare(w + ".KeyPassphrase", passphrase, "xsd:string") }
                if let security {
                    switch text(security) {
                    case "None":
                        declare(w + ".BeaconType", literal: "Basic", "xsd:string")
                        declare(w + ".BasicEncryptionModes", literal: "None", "xsd:string")
                    case "WPA2-Personal":
                        declare(w + ".BeaconType", literal: "11i", "xsd:string")
                        declare(w + ".IEEE11iAuthenticationMode", literal: "PSKAuthentication", "xsd:string")
                        declare(w + ".IEEE11iEncryptionModes", literal: "AESEncryption", "xsd:string")
                    case "WPA-WPA2-Personal":
                        declare(w + ".BeaconType", literal: "WPAand11i", "xsd:string")
                        declare(w + ".IEEE11iAuthenticationMode", literal: "PSKAuthentication", "xsd:string")
                        declare(w + ".WPAAuthenticationMode", literal: "PSKAuthentication", "xsd:string")
                    default: notEvaluated.append("security mode \(text(security)) on TR-098")
                    }
                }
                if let channel { channelDeclarations(w, channel) }
            }
        }
    }

    private mutating func channelDeclarations(_ radio: String, _ channel: RuleValue) {
        if channel.literal == "auto" {
            declare(radio + ".AutoChannelEnable", literal: "true", "xsd:boolean")
        } else {
            declare(radio + ".AutoChannelEnable", literal: "false", "xsd:boolean")
            declare(radio + ".Channel", channel, "xsd:unsignedInt")
        }
    }

    // MARK: - Instances

    /// `table[Key:"value",…]`, the alias path the provision declares.
    static func aliasPath(_ table: String, _ keys: [(String, String)]) -> String {
        table + "[" + keys.map { "\($0.0):" + CanonicalJSON.quote($0.1) }.joined(separator: ",") + "]"
    }

    /// `declare(table[keys], {path: 1}, {path: 1})`: the instance (`Device.Time.Client.2.`) whose
    /// keys have these values. When none has, GenieACS adds one (AddObject, then the keys set):
    /// declared as an `<added>` marker and the key values. Instances beyond the first are deleted.
    /// Nil when the tree does not show the table at all (it may be partial).
    private mutating func ensure(_ table: String, _ keys: [(String, String)]) -> String? {
        guard instances.tableExists(table) else { return nil }
        let matching = instances.matching(table, keys)
        if let first = matching.first {
            deleteInstances(table, keys, keeping: 1)
            return table + "\(first)."
        }
        let n = instances.add(to: table, keys)
        let instance = table + "\(n)."
        declarations.append(
            Declaration(path: instance, value: Declaration.added, type: nil, rule: rule, change: .addObject)
        )
        for (key, value) in keys { declare(instance + key, literal: value, nil) }
        return instance
    }

    /// `declare(table[keys], {path: 1}, {path: n})` with more than `n` matches: the instances
    /// after the first `n` (in instance order) are deleted (DeleteObject), declared as `<deleted>`.
    private mutating func deleteInstances(_ table: String, _ keys: [(String, String)], keeping count: Int) {
        guard instances.tableExists(table) else { return }
        for n in instances.matching(table, keys).dropFirst(count) {
            declarations.append(
                Declaration(
                    path: table + "\(n).",
                    value: Declaration.deleted,
                    type: nil,
                    rule: rule,
                    change: .deleteObject
                )
            )
        }
    }

    /// `String(n)` in JavaScript for an integral number.
    static func javaScriptNumber(_ n: Double) -> String {
        if n.rounded(.towardZero) == n, abs(n) < 1e21, let i = Int64(exactly: n) { return String(i) }
        return String(n)
    }

    /// The first instance of `table` (`Device.WiFi.Radio.`) whose `key` equals `value`, as a path
    /// without the trailing dot (`Device.WiFi.Radio.1`), like a declare() alias lookup.
    private func instance(in table: String, where key: String, equals value: String) -> String? {
        instances.first(in: table, where: key, equals: value)
    }
}

/// Answers "first instance of a table whose key has a value" for one device, scanning the tree once
/// per (table, key) however many rules ask. Lives for one evaluation; not shared across tasks.
final class InstanceLookup {
    private let tree: ParameterTree
    private var cache: [String: [(instance: Int, value: String?)]] = [:]
    /// Instance numbers by table (`Device.Time.Client.`), ascending; nil: not scanned yet.
    private var numbers: [String: [Int]] = [:]
    private var tablePresent: [String: Bool] = [:]
    /// Instances the rules evaluated so far add, with their alias key values, by table.
    private var added: [String: [(instance: Int, keys: [(String, String)])]] = [:]

    init(_ tree: ParameterTree) { self.tree = tree }

    /// Whether the tree shows `table` (as an object or with something below it). `Downloads.`
    /// always exists: GenieACS keeps it for every device (genieacs-nbi.md §11.4).
    func tableExists(_ table: String) -> Bool {
        if table == "Downloads." { return true }
        if let known = tablePresent[table] { return known }
        let present = tree[table] != nil || tree.unorderedEntries.contains { $0.path.hasPrefix(table) }
        tablePresent[table] = present
        return present
    }

    /// The instances of `table` whose keys (relative paths) have these values, ascending, like a
    /// declare() alias filter: values compare after conversion to the parameter's type. Instances
    /// added by earlier rules count, with the key values they were given.
    func matching(_ table: String, _ keys: [(String, String)]) -> [Int] {
        let existing = instanceNumbers(table).filter { n in
            keys.allSatisfy { key, value in Self.aliasEqual(tree[table + "\(n)." + key], value) }
        }
        let new = (added[table] ?? []).filter { instance in
            keys.allSatisfy { key, value in instance.keys.contains { $0.0 == key && $0.1 == value } }
        }
        return existing + new.map(\.instance)
    }

    /// AddObject on `table`: the new instance number, one above the highest there is (or was added).
    func add(to table: String, _ keys: [(String, String)]) -> Int {
        let highest = max(instanceNumbers(table).last ?? 0, added[table]?.last?.instance ?? 0)
        added[table, default: []].append((highest + 1, keys))
        return highest + 1
    }

    private func instanceNumbers(_ table: String) -> [Int] {
        if let known = numbers[table] { return known }
        var found: Set<Int> = []
        for entry in tree.unorderedEntries where entry.path.hasPrefix(table) {
            let rest = entry.path.dropFirst(table.count)
            let segment = rest.prefix { $0 != "." }
            if !segment.isEmpty, segment.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let n = Int(segment) {
                found.insert(n)
            }
        }
        let sorted = found.sorted()
        numbers[table] = sorted
        return sorted
    }

    /// An alias filter's value against a parameter, as GenieACS compares them: both converted to the
    /// parameter's type (sanitizeParameterValue); objects and parameters without a value never match.
    static func aliasEqual(_ entry: ParameterEntry?, _ wanted: String) -> Bool {
        guard let entry, !entry.isObject, let value = entry.value else { return false }
        switch entry.type {
        case .boolean?:
            return sanitizedBoolean(value) == sanitizedBoolean(wanted)
        case .int?, .unsignedInt?:
            return sanitizedInteger(value) == sanitizedInteger(wanted)
        default:
            return value == wanted
        }
    }

    private static func sanitizedBoolean(_ text: String) -> String {
        switch text {
        case "true", "TRUE", "True", "1": "b:true"
        case "false", "FALSE", "False", "0": "b:false"
        default: "s:" + text
        }
    }

    /// JavaScript's parseInt: optional sign and leading digits after leading white space.
    private static func sanitizedInteger(_ text: String) -> String {
        let trimmed = text.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        var digits = ""
        var rest = Substring(trimmed)
        if let sign = rest.first, sign == "-" || sign == "+" {
            if sign == "-" { digits = "-" }
            rest = rest.dropFirst()
        }
        let number = rest.prefix { $0.isASCII && $0.isNumber }
        guard !number.isEmpty, let n = Int(digits + number) else { return "s:" + text }
        return "n:\(n)"
    }

    func first(in table: String, where key: String, equals value: String) -> String? {
        let cacheKey = table + "\u{0}" + key
        let rows: [(instance: Int, value: String?)]
        if let cached = cache[cacheKey] {
            rows = cached
        } else {
            let suffix = "." + key
            var found: [(instance: Int, value: String?)] = []
            for entry in tree.unorderedEntries where entry.path.hasPrefix(table) && entry.path.hasSuffix(suffix) {
                let middle = entry.path.dropFirst(table.count).dropLast(suffix.count)
                if !middle.isEmpty, middle.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let n = Int(middle) {
                    found.append((n, entry.value))
                }
            }
            rows = found.sorted { $0.instance < $1.instance }
            cache[cacheKey] = rows
        }
        return rows.first { $0.value == value }.map { table + String($0.instance) }
    }
}

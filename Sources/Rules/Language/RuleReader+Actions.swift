import CWMP
import FerruleCore
import Yams

extension RuleReader {
    /// One action: a one-key mapping `- kind: {…}` (or the bare word `- reboot`).
    mutating func action(_ node: Node) -> Action? {
        let at = location(node)
        if node.scalar != nil, let word = node.string {
            if word == "reboot" { return .reboot(since: nil, location: at) }
            unknownAction(node, word)
            return nil
        }
        guard let entries = mapping(node, what: "an action (`- set: {…}`)"), entries.count == 1,
            let (key, body) = entries.first,
            let kind = key.string
        else {
            if node.mapping != nil {
                error(node, .badAction, "an action is a mapping with exactly one key, the action kind")
            }
            return nil
        }
        var fields: [String: Node] = [:]
        var fieldKeys: [String: Node] = [:]
        if let m = body.mapping {
            for (k, v) in m {
                if let name = k.string {
                    fields[name] = v
                    fieldKeys[name] = k
                }
            }
        } else if body.scalar != nil, kind != "script", kind != "reboot", kind != "timeZone" {
            error(body, .wrongType, "`\(kind)` takes a mapping of fields")
            return nil
        }
        func check(_ allowed: [String]) -> Bool {
            var ok = true
            for (name, key) in fieldKeys where !allowed.contains(name) {
                unknownKey(key, name, among: allowed, in: "`\(kind)`")
                ok = false
            }
            return ok
        }
        func require(_ name: String) -> Node? {
            guard let n = fields[name] else {
                error(body, .missingField, "`\(kind)` needs `\(name)`")
                return nil
            }
            return n
        }
        switch kind {
        case "set":
            guard check(["path", "value", "type"]), let p = require("path"), let v = require("value"),
                let path = string(p, what: "a parameter path"), let value = value(v, what: "the value")
            else { return nil }
            guard checkFixedText(p, field: "set.path", place: .provisionPath), isParameterPath(path, p) else {
                return nil
            }
            var type: String?
            if let t = fields["type"] {
                type = string(t, what: "an xsd type")
                if let name = type, !Self.xsdTypes.contains(name) {
                    error(
                        t,
                        .badType,
                        "\"\(DisplayText.value(name))\" is not a CWMP value type",
                        hint: "use one of \(Self.xsdTypes.joined(separator: ", "))"
                    )
                }
            }
            return .set(path: path, value: value, type: type, location: at)
        case "refresh":
            guard check(["path", "every"]), let p = require("path"), let path = string(p, what: "a path"),
                checkFixedText(p, field: "refresh.path", place: .provisionPath), hasDataModelRoot(path, p)
            else {
                return nil
            }
            let every = fields["every"].flatMap { int($0, what: "`every` (seconds)", range: 1...31_622_400) } ?? 86_400
            return .refresh(path: path, everySeconds: every, location: at)
        case "ensure", "delete":
            let allowed = kind == "ensure" ? ["table", "keys", "values"] : ["table", "keys"]
            guard check(allowed), let t = require("table"), let table = string(t, what: "a table path"),
                let k = require("keys"), checkFixedText(t, field: "\(kind).table", place: .provisionPath)
            else { return nil }
            guard table.hasSuffix(".") || !table.contains("{") else {
                error(t, .badPath, "a table is written without instance numbers, ending in '.' (`Device.WiFi.SSID.`)")
                return nil
            }
            guard hasDataModelRoot(table, t) else { return nil }
            let keys = pairs(k, what: "`keys`")
            if keys.isEmpty { error(k, .missingField, "`keys` must name at least one key parameter and its value") }
            if kind == "delete" { return .delete(table: normalizedTable(table), keys: keys, location: at) }
            let values = fields["values"].map { pairs($0, what: "`values`") } ?? []
            return .ensure(table: normalizedTable(table), keys: keys, values: values, location: at)
        case "tag":
            guard check(["add", "remove"]) else { return nil }
            let add = fields["add"].flatMap { strings($0, what: "tags") } ?? []
            let remove = fields["remove"].flatMap { strings($0, what: "tags") } ?? []
            for tag in add + remove where !ExpressionName.isTag(tag) {
                error(body, .badTag, "tag \"\(DisplayText.value(tag))\" \(ExpressionName.tagRule)")
            }
            if add.isEmpty && remove.isEmpty { error(body, .missingField, "`tag` needs `add` or `remove`") }
            return .tags(add: add, remove: remove, location: at)
        case "download":
            guard check(["file", "fileType", "targetFileName", "retryEvery"]), let f = require("file"),
                let file = string(f, what: "the file name")
            else { return nil }
            var fixed = checkFixedText(f, field: "download.file", place: .download)
            for name in ["fileType", "targetFileName"] {
                if let node = fields[name], !checkFixedText(node, field: "download.\(name)", place: .download) {
                    fixed = false
                }
            }
            guard fixed else { return nil }
            let fileType =
                fields["fileType"].flatMap { string($0, what: "the file type") } ?? "1 Firmware Upgrade Image"
            let target = fields["targetFileName"].flatMap { string($0, what: "the target file name") }
            let retry =
                fields["retryEvery"].flatMap { int($0, what: "`retryEvery` (seconds)", range: 60...31_622_400) }
                ?? 86_400
            return .download(
                file: file,
                fileType: fileType,
                targetFileName: target,
                retryEverySeconds: retry,
                location: at
            )
        case "reboot":
            guard body.scalar == nil else { return .reboot(since: nil, location: at) }
            guard check(["since"]) else { return nil }
            var since: Int?
            if let node = fields["since"] {
                guard let time = sinceTime(node) else { return nil }
                since = time
            }
            return .reboot(since: since, location: at)
        case "factoryReset":
            guard check(["confirm", "since"]) else { return nil }
            guard fields["confirm"].flatMap({ bool($0, what: "`confirm`") }) == true else {
                error(
                    body,
                    .unguardedReset,
                    "a factory reset wipes the device: write `factoryReset: {confirm: true}` to mean it"
                )
                return nil
            }
            var since: Int?
            if let node = fields["since"] {
                guard let time = sinceTime(node) else { return nil }
                since = time
            }
            return .factoryReset(since: since, location: at)
        case "provision":
            guard check(["name", "args"]), let n = require("name"), let name = string(n, what: "a provision name"),
                checkFixedText(n, field: "provision.name", place: .provisionPath)
            else { return nil }
            var args: [RuleValue] = []
            if let a = fields["args"], let list = sequence(a, what: "`args`") {
                for item in list {
                    guard let v = value(item, what: "an argument") else { continue }
                    // A preset's provision arguments are written once for every device: only literal
                    // text and deploy-time secrets can be placed there.
                    if let perDevice = v.parts.first(where: Self.notPresetArgument) {
                        error(
                            item,
                            .badTemplate,
                            "a `provision` argument cannot hold ${\(perDevice.templateText)}: preset arguments are written once for all devices, so it would reach the provision as \"\"",
                            hint:
                                "pass the parameter path as a literal argument and read it in the provision (`declare(args[0], {value: 1})`), or use `set` with the template"
                        )
                        continue
                    }
                    args.append(v)
                }
            }
            return .provision(name: name, args: args, location: at)
        case "script":
            guard let text = body.string, body.scalar != nil else {
                error(body, .wrongType, "`script` takes the JavaScript as a block of text (`script: |`)")
                return nil
            }
            return .script(text, location: at)
        case "periodicInform":
            guard check(["enabled", "interval"]) else { return nil }
            return .block(
                .periodicInform(enabled: fieldValue(fields, "enabled"), interval: fieldValue(fields, "interval")),
                location: at
            )
        case "connectionRequest":
            guard check(["username", "password"]) else { return nil }
            return .block(
                .connectionRequest(username: fieldValue(fields, "username"), password: fieldValue(fields, "password")),
                location: at
            )
        case "wifi":
            guard check(["band", "ssid", "passphrase", "security", "channel", "enabled", "tr098Instance"]),
                let b = require("band"), let band = string(b, what: "the band")
            else { return nil }
            guard ["2.4GHz", "5GHz", "6GHz"].contains(band) else {
                error(b, .badValue, "band \"\(band)\" is not one of 2.4GHz, 5GHz, 6GHz")
                return nil
            }
            let instance =
                fields["tr098Instance"].flatMap { int($0, what: "`tr098Instance`", range: 1...64) }
                ?? (band == "2.4GHz" ? 1 : 5)
            return .block(
                .wifi(
                    band: band,
                    ssid: fieldValue(fields, "ssid"),
                    passphrase: fieldValue(fields, "passphrase"),
                    security: fieldValue(fields, "security"),
                    channel: fieldValue(fields, "channel"),
                    enabled: fieldValue(fields, "enabled"),
                    tr098Instance: instance
                ),
                location: at
            )
        case "lanDHCP":
            guard check(["enabled", "minAddress", "maxAddress", "leaseTime"]) else { return nil }
            return .block(
                .lanDHCP(
                    enabled: fieldValue(fields, "enabled"),
                    minAddress: fieldValue(fields, "minAddress"),
                    maxAddress: fieldValue(fields, "maxAddress"),
                    leaseTime: fieldValue(fields, "leaseTime")
                ),
                location: at
            )
        case "wan":
            guard check(["username", "password", "vlan"]) else { return nil }
            return .block(
                .wanPPP(
                    username: fieldValue(fields, "username"),
                    password: fieldValue(fields, "password"),
                    vlan: fieldValue(fields, "vlan")
                ),
                location: at
            )
        case "ntp":
            guard check(["servers"]), let s = require("servers"), let list = sequence(s, what: "`servers`") else {
                return nil
            }
            if list.count > 5 { error(s, .outOfRange, "at most 5 NTP servers (NTPServer1…5)") }
            var servers: [RuleValue] = []
            for item in list.prefix(5) { if let v = value(item, what: "a server") { servers.append(v) } }
            return .block(.ntp(servers: servers), location: at)
        case "timeZone":
            guard let v = body.scalar != nil ? body : fields["value"], let tz = value(v, what: "the time zone") else {
                error(body, .missingField, "`timeZone` takes a POSIX TZ string (`CET-1CEST,M3.5.0,M10.5.0/3`)")
                return nil
            }
            return .block(.timeZone(tz), location: at)
        default:
            unknownAction(key, kind)
            return nil
        }
    }

    static let xsdTypes = [
        "xsd:string", "xsd:int", "xsd:unsignedInt", "xsd:long", "xsd:unsignedLong", "xsd:boolean", "xsd:dateTime",
        "xsd:base64", "xsd:hexBinary",
    ]

    private mutating func unknownAction(_ node: Node, _ kind: String) {
        let suggestion = DidYouMean.suggestion(for: kind, among: Self.actionKinds)
        error(
            node,
            .unknownAction,
            "unknown action \"\(DisplayText.value(kind))\"",
            hint: suggestion.map { "did you mean \"\($0)\"?" } ?? "actions: \(Self.actionKinds.joined(separator: ", "))"
        )
    }

    private mutating func fieldValue(_ fields: [String: Node], _ name: String) -> RuleValue? {
        fields[name].flatMap { value($0, what: "`\(name)`") }
    }

    private mutating func pairs(_ node: Node, what: String) -> [(String, RuleValue)] {
        guard let m = mapping(node, what: what) else { return [] }
        var out: [(String, RuleValue)] = []
        for (k, v) in m {
            if let name = k.string, let value = value(v, what: "the value of \(name)") { out.append((name, value)) }
        }
        return out
    }

    private func normalizedTable(_ table: String) -> String { table.hasSuffix(".") ? table : table + "." }

    /// Whether `path` starts at a data model root: `Device.` (TR-181) or `InternetGatewayDevice.`
    /// (TR-098), the only trees a provision can declare; reports `bad-path` otherwise.
    private mutating func hasDataModelRoot(_ path: String, _ node: Node) -> Bool {
        guard !(path.hasPrefix("Device.") || path.hasPrefix("InternetGatewayDevice.")) else { return true }
        error(
            node,
            .badPath,
            "\"\(DisplayText.value(path))\" is not under Device. or InternetGatewayDevice.",
            hint: "write a full path such as Device.ManagementServer.PeriodicInformInterval"
        )
        return false
    }

    private mutating func isParameterPath(_ path: String, _ node: Node) -> Bool {
        guard hasDataModelRoot(path, node) else { return false }
        let segments = path.split(separator: ".", omittingEmptySubsequences: false)
        guard !path.hasSuffix("."), segments.allSatisfy({ !$0.isEmpty }),
            path.allSatisfy({ $0.isLetter || $0.isNumber || "._-[]:,*".contains($0) })
        else {
            error(
                node,
                .badPath,
                "\"\(DisplayText.value(path))\" is not a parameter path",
                hint: "write a full path such as Device.ManagementServer.PeriodicInformInterval"
            )
            return false
        }
        return true
    }
}

extension RuleReader {
    /// Whether a template part cannot stand in a preset's provision arguments, which hold literal
    /// text and `${secret:…}` placeholders only: a value read on the device, or a function.
    static func notPresetArgument(_ part: TemplatePart) -> Bool {
        if case .function = part { return true }
        return part.isPerDevice
    }

    /// The `since` time of a `reboot` or `factoryReset`, in milliseconds since the epoch; reports
    /// a malformed one (a missing one is the compiler's `unguarded-reboot`, ``RuleCompiler``).
    mutating func sinceTime(_ node: Node) -> Int? {
        guard let text = string(node, what: "a time such as 2026-12-01T00:00:00Z") else { return nil }
        guard let time = CWMPDateTime(text), time.utcOffsetSeconds != nil, !time.isUnknown else {
            error(
                node,
                .wrongType,
                "`since` must be a time with a zone, such as 2026-12-01T00:00:00Z (got \"\(text)\")"
            )
            return nil
        }
        return Int(time.secondsSince1970) * 1000
    }
}

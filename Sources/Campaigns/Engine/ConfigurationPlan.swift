import CWMP
import FerruleCore
import FerruleJSON
public import Rules

/// One parameter a configuration campaign sets on one device.
public struct ParameterChange: Sendable, Hashable {
    public var path: String
    /// The value to set; `${secret:NAME}` placeholders stay until the push.
    public var value: String
    /// The xsd type when the rule gave one (GenieACS uses the parameter's known type, GenieACS 1.2.16
    /// lib/api-functions.ts:260-271; lib/cwmp.ts:692-700).
    public var type: String?
    /// The value before the change; nil when the device did not report the parameter.
    public var previous: String?
    /// Without ``type``, the parameter's `_type` on the device when the change was planned: the type GenieACS sets
    /// an untyped value with (lib/api-functions.ts:260-271; lib/cwmp.ts:692-700). Reports only; never pushed.
    public var deviceType: String?

    public init(path: String, value: String, type: String? = nil, previous: String? = nil, deviceType: String? = nil) {
        self.path = path
        self.value = value
        self.type = type
        self.previous = previous
        self.deviceType = deviceType
    }

    /// Whether the value is (or holds) a secret: never printed, not read back.
    public var isSecret: Bool { value.contains("${secret:") || SecretParameters.isSecret(path) }
}

/// Per-device configuration: the rule-language actions evaluated on the device's own tree.
public enum ConfigurationPlan {
    /// What `actions` would do on `device`: the parameters whose value differs (secrets are always
    /// set: their current value cannot be compared), or why the device is not applicable.
    ///
    /// Each action is evaluated on the device's own tree. A device is not applicable — and is
    /// never pushed — when a parameter the change sets is not in its tree (a TR-098 WLAN without
    /// the security parameters), when an action or one of its fields sets nothing on it (a TR-181
    /// device with no 2.4 GHz radio), when a value reads a `${param:…}` the device has no value
    /// for, or when the change would need an object instance added or deleted, which a campaign
    /// cannot do or undo.
    public static func plan(_ actions: [Action], on device: DeviceDocument, now: Double) throws -> DevicePlan {
        let state = try device.deviceState(now: now)
        var declarations: [Declaration] = []
        var problems: [String] = []
        for action in actions {
            let verdict = evaluate([action], on: state)
            problems += verdict.notEvaluated.map { "\(label(action)): \($0) cannot be set by a campaign" }
            // A value read from a parameter the device has no value for: never pushed as "undefined".
            problems += verdict.skipped.map { "\(label(action)): \($0)" }
            if verdict.declarations.isEmpty && verdict.skipped.isEmpty {
                problems.append("\(label(action)) sets nothing on this device (it has no matching object)")
            } else {
                for field in fieldsSettingNothing(action, on: state) {
                    problems.append(
                        "\(label(action)): \(field) sets nothing on this device (it has no matching object)"
                    )
                }
            }
            declarations += verdict.declarations
        }
        var changes: [ParameterChange] = []
        var missing: [String] = []
        var seen: Set<String> = []
        for declaration in declarations.reversed() where !seen.contains(declaration.path) {
            seen.insert(declaration.path)
            switch declaration.change {
            case .addObject:
                problems.append("needs an instance added at \(declaration.path), which a campaign cannot do or undo")
                continue
            case .deleteObject:
                problems.append("needs the instance \(declaration.path) deleted, which a campaign cannot do or undo")
                continue
            case .value:
                break
            }
            guard device.has(declaration.path) else {
                missing.append(declaration.path)
                continue
            }
            guard let value = placeholderText(declaration.parts) else {
                problems.append(
                    "\(declaration.path) applies a function to a secret, which a campaign cannot push; "
                        + "give the secret the value the function would give"
                )
                continue
            }
            // The reader refuses secrets in shown fields; a block may still map a field to a path
            // device reads show (a vendor's passphrase spelling): never pushed there.
            guard !value.contains("${secret:") || SecretParameters.isSecret(declaration.path) else {
                problems.append(
                    "\(declaration.path) would receive a secret, and every device read shows its value unmasked"
                )
                continue
            }
            let current = device.value(declaration.path)
            let change = ParameterChange(
                path: declaration.path,
                value: value,
                type: declaration.type,
                previous: current,
                deviceType: declaration.type == nil ? device.type(declaration.path) : nil
            )
            let type = declaration.type ?? device.type(declaration.path)
            if change.isSecret || !sameValue(current, value, type: type) { changes.append(change) }
        }
        return DevicePlan(changes: changes.reversed(), missing: missing.reversed(), problems: problems)
    }

    private static func evaluate(_ actions: [Action], on state: DeviceState) -> RuleVerdict {
        var rule = Rule(name: "campaign", location: RuleLocation(file: "campaign", line: 0, column: 0))
        rule.actions = actions
        return RuleEvaluator.evaluate(rule, on: state)
    }

    /// The fields of a `wifi` action that set nothing on the device although the action sets
    /// something (a TR-181 radio without an SSID or access point for it).
    private static func fieldsSettingNothing(_ action: Action, on state: DeviceState) -> [String] {
        guard
            case .block(
                .wifi(let band, let ssid, let passphrase, let security, let channel, let enabled, let n),
                let l
            ) =
                action
        else { return [] }
        let fields: [(String, Block)] = [
            (
                "ssid",
                .wifi(
                    band: band,
                    ssid: ssid,
                    passphrase: nil,
                    security: nil,
                    channel: nil,
                    enabled: nil,
                    tr098Instance: n
                )
            ),
            (
                "passphrase",
                .wifi(
                    band: band,
                    ssid: nil,
                    passphrase: passphrase,
                    security: nil,
                    channel: nil,
                    enabled: nil,
                    tr098Instance: n
                )
            ),
            (
                "security",
                .wifi(
                    band: band,
                    ssid: nil,
                    passphrase: nil,
                    security: security,
                    channel: nil,
                    enabled: nil,
                    tr098Instance: n
                )
            ),
            (
                "channel",
                .wifi(
                    band: band,
                    ssid: nil,
                    passphrase: nil,
                    security: nil,
                    channel: channel,
                    enabled: nil,
                    tr098Instance: n
                )
            ),
            (
                "enabled",
                .wifi(
                    band: band,
                    ssid: nil,
                    passphrase: nil,
                    security: nil,
                    channel: nil,
                    enabled: enabled,
                    tr098Instance: n
                )
            ),
        ]
        let given = [ssid, passphrase, security, channel, enabled].map { $0 != nil }
        return zip(fields, given).compactMap { field, isGiven in
            guard isGiven else { return nil }
            let verdict = evaluate([.block(field.1, location: l)], on: state)
            return verdict.declarations.isEmpty && verdict.skipped.isEmpty ? field.0 : nil
        }
    }

    /// How an action is named in messages (`wifi (band 2.4GHz)`, `set Device.X`).
    static func label(_ action: Action) -> String {
        switch action {
        case .set(let path, _, _, _): "set \(path)"
        case .block(let block, _):
            switch block {
            case .wifi(let band, _, _, _, _, _, _): "wifi (band \(band))"
            case .periodicInform: "periodicInform"
            case .connectionRequest: "connectionRequest"
            case .lanDHCP: "lanDHCP"
            case .wanPPP: "wan"
            case .ntp: "ntp"
            case .timeZone: "timeZone"
            }
        case .refresh: "refresh"
        case .ensure(let table, _, _, _): "ensure \(table)"
        case .delete(let table, _, _): "delete \(table)"
        case .tags: "tag"
        case .download: "download"
        case .reboot: "reboot"
        case .factoryReset: "factoryReset"
        case .provision(let name, _, _): "provision \(name)"
        case .script: "script"
        }
    }

    /// Parameters whose value on `device` differs from what the campaign set (secrets skipped:
    /// CPEs do not report them back).
    public static func mismatches(_ changes: [ParameterChange], on device: DeviceDocument) -> [String] {
        changes.filter {
            !$0.isSecret && !sameValue(device.value($0.path), $0.value, type: $0.type ?? device.type($0.path))
        }.map {
            "\($0.path) reads \(device.value($0.path).map { "\"\($0)\"" } ?? "nothing"), expected \"\($0.value)\""
        }
    }

    /// Values equal as GenieACS would store them: booleans as true/false or 1/0, and in a
    /// parameter of an integer type (`type`: the change's, else the device's `_type`) as the
    /// number GenieACS parses the text to (`"0600"` is 600: GenieACS 1.2.16 lib/device.ts:26-45
    /// sanitizes xsd:int/xsd:unsignedInt values with parseInt, and so does a CPE's answer,
    /// lib/soap.ts:181-182). Planning and verification both compare with this one function.
    static func sameValue(_ current: String?, _ wanted: String, type: String? = nil) -> Bool {
        guard let current else { return false }
        if current == wanted { return true }
        if let type, integerTypes.contains(type.lowercased()) {
            if let a = integer(current), let b = integer(wanted) { return a == b }
        }
        let booleans = ["true": "1", "false": "0"]
        return booleans[current.lowercased()] == wanted || booleans[wanted.lowercased()] == current
            || current.lowercased() == wanted.lowercased() && booleans[current.lowercased()] != nil
    }

    /// The number an integer-typed parameter holds for `text` (`" 0600"` is 600), nil when it is none.
    static func integer(_ text: String) -> Int? { Int(Substring(text).drop { $0 == " " || $0 == "\t" }) }

    /// The xsd types whose values are integers.
    private static let integerTypes: Set<String> = [
        "xsd:int", "xsd:unsignedint", "xsd:long", "xsd:unsignedlong", "xsd:short", "xsd:unsignedshort",
        "xsd:byte", "xsd:unsignedbyte", "xsd:integer",
    ]

    /// An evaluated value as a campaign stores it until the push: literal text, each secret as its
    /// `${secret:NAME}` placeholder (``SecretPlaceholder``). Nil when a function applies to a secret:
    /// the placeholder cannot carry it.
    static func placeholderText(_ parts: [TemplatePart]) -> String? {
        var out = ""
        for part in parts {
            switch part {
            case .literal(let text): out += text
            case .secret(let name): out += SecretPlaceholder.text(name)
            default: return nil
            }
        }
        return out
    }

    /// Changes as stored in a target (`[{path, value, type?, previous?, deviceType?}]`).
    public static func json(_ changes: [ParameterChange]) -> String {
        JSONValue.array(
            changes.map { change in
                var members: [(String, JSONValue)] = [("path", .string(change.path)), ("value", .string(change.value))]
                if let type = change.type { members.append(("type", .string(type))) }
                if let previous = change.previous { members.append(("previous", .string(previous))) }
                if let deviceType = change.deviceType { members.append(("deviceType", .string(deviceType))) }
                return .object(members)
            }
        ).compactText
    }

    /// Reads ``json(_:)``'s form back.
    public static func changes(fromJSON text: String?) -> [ParameterChange] {
        guard let text, let items = (try? JSONValue.parse(text))?.arrayValue else { return [] }
        return items.compactMap { item in
            guard let path = item["path"]?.stringValue, let value = item["value"]?.stringValue else { return nil }
            return ParameterChange(
                path: path,
                value: value,
                type: item["type"]?.stringValue,
                previous: item["previous"]?.stringValue,
                deviceType: item["deviceType"]?.stringValue
            )
        }
    }
}

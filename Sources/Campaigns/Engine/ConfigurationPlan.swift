import CWMP
import FerruleCore
import FerruleJSON
public import Rules

/// One parameter a configuration campaign sets on one device.
public struct ParameterChange: Sendable, Hashable {
    public var path: String
    /// The value to set; `${secret:NAME}` placeholders stay until the push.
    public var value: String
    /// The xsd type when the rule gave one (GenieACS uses the parameter's known type, §6.2).
    public var type: String?
    /// The value before the change; nil when the device did not report the parameter.
    public var previous: String?

    public init(path: String, value: String, type: String? = nil, previous: String? = nil) {
        self.path = path
        self.value = value
        self.type = type
        self.previous = previous
    }

    /// Whether the value is (or holds) a secret: never printed, not read back.
    public var isSecret: Bool { value.contains("${secret:") || SecretParameters.isSecret(path) }
}

/// Per-device configuration: the rule-language actions evaluated on the device's own tree.
public enum ConfigurationPlan {
    /// The changes `actions` make on `device`: only parameters whose value differs (secrets are
    /// always set: their current value cannot be compared).
    public static func changes(_ actions: [Action], on device: DeviceDocument, now: Double) throws -> [ParameterChange]
    {
        var rule = Rule(name: "campaign", location: RuleLocation(file: "campaign", line: 0, column: 0))
        rule.actions = actions
        let verdict = RuleEvaluator.evaluate(rule, on: try device.deviceState(now: now))
        var changes: [ParameterChange] = []
        var seen: Set<String> = []
        for declaration in verdict.declarations.reversed() where !seen.contains(declaration.path) {
            seen.insert(declaration.path)
            let value = restoringPlaceholders(declaration.value)
            let current = device.value(declaration.path)
            let change = ParameterChange(
                path: declaration.path,
                value: value,
                type: declaration.type,
                previous: current
            )
            if change.isSecret || !sameValue(current, value) { changes.append(change) }
        }
        return changes.reversed()
    }

    /// Parameters whose value on `device` differs from what the campaign set (secrets skipped:
    /// CPEs do not report them back).
    public static func mismatches(_ changes: [ParameterChange], on device: DeviceDocument) -> [String] {
        changes.filter { !$0.isSecret && !sameValue(device.value($0.path), $0.value) }.map {
            "\($0.path) reads \(device.value($0.path).map { "\"\($0)\"" } ?? "nothing"), expected \"\($0.value)\""
        }
    }

    /// Values equal as GenieACS would store them (booleans as true/false or 1/0).
    static func sameValue(_ current: String?, _ wanted: String) -> Bool {
        guard let current else { return false }
        if current == wanted { return true }
        let booleans = ["true": "1", "false": "0"]
        return booleans[current.lowercased()] == wanted || booleans[wanted.lowercased()] == current
            || current.lowercased() == wanted.lowercased() && booleans[current.lowercased()] != nil
    }

    /// The evaluator shows an unresolved secret as `<secret:NAME>`; campaigns keep `${secret:NAME}`.
    static func restoringPlaceholders(_ value: String) -> String {
        var out = ""
        var rest = Substring(value)
        while let start = rest.firstRange(of: "<secret:") {
            out += rest[..<start.lowerBound]
            let after = rest[start.upperBound...]
            guard let end = after.firstIndex(of: ">") else { break }
            out += "${secret:" + after[..<end] + "}"
            rest = after[after.index(after: end)...]
        }
        return out + rest
    }

    /// Changes as stored in a target (`[{path, value, type?, previous?}]`).
    public static func json(_ changes: [ParameterChange]) -> String {
        JSONValue.array(
            changes.map { change in
                var members: [(String, JSONValue)] = [("path", .string(change.path)), ("value", .string(change.value))]
                if let type = change.type { members.append(("type", .string(type))) }
                if let previous = change.previous { members.append(("previous", .string(previous))) }
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
                previous: item["previous"]?.stringValue
            )
        }
    }
}

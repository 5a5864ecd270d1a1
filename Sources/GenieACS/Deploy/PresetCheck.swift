public import FerruleJSON

/// What genieacs-cwmp's preset loader needs, checked before a preset is PUT.
///
/// The NBI stores presets without validation, and a preset the loader chokes on (no
/// `configurations`, an unknown configuration type, a missing weight that makes the sort return
/// NaN) can stall every CWMP session (GenieACS 1.2.16 lib/cwmp/local-cache.ts:65-171; lib/local-cache.ts:33-53).
public enum PresetCheck {
    static let configurationTypes: [String: [String]] = [
        "provision": ["name"], "value": ["name", "value"], "age": ["name", "age"], "add_tag": ["tag"],
        "delete_tag": ["tag"], "add_object": ["name", "object"], "delete_object": ["name", "object"],
    ]

    /// The problems of `preset`; empty when the loader will accept it.
    public static func problems(_ preset: JSONValue) -> [String] {
        var problems: [String] = []
        guard preset.objectMembers != nil else { return ["a preset must be a JSON object"] }
        guard case .number = preset["weight"] else {
            return ["weight must be set to a number (a missing weight breaks GenieACS's preset sort)"]
        }
        if let channel = preset["channel"], channel.stringValue == nil { problems.append("channel must be a string") }
        if let events = preset["events"] {
            guard let members = events.objectMembers else {
                return problems + ["events must be an object of event name → true/false, not \(events.compactText)"]
            }
            for (name, value) in members where value.boolValue == nil {
                problems.append("events[\"\(name)\"] must be true or false")
            }
        }
        if let precondition = preset["precondition"], precondition.stringValue == nil {
            problems.append("precondition must be a string")
        }
        if let schedule = preset["schedule"] {
            let parts = schedule.stringValue?.split(separator: " ", maxSplits: 1) ?? []
            if parts.count != 2 || Int(parts[0]) == nil {
                problems.append("schedule must be \"<duration seconds> <cron>\"")
            }
        }
        guard let configurations = preset["configurations"]?.arrayValue else {
            return problems + ["configurations must be an array (GenieACS's loader fails without it)"]
        }
        for (index, configuration) in configurations.enumerated() {
            guard let type = configuration["type"]?.stringValue, let required = configurationTypes[type] else {
                problems.append("configurations[\(index)] has an unknown type")
                continue
            }
            for field in required where configuration[field] == nil {
                problems.append("configurations[\(index)] (\(type)) needs \(field)")
            }
            if type == "provision", let args = configuration["args"], args != .null, args.arrayValue == nil {
                problems.append("configurations[\(index)].args must be an array or null")
            }
        }
        return problems
    }
}

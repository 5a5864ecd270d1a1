import FerruleCore

/// GenieACS's built-in provisions (lib/default-provisions.ts at v1.2.16): what they are for, and
/// the arguments each accepts. GenieACS looks a preset's configuration up among the stored
/// provisions first and runs its built-in only when none has the name (lib/session.ts:588-620);
/// the UI's preset configurations are built-ins with arguments (lib/cwmp/local-cache.ts:113-162:
/// `age` → `refresh`, `value` → `value`, `add_tag`/`delete_tag` → `tag`, `add_object`/`delete_object`
/// → `instances` and `value`).
enum GenieACSBuiltIn: String, CaseIterable {
    case refresh, value, tag, reboot, reset, download, instances

    /// What GenieACS uses the built-in for, for the message that refuses a rule of that name.
    var use: String {
        switch self {
        case .refresh: "refreshes parameters (a preset's `age` configuration)"
        case .value: "sets values (a preset's `value` and `add_object` configurations)"
        case .tag: "adds and removes tags (a preset's `add_tag` and `delete_tag` configurations)"
        case .reboot: "reboots the device"
        case .reset: "factory resets the device"
        case .download: "starts a Download"
        case .instances: "adds and deletes instances (a preset's `add_object` and `delete_object` configurations)"
        }
    }

    /// The arguments the built-in takes, as its message names them.
    var expected: String {
        switch self {
        case .refresh: "[path] or [path, age in seconds (a number)] or [path, age, refresh children (true/false)]"
        case .value: "[path, value] or [path, attribute, value]"
        case .tag: "[tag, true or false]"
        case .reboot, .reset: "no arguments"
        case .download: "[file type, file name] or [file type, file name, target file name], all text"
        case .instances: "[path, count], the count a number or text such as \"1\", \"+1\", \"-1\""
        }
    }

    /// An argument as GenieACS receives it in the preset: JSON text, number or boolean.
    enum Argument: Equatable {
        case string(String?)
        case number
        case boolean
    }

    /// Whether GenieACS accepts the arguments (the checks that throw "Invalid arguments",
    /// lib/default-provisions.ts:14-24, 70-75, 113-118, 137, 156, 175-184, 220-225 at v1.2.16; the
    /// provision array there is `[name, ...args]`).
    func accepts(_ args: [Argument]) -> Bool {
        func isString(_ i: Int) -> Bool {
            guard i < args.count, case .string = args[i] else { return false }
            return true
        }
        switch self {
        case .refresh:
            return (args.count == 1 && isString(0)) || (args.count == 2 && isString(0) && args[1] == .number)
                || (args.count >= 3 && isString(0) && args[1] == .number && args[2] == .boolean)
        case .value:
            return (2...3).contains(args.count) && isString(0)
        case .tag:
            return args.count == 2 && isString(0) && args[1] == .boolean
        case .reboot, .reset:
            return args.isEmpty
        case .download:
            return (2...3).contains(args.count) && args.allSatisfy { if case .string = $0 { true } else { false } }
        case .instances:
            guard args.count == 2, isString(0) else { return false }
            // `Number(provision[2])` must not be NaN (lib/default-provisions.ts:223-225).
            if case .string(let text?) = args[1] { return !JavaScript.toNumber(text).isNaN }
            return true
        }
    }
}

extension RuleCompiler {
    /// Refuses a rule named like a GenieACS built-in provision: its provision would be stored
    /// under that name and run instead of the built-in for every preset on the ACS.
    static func checkBuiltInName(_ rule: Rule, _ diagnostics: inout DiagnosticCollector) {
        guard let builtIn = GenieACSBuiltIn(rawValue: rule.name) else { return }
        diagnostics.error(
            .builtInName,
            "rule `\(rule.name)` would compile to a provision named like GenieACS's built-in `\(builtIn.rawValue)`, which \(builtIn.use): GenieACS runs a stored provision of that name instead of its built-in (lib/session.ts:588-620 at v1.2.16), for every preset on the ACS",
            at: rule.location,
            hint: "rename the rule (`\(rule.name)-uptime`, `ferrule-\(rule.name)`); names GenieACS keeps: "
                + GenieACSBuiltIn.allCases.map(\.rawValue).joined(separator: ", ")
        )
    }

    /// Reports a `provision:` call of a GenieACS built-in whose arguments the built-in refuses
    /// ("Invalid arguments": every matching session faults the preset's channel).
    static func checkBuiltInArguments(
        name: String,
        args: [RuleValue],
        at location: RuleLocation,
        _ diagnostics: inout DiagnosticCollector
    ) {
        guard let builtIn = GenieACSBuiltIn(rawValue: name) else { return }
        let given = args.map { value -> GenieACSBuiltIn.Argument in
            switch value.kind {
            case .integer, .number: .number
            case .boolean: .boolean
            case .string: .string(value.literal)
            }
        }
        guard !builtIn.accepts(given) else { return }
        let shown = args.map { value -> String in
            switch value.kind {
            case .integer, .number, .boolean: value.literal ?? "?"
            case .string:
                value.literal.map { "\"\(DisplayText.value($0))\"" } ?? "\"${…}\""
            }
        }
        diagnostics.error(
            .builtInArguments,
            "GenieACS's built-in `\(name)` provision refuses the arguments [\(shown.joined(separator: ", "))] with \"Invalid arguments\" (lib/default-provisions.ts at v1.2.16): every matching session would fault",
            at: location,
            hint: "it takes \(builtIn.expected); a number or true/false written in quotes is text"
        )
    }
}

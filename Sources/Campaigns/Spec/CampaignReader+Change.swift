import FerruleCore
import Rules
import Yams

extension CampaignReader {
    // MARK: - firmware

    /// `firmware: {file, file_type, target_version}`.
    mutating func firmwareSection(_ node: Node) -> FirmwareChange? {
        guard let entries = entries(node, what: "`firmware`", keys: .firmware) else { return nil }
        var file: String?
        var fileType = "1 Firmware Upgrade Image"
        var target: String?
        var targetLocation: SourceLocation?
        var fileLocation: SourceLocation?
        for entry in entries {
            switch entry.name {
            case "file":
                file = nonEmptyString(entry.value, what: "the firmware file name")
                fileLocation = location(entry.value)
            case "file_type":
                guard let type = nonEmptyString(entry.value, what: "the file type") else { continue }
                guard Self.isFileType(type) else {
                    error(
                        entry.value,
                        .badFileType,
                        "\"\(type)\" is not a TR-069 Download file type",
                        hint:
                            "use \"1 Firmware Upgrade Image\" (the default), \"3 Vendor Configuration File\", or a vendor type \"X <OUI> <name>\""
                    )
                    continue
                }
                fileType = type
            case "target_version":
                target = nonEmptyString(entry.value, what: "the target version")
                targetLocation = location(entry.value)
            default:
                break
            }
        }
        for (name, value) in [("file", file), ("target_version", target)] where value == nil {
            if !entries.contains(where: { $0.name == name }) {
                error(
                    node,
                    .missingField,
                    "`firmware` needs `\(name)`",
                    hint: name == "file"
                        ? "the file's name as GenieACS stores it (`EG8145V5-V5R021C00S230.bin`)"
                        : "the SoftwareVersion devices report once upgraded; it is how success is verified"
                )
            }
        }
        guard let file, let target else { return nil }
        return FirmwareChange(
            file: file,
            fileType: fileType,
            targetVersion: target,
            targetVersionLocation: targetLocation,
            fileLocation: fileLocation
        )
    }

    /// TR-069 Download FileType: `1 Firmware Upgrade Image` … `5 Ringer File` (and later
    /// standard numbers), or a vendor type starting with `X `.
    static func isFileType(_ text: String) -> Bool {
        let parts = text.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, let head = parts.first else { return false }
        return head == "X" || (head.allSatisfy(\.isNumber) && Int(head).map { $0 >= 1 } == true)
    }

    // MARK: - configuration

    /// The action kinds a configuration campaign may use: they set values the engine can read
    /// back to verify, and snapshot to roll back.
    static let configurationKinds = [
        "set", "wifi", "lanDHCP", "wan", "ntp", "timeZone", "periodicInform", "connectionRequest",
    ]

    /// `configuration:` — a list of rule-language actions, variables substituted.
    mutating func configurationSection(_ node: Node) -> ConfigurationChange? {
        guard node.sequence != nil else {
            error(
                node,
                .wrongType,
                "expected `configuration` as a list of actions (`- set: {path: …, value: …}`)",
                hint: "actions: \(Self.configurationKinds.joined(separator: ", "))"
            )
            return nil
        }
        let errorsBefore = errorCount
        let read = RuleActions.read(node, file: file, diagnostics: &diagnostics)
        var actions: [Action] = []
        for action in read {
            if let refusal = Self.refusal(for: action) {
                diagnostics.error(
                    .refusedAction,
                    refusal.message,
                    at: action.location,
                    hint: refusal.hint
                )
            } else {
                actions.append(action)
            }
        }
        if read.isEmpty && errorCount == errorsBefore {
            error(
                node,
                .emptyConfiguration,
                "`configuration` has no actions",
                hint:
                    "add at least one, e.g. `- set: {path: Device.ManagementServer.PeriodicInformInterval, value: 900}`"
            )
            return nil
        }
        guard errorCount == errorsBefore else { return nil }
        var rule = Rule(name: "campaign", location: location(node))
        rule.actions = actions
        let resolved = RuleCompiler.resolvingVariables(
            RuleSet(rules: [rule], files: [file]),
            variables,
            diagnostics: &diagnostics
        )
        guard errorCount == errorsBefore, let substituted = resolved.rules.first?.actions else { return nil }
        refuseSecretsInShownTargets(substituted)
        guard errorCount == errorsBefore else { return nil }
        return ConfigurationChange(actions: substituted)
    }

    var errorCount: Int { diagnostics.diagnostics.filter { $0.severity == .error }.count }

    /// Why an action has no place in a configuration campaign, and what to use instead.
    static func refusal(for action: Action) -> (message: String, hint: String)? {
        let onlyValues =
            "a configuration campaign only sets values, so it can read them back to verify and roll them back"
        switch action {
        case .set, .block:
            return nil
        case .download:
            return (
                "`download` is not a configuration action",
                "write a firmware campaign: `firmware: {file: …, target_version: …}`"
            )
        case .script, .provision:
            return (
                "`script` and `provision` cannot be verified or rolled back by a campaign",
                "use `set` or a block (wifi, lanDHCP, wan, ntp, timeZone, periodicInform, connectionRequest); keep scripts in rules"
            )
        case .reboot, .factoryReset:
            return (
                "reboots and factory resets are not configuration changes; \(onlyValues)",
                "a firmware campaign reboots devices as part of the upgrade; for other reboots use `ferrule acs task DEVICE reboot`"
            )
        case .ensure, .delete:
            return (
                "`ensure` and `delete` add or remove table instances; \(onlyValues)",
                "set values in existing instances with `set`, or keep instance management in rules"
            )
        case .refresh:
            return (
                "`refresh` is not needed: the campaign reads back every value it sets",
                "remove it; keep periodic refreshes in rules"
            )
        case .tags:
            return (
                "`tag` does not set a device value; \(onlyValues)",
                "tag devices in rules, or select them with `devices: {tags: …}`"
            )
        }
    }
}

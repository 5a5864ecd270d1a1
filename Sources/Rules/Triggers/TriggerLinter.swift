public import FerruleCore

/// `ferrule lint` on trigger rules: actions that cannot work for a trigger, conditions on fields its
/// events never carry, irreversible actions driven by unreliable hints, and unknown `${event.FIELD}`s.
public enum TriggerLinter {
    /// Checks every trigger rule of the set.
    public static func lint(_ rules: [TriggerRule], diagnostics: inout DiagnosticCollector) {
        for rule in rules { lint(rule, &diagnostics) }
    }

    static func lint(_ rule: TriggerRule, _ diagnostics: inout DiagnosticCollector) {
        let ponOnly = rule.triggers.filter { !$0.concernsONU }
        for action in rule.actions where action.needsDevice && !ponOnly.isEmpty {
            diagnostics.error(
                .noDevice,
                "`\(action.kind)` acts on the CPE behind an ONU, but \(ponOnly.map(\.qualifiedName).joined(separator: " and ")) "
                    + "events name a PON port, not an ONU",
                at: action.location,
                hint: "call a webhook for PON port events, or react to the ONUs' own voltha.signal_lost"
            )
        }
        for condition in rule.conditions {
            let missing = rule.triggers.filter { !carries($0, condition.field) }
            guard !missing.isEmpty else { continue }
            let all = missing.count == rule.triggers.count
            diagnostics.warning(
                .neverCarried,
                "\(missing.map(\.qualifiedName).joined(separator: ", ")) events carry no \(condition.field.rawValue): "
                    + "the rule \(all ? "never fires" : "never fires for \(missing.count == 1 ? "it" : "them")")",
                at: condition.location,
                hint: Self.carriedBy(condition.field)
            )
        }
        if rule.triggers.contains(.alarm), mayMatchUNIHint(rule) {
            for action in rule.actions where action.isIrreversible {
                diagnostics.warning(
                    .unreliableTrigger,
                    "`\(action.kind)` is irreversible, but voltha.alarm here includes ONU_Ethernet_UNI (OMCI LAN-LOS), "
                        + "an unreliable hint",
                    at: action.location,
                    hint: "VOLTHA judged UNI link alarms too unreliable to drive provisioning (VOL-2524); "
                        + "narrow `when: {alarm: …}` or only tag/refresh/notify"
                )
            }
        }
        if rule.triggers.contains(.onosUNIAdded) {
            for action in rule.actions where action.isIrreversible {
                diagnostics.warning(
                    .unreliableTrigger,
                    "`\(action.kind)` is irreversible, but onos.uni_added is also sent when an enabled UNI port is "
                        + "removed (an ONU deleted): the olt app treats port added, updated and removed alike "
                        + "(opencord/olt Olt.java:777-778, 887-901)",
                    at: action.location,
                    hint: "key it on voltha.onu_activated, which a removal never sends, or only tag/refresh/notify here"
                )
            }
        }
        for action in rule.actions {
            for value in action.values {
                for part in value.parts { check(part, in: action, at: value.location, &diagnostics) }
            }
        }
    }

    private static func check(
        _ part: TemplatePart,
        in action: TriggerAction,
        at location: RuleLocation,
        _ diagnostics: inout DiagnosticCollector
    ) {
        switch part {
        case .variable(let name) where name.hasPrefix("event."):
            let field = String(name.dropFirst("event.".count))
            if !TriggerFacts.templateFields.contains(field) {
                let suggestion = DidYouMean.suggestion(for: field, among: TriggerFacts.templateFields)
                diagnostics.error(
                    .unknownEventField,
                    "the event has no field \"\(DisplayText.value(field))\"",
                    at: location,
                    hint: suggestion.map { "did you mean \"event.\($0)\"?" }
                        ?? "fields: \(TriggerFacts.templateFields.joined(separator: ", "))"
                )
            }
        case .device, .parameter:
            diagnostics.error(
                .badTemplate,
                "`\(action.kind)` values are filled from the event when the trigger fires, not read on the CPE",
                at: location,
                hint: "use ${event.serial} and friends; a provision reads the CPE itself"
            )
        case .function(let name, _):
            diagnostics.error(
                .badTemplate,
                "\(name)() runs inside GenieACS provisions; trigger values are filled from the event",
                at: location
            )
        default: break
        }
    }

    /// Which triggers carry a field only some do.
    static func carriedBy(_ field: TriggerCondition.Field) -> String? {
        switch field {
        case .equipmentId, .softwareVersion:
            "only voltha.onu_activated (ONU_ACTIVATED) reports the equipment id and software version"
        case .mac, .ip: "only onos.dhcp_acked, onos.dhcp_nak and onos.dhcp_released (dhcp.events) carry addresses"
        default: nil
        }
    }

    /// Whether events of `trigger` carry `field`.
    static func carries(_ trigger: TriggerEvent, _ field: TriggerCondition.Field) -> Bool {
        switch field {
        case .serial, .vendor: trigger.concernsONU
        case .equipmentId, .softwareVersion: trigger.carriesInventory
        case .olt, .ponPort, .alarm: true
        case .mac, .ip: trigger.carriesAddresses
        }
    }

    /// Whether the rule's `alarm` condition (or its absence) admits `ONU_Ethernet_UNI`.
    static func mayMatchUNIHint(_ rule: TriggerRule) -> Bool {
        let alarms = rule.conditions.filter { $0.field == .alarm }
        return alarms.allSatisfy { $0.holds(for: TriggerFacts(alarm: "ONU_Ethernet_UNI")) }
    }
}

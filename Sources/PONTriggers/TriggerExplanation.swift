public import FerruleCore
import PONEvents
public import Rules

/// `ferrule explain RULES --pon-event FILE`: which trigger rules one PON event fires, why the others
/// do not, and what each would do.
public enum TriggerExplanation {
    /// The lines to print for the event in `file`; nil (with diagnostics) when the file does not read.
    public static func explain(
        eventFile file: String,
        rules: [TriggerRule],
        diagnostics: inout DiagnosticCollector
    ) -> [String]? {
        guard let event = PONEventReader.load(file, diagnostics: &diagnostics) else { return nil }
        // Serials, names and alarm texts come from the event file: control characters are escaped.
        return lines(for: event, rules: rules).map(DisplayText.escaped)
    }

    static func lines(for event: PONEvent, rules: [TriggerRule]) -> [String] {
        let triggers = TriggerMapping.triggers(for: event)
        let facts = TriggerMapping.facts(for: event)
        var out: [String] = []
        let about = Self.about(facts)
        guard !triggers.isEmpty else {
            out.append(
                "event \(event.name) (\(event.kind.rawValue), \(event.phase.rawValue)) triggers nothing"
                    + (about.isEmpty ? "" : " (\(about))")
            )
            return out
        }
        out.append(
            "event \(event.name) → \(triggers.map(\.qualifiedName).joined(separator: ", "))"
                + (about.isEmpty ? "" : " (\(about))")
        )
        let plan = TriggerPlanner(rules: rules).plan(triggers: triggers, facts: facts)
        for rule in rules {
            if plan.fired.contains(rule.name) {
                out.append("FIRE  \(rule.name)")
                for action in plan.actions where action.rule == rule.name {
                    out.append(
                        "  \(action.step.summary)"
                            + (action.step.needsDevice && facts.serial == nil ? " (no ONU serial: skipped)" : "")
                    )
                }
            } else {
                let reasons = triggers.map { rule.evaluate($0, facts) }.flatMap(\.reasons)
                out.append("no    \(rule.name): \(reasons.joined(separator: "; "))")
            }
        }
        return out
    }

    /// What the event is about, as its conditions and `${event.…}` see it: the ONU, OLT and PON,
    /// then the UNI (ONOS events, a VOLTHA alarm about one UNI), and for ONOS events the UNI port's
    /// name, the OpenFlow device and port, the client's MAC and IP address — each only when present.
    static func about(_ facts: TriggerFacts) -> String {
        [
            facts.serial.map { "ONU \($0)" }, facts.oltID.map { "OLT \($0)" }, facts.ponPort.map { "PON \($0)" },
            facts.uni.map { "UNI \($0)" }, facts.uniPort.map { "UNI port \($0)" },
            facts.ofDevice.map { "OpenFlow device \($0)" }, facts.ofPort.map { "OpenFlow port \($0)" },
            facts.macAddress.map { "MAC \($0)" }, facts.ipAddress.map { "IP \($0)" },
        ].compactMap { $0 }.joined(separator: ", ")
    }
}

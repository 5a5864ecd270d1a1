import CWMP
public import FerruleCore
import Foundation

/// A value a rule declares on a device, or an object instance it adds or deletes.
public struct Declaration: Sendable, Hashable, CustomStringConvertible {
    /// What the declaration does.
    public enum Change: Sendable, Hashable {
        /// Sets the parameter at `path` to `value`.
        case value
        /// AddObject: `path` is the new instance (`Device.Time.Client.2.`), `value` is `<added>`.
        case addObject
        /// DeleteObject: `path` is the removed instance (`Device.NAT.PortMapping.3.`), `value` is
        /// `<deleted>`; nothing at or below it remains.
        case deleteObject
    }

    /// The marker value of an instance that is added.
    public static let added = "<added>"
    /// The marker value of an instance that is deleted.
    public static let deleted = "<deleted>"

    /// The parameter path as the provision declares it (instances resolved against the tree); an
    /// instance added or deleted ends in `.`.
    public var path: String
    /// The value as text (`true`, `300`, `Fibre-1234`); secrets are `<secret:NAME>` unless given.
    /// For display only: ``parts`` is the value a push is made from.
    public var value: String
    /// The same value typed: literal text, with each secret that was not given kept as a
    /// ``TemplatePart/secret(_:)`` reference (inside a ``TemplatePart/function(_:_:)`` when a
    /// function is applied to it). Configuration campaigns turn it into `${secret:NAME}`
    /// placeholders, so a display marker is never parsed back.
    public var parts: [TemplatePart]
    public var type: String?
    /// The rule that declared it.
    public var rule: String
    public var change: Change = .value

    public var description: String { "\(path) = \(value)" + (type.map { " (\($0))" } ?? "") }

    /// Whether the value starts with a secret that was not given: its display starts with the
    /// `<secret:NAME>` marker, not with a value, so it may be shown for a secret parameter.
    public var startsWithSecret: Bool {
        if case .secret? = parts.first { return true }
        return false
    }
}

/// A step of a rule's provision that is not made on a device because a `${param:…}` it reads has no
/// value there (the parameter is absent, or an object): the provision checks with `hasValue()`
/// rather than pushing the text "undefined".
public struct SkippedStep: Sendable, Hashable, CustomStringConvertible {
    /// What is not made: the parameter it would set (`Device.WiFi.SSID.1.SSID`), `ensure TABLE`,
    /// `delete TABLE`, `log`.
    public var what: String
    /// The parameters it reads that have no value on the device.
    public var missing: [String]
    /// Why it is not made, when it is not a missing value (a reboot already done).
    public var reason: String?

    public init(what: String, missing: [String], reason: String? = nil) {
        self.what = what
        self.missing = missing
        self.reason = reason
    }

    public var description: String {
        if let reason { return "\(what): skipped: \(reason)" }
        return
            "\(what): skipped: \(missing.joined(separator: ", ")) \(missing.count == 1 ? "has" : "have") no value on this device"
    }
}

/// Whether a rule applies to a device, and why not.
public struct RuleVerdict: Sendable, Hashable {
    public var rule: String
    public var matches: Bool
    /// Why it does not match (empty when it does).
    public var reasons: [String]
    /// What it declares (when it matches).
    public var declarations: [Declaration]
    /// Actions the evaluator cannot interpret (raw scripts, other provisions).
    public var notEvaluated: [String]
    /// What the provision writes with `log()` (once per run).
    public var logs: [String] = []
    /// Steps the provision does not make on this device: a `${param:…}` they read has no value.
    public var skipped: [SkippedStep] = []
    /// The session fault GenieACS records because of this rule (`preset_loop`), if any.
    public var fault: String?
    /// The preset applies and GenieACS runs the provision, but it returns at its version check
    /// before declaring anything (`matches` is false; `reasons` says which version condition failed).
    public var returnsEarly = false

    /// Whether GenieACS runs the rule's provision on this device (events, schedule and precondition
    /// hold), whatever the provision then does.
    public var presetApplies: Bool { matches || returnsEarly }
}

/// A rule with everything evaluation needs parsed once: the compiled match and preconditions as
/// expressions, the schedule. Preparing is per rule set; evaluating is per device.
public struct PreparedRule: Sendable {
    public let rule: Rule
    /// The actions as the provision runs them.
    let provision: LoweredProvision
    let match: (text: String, expression: Expression?)?
    let preconditions: [(text: String, expression: Expression?)]
    let schedule: PresetSchedule?
    /// The `VirtualParameters.*` paths the match and preconditions name: a value the evaluator
    /// cannot know makes the precondition "not evaluated" rather than NULL.
    let virtualParameterPaths: [String]

    public init(_ rule: Rule) {
        self.rule = rule
        provision = ActionLowering.lower(rule)
        match = MatchCompiler.precondition(rule.match).map { ($0, try? Expression.parse($0, context: .precondition)) }
        preconditions = rule.preconditions.map { ($0.text, try? Expression.parse($0.text, context: .precondition)) }
        virtualParameterPaths = ([match?.expression] + preconditions.map { $0.expression }).compactMap { $0 }
            .flatMap(\.parameterPaths)
            .compactMap { path -> String? in
                guard path.segments.count == 1, case .name(let name) = path.segments[0],
                    name.hasPrefix(DeviceState.virtualParameterPrefix)
                else { return nil }
                return name
            }
        if let duration = rule.triggers.scheduleDuration, let cron = rule.triggers.scheduleCron,
            let expression = try? CronExpression(cron)
        {
            schedule = try? PresetSchedule(durationSeconds: duration, cron: expression)
        } else {
            schedule = nil
        }
    }
}

/// Evaluates rules against a device with GenieACS semantics: the compiled precondition through the
/// expression evaluator (three-valued logic, LIKE, type rules), events and schedules as presets
/// apply them, software versions version-aware, and the actions as the provision would declare
/// them. `ferrule explain` and `ferrule test` use it; tests check the generated JavaScript agrees.
public enum RuleEvaluator {
    public static func evaluate(_ rule: Rule, on state: DeviceState, secrets: [String: String] = [:]) -> RuleVerdict {
        evaluate(PreparedRule(rule), on: state, secrets: secrets, instances: InstanceLookup(state.tree))
    }

    static func evaluate(
        _ prepared: PreparedRule,
        on state: DeviceState,
        secrets: [String: String],
        instances: InstanceLookup
    ) -> RuleVerdict {
        let rule = prepared.rule
        var reasons: [String] = []
        // Triggers.
        let informEvents = state.informEventNames
        for event in rule.triggers.events {
            // A preset's event is looked up with whitespace runs folded to `_` (lib/cwmp.ts:455-456
            // at v1.2.16) among the Inform's Events.* names.
            let present = informEvents.contains(DeviceState.eventPathName(event.code))
            if event.required && !present { reasons.append("event \"\(event.code)\" is not in this Inform") }
            if !event.required && present { reasons.append("event \"\(event.code)\" is in this Inform (excluded)") }
        }
        if let schedule = prepared.schedule, let duration = rule.triggers.scheduleDuration,
            let cron = rule.triggers.scheduleCron, !schedule.isActive(atMilliseconds: state.now)
        {
            reasons.append(
                "schedule \"\(duration) \(cron)\" is not active at \(ActionInterpreter.isoTime(state.now)) (the session time)"
            )
        }
        // Precondition (match + raw), as GenieACS would evaluate the compiled text. A virtual
        // parameter whose value cannot be known here is said so, not read as NULL.
        let unknown = prepared.virtualParameterPaths.lazy.compactMap(state.unevaluatedVirtualParameter).first
        if let unknown {
            reasons.append("precondition not evaluated: \(unknown)")
        } else if let (text, expression) = prepared.match, let expression, !expression.holds(in: state) {
            reasons.append("match does not hold: \(text)")
        }
        for (text, expression) in prepared.preconditions where unknown == nil {
            guard let expression else {
                reasons.append("precondition does not parse: \(text)")
                continue
            }
            if !expression.holds(in: state) {
                reasons.append("precondition does not hold: \(expression.genieACSString)")
            }
        }
        guard reasons.isEmpty else {
            return RuleVerdict(rule: rule.name, matches: false, reasons: reasons, declarations: [], notEvaluated: [])
        }
        // The preset applies: the provision runs. Its version check (checked there, version-aware,
        // because GenieACS compares strings) may return before anything is declared.
        let versionReasons = versionCheck(rule, prepared.provision, state)
        guard versionReasons.isEmpty else {
            var verdict = RuleVerdict(
                rule: rule.name,
                matches: false,
                reasons: versionReasons,
                declarations: [],
                notEvaluated: []
            )
            verdict.returnsEarly = true
            return verdict
        }
        let root = rootOf(state.tree)
        var interpreter = ActionInterpreter(
            rule: rule.name,
            state: state,
            root: root,
            secrets: secrets,
            instances: instances
        )
        interpreter.interpret(prepared.provision.steps)
        return RuleVerdict(
            rule: rule.name,
            matches: true,
            reasons: [],
            declarations: interpreter.declarations,
            notEvaluated: interpreter.notEvaluated,
            logs: interpreter.logs,
            skipped: interpreter.skipped
        )
    }

    /// Why the provision's version check returns early (empty when it passes): the device's
    /// `<root>.DeviceInfo.SoftwareVersion` against each condition, as the compiled `compareVersions` does.
    static func versionCheck(_ rule: Rule, _ provision: LoweredProvision, _ state: DeviceState) -> [String] {
        guard !provision.versionGate.isEmpty else { return [] }
        guard let version = state.tree[rootOf(state.tree) + ".DeviceInfo.SoftwareVersion"]?.value else {
            return ["softwareVersion is unknown"]
        }
        return provision.versionGate.filter { !VersionOrder.satisfies(version, $0) }.map {
            "softwareVersion \(version) is not \($0.op.rawValue) \($0.version)"
        }
    }

    /// `Device` for TR-181 trees, `InternetGatewayDevice` otherwise — as the provisions decide.
    static func rootOf(_ tree: ParameterTree) -> String {
        tree["Device.DeviceInfo.SoftwareVersion"] != nil ? "Device" : "InternetGatewayDevice"
    }

    /// All rules against one device, in preset order (weight, then name, as GenieACS sorts).
    public static func evaluate(_ rules: [Rule], on state: DeviceState, secrets: [String: String] = [:])
        -> [RuleVerdict]
    {
        evaluate(rules.map(PreparedRule.init), on: state, secrets: secrets)
    }

    /// Prepared rules against one device, in preset order (weight, then name, as GenieACS sorts).
    /// Prepare once per rule set and evaluate per device: this is the fleet-scale path.
    public static func evaluate(_ rules: [PreparedRule], on state: DeviceState, secrets: [String: String] = [:])
        -> [RuleVerdict]
    {
        let instances = InstanceLookup(state.tree)
        let ordered = rules.sorted {
            ($0.rule.triggers.weight ?? 0, $0.rule.name) < ($1.rule.triggers.weight ?? 0, $1.rule.name)
        }
        var current = state
        var cycle = ordered.map { evaluate($0, on: current, secrets: secrets, instances: instances) }
        var result = cycle
        // GenieACS selects presets again in the same session when a cycle changed the device
        // (lib/cwmp.ts:598-606 at v1.2.16), up to MAX_CYCLES (lib/cwmp.ts:58, 564): tags a provision
        // declares are written at once (lib/session.ts:1296-1320), so a rule whose precondition
        // reads a tag another rule adds runs in the same session. A rule keeps the verdict of the
        // last cycle it ran in.
        for selection in 2...(maxPresetCycles + 1) {
            let tags = tagsAfter(cycle, current.tags)
            guard tags != current.tags else { break }
            guard selection <= maxPresetCycles else {
                // A fifth selection: GenieACS records `preset_loop` and sends nothing more
                // (lib/cwmp.ts:560-575). Said on the rules whose tags kept changing.
                for (index, verdict) in cycle.enumerated() where verdict.matches && changesTags(verdict) {
                    result[index].fault = presetLoopFault
                }
                break
            }
            current.tags = tags
            // A fresh lookup: the instances a cycle adds are the session's, not the next cycle's to reuse.
            let again = InstanceLookup(state.tree)
            cycle = ordered.map { evaluate($0, on: current, secrets: secrets, instances: again) }
            for (index, verdict) in cycle.enumerated() where verdict.presetApplies || !result[index].presetApplies {
                result[index] = verdict
            }
        }
        for path in ["Reboot", "FactoryReset"] { lastDeclarationDecides(path, &result) }
        return result
    }

    /// GenieACS merges the declarations of a path from every provision of the session, the later
    /// (in preset order) overwriting the earlier (lib/session.ts:826-838, 919-924 at v1.2.16), and
    /// decides the Reboot or FactoryReset on the merged `since` alone (:2158-2168, :1929-1952).
    /// So when several matching rules declare `path`, the last one's decision stands — sent, or
    /// skipped for its own `since` — and the earlier ones are superseded.
    private static func lastDeclarationDecides(_ path: String, _ verdicts: inout [RuleVerdict]) {
        // (verdict index, declared) of each matching rule that declared `path`, sent or skipped by its `since`.
        var declaring: [(index: Int, declared: Bool)] = []
        for (index, verdict) in verdicts.enumerated() where verdict.matches {
            if verdict.declarations.contains(where: { $0.path == path && $0.change == .value }) {
                declaring.append((index, true))
            } else if verdict.skipped.contains(where: { $0.what == path && $0.missing.isEmpty && $0.reason != nil }) {
                declaring.append((index, false))
            }
        }
        guard let last = declaring.last, declaring.count > 1 else { return }
        let winner = verdicts[last.index].rule
        let reason = "superseded: GenieACS keeps the last declaration of \(path) in preset order, rule \(winner)'s"
        for (index, declared) in declaring.dropLast() {
            if declared {
                verdicts[index].declarations.removeAll { $0.path == path && $0.change == .value }
            } else {
                verdicts[index].skipped.removeAll { $0.what == path && $0.missing.isEmpty && $0.reason != nil }
            }
            verdicts[index].skipped.append(SkippedStep(what: path, missing: [], reason: reason))
        }
    }

    /// GenieACS's MAX_CYCLES (lib/cwmp.ts:58 at v1.2.16): preset selections in one session.
    static let maxPresetCycles = 4

    /// The fault GenieACS records when the presets are selected a fifth time in one session
    /// (lib/cwmp.ts:564-575 at v1.2.16).
    public static let presetLoopFault =
        "preset_loop: the presets are stuck in an endless configuration loop (GenieACS faults the session: "
        + "tags still change after \(maxPresetCycles) preset cycles)"

    /// Whether a verdict declares a tag.
    private static func changesTags(_ verdict: RuleVerdict) -> Bool {
        verdict.declarations.contains { $0.change == .value && $0.path.hasPrefix("Tags.") }
    }

    /// The device's tags after the `Tags.*` declarations of the rules that ran.
    private static func tagsAfter(_ verdicts: [RuleVerdict], _ tags: Set<String>) -> Set<String> {
        var out = tags
        for verdict in verdicts where verdict.matches {
            for d in verdict.declarations where d.change == .value && d.path.hasPrefix("Tags.") {
                let tag = String(d.path.dropFirst("Tags.".count))
                if d.value == "true" { out.insert(tag) } else { out.remove(tag) }
            }
        }
        return out
    }

    /// The values a device ends up with: later declarations (in preset order) win. Added instances
    /// are there as `<added>` markers; a deleted instance leaves only its `<deleted>` marker (the
    /// values declared at or below it before are removed).
    public static func finalValues(_ verdicts: [RuleVerdict]) -> [String: Declaration] {
        var values: [String: Declaration] = [:]
        for verdict in verdicts where verdict.matches {
            for d in verdict.declarations {
                if d.change == .deleteObject {
                    for path in values.keys where path.hasPrefix(d.path) { values[path] = nil }
                }
                values[d.path] = d
            }
        }
        return values
    }

    /// Answers whether paths are absent from the device after the declarations: deleted (it or an
    /// instance above it), or neither in the tree nor declared. The objects that have something
    /// below them are indexed once (linear in the tree and the declarations), so each question
    /// costs its path's length, however many are asked.
    struct AbsenceIndex {
        let tree: ParameterTree
        let values: [String: Declaration]
        /// Every `A.B.` prefix of a tree path, and of a declaration that does not delete.
        private var occupied: Set<Substring> = []

        init(tree: ParameterTree, values: [String: Declaration]) {
            self.tree = tree
            self.values = values
            func addPrefixes(of path: String) {
                var end = path.endIndex
                // The path's own trailing dot is not "below" it; its parents' are.
                if path.hasSuffix(".") { end = path.index(before: end) }
                while let dot = path[..<end].lastIndex(of: ".") {
                    guard occupied.insert(path[...dot]).inserted else { return }  // its parents are in too
                    end = dot
                }
            }
            for entry in tree.unorderedEntries { addPrefixes(of: entry.path) }
            for (path, declaration) in values where declaration.change != .deleteObject { addPrefixes(of: path) }
        }

        func isAbsent(_ path: String) -> Bool {
            let object = path.hasSuffix(".") ? path : path + "."
            for candidate in [path, object] {
                if let d = values[candidate] { return d.change == .deleteObject }
            }
            // Deleted above it?
            var end = path.endIndex
            while let dot = path[..<end].lastIndex(of: ".") {
                if let d = values[String(path[...dot])], d.change == .deleteObject { return true }
                end = dot
            }
            // Something in the tree, or declared, below it (an object that now has children)?
            if occupied.contains(Substring(object)) { return false }
            return tree[path] == nil && tree[object] == nil
        }
    }
}

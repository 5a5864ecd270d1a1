import CWMP
public import DataModel
public import FerruleCore

/// Static checks on a rule set beyond what compiling reports (`ferrule lint`).
///
/// With models: paths that do not exist or are not writable, values that do not fit the
/// parameter's type, range, enumeration or pattern (the validator's rules). Without: conflicts
/// (two rules setting one parameter to different values on devices both may match) and rules
/// whose conditions can never hold.
public enum RuleLinter {
    public static func lint(_ set: RuleSet, models: ModelSet?, diagnostics: inout DiagnosticCollector) {
        for rule in set.rules {
            neverHolds(rule, &diagnostics)
            DataModelRoot.reportWrongRootPaths(in: rule, to: &diagnostics)
            if let models { modelChecks(rule, models, &diagnostics) }
        }
        conflicts(set.rules, &diagnostics)
        TriggerLinter.lint(set.triggerRules, diagnostics: &diagnostics)
        if let models {
            for parameter in set.virtualParameters { virtualParameterChecks(parameter, models, &diagnostics) }
        }
    }

    /// Each candidate path of a virtual parameter exists in the models that cover its root, is
    /// writable when the virtual parameter is, and has the type the virtual parameter reports.
    static func virtualParameterChecks(
        _ parameter: VirtualParameter,
        _ models: ModelSet,
        _ diagnostics: inout DiagnosticCollector
    ) {
        for path in parameter.paths {
            let concrete = path.split(separator: ".").map { $0 == "*" ? "1" : String($0) }.joined(separator: ".")
            guard covered(concrete, models), !concrete.split(separator: ".").contains(where: { $0.hasPrefix("X_") })
            else { continue }
            guard let (model, definition) = models.parameter(at: concrete) else {
                diagnostics.error(
                    .unknownParameter,
                    "\(path) (virtual parameter \(parameter.name)) is not a parameter of the loaded models",
                    at: parameter.location
                )
                continue
            }
            if parameter.writable && definition.access == .readOnly {
                diagnostics.error(
                    .notWritable,
                    "\(path) is read-only in \(model), but virtual parameter \(parameter.name) is writable",
                    at: parameter.location
                )
            }
            if parameter.type != "xsd:" + definition.syntax.wireType.rawValue {
                diagnostics.warning(
                    .typeMismatch,
                    "\(path) is xsd:\(definition.syntax.wireType.rawValue) in \(model), virtual parameter "
                        + "\(parameter.name) reports \(parameter.type)",
                    at: parameter.location
                )
            }
        }
    }

    // MARK: - Model checks

    static func modelChecks(_ rule: Rule, _ models: ModelSet, _ diagnostics: inout DiagnosticCollector) {
        for action in rule.actions {
            switch action {
            case .set(let path, let value, let type, let at):
                checkParameter(path, value: value, type: type, at: at, models, &diagnostics)
            case .ensure(let table, let keys, let values, let at):
                checkTable(table, at: at, models, &diagnostics)
                for (name, value) in keys + values {
                    checkParameter(
                        table + "1." + name,
                        value: value,
                        type: nil,
                        at: at,
                        models,
                        &diagnostics,
                        keyOfEnsure: true
                    )
                }
            case .delete(let table, _, let at):
                checkTable(table, at: at, models, &diagnostics)
            case .block(_, let at):
                let script = ProvisionBuilder.script(
                    for: {
                        var r = Rule(name: rule.name, location: at)
                        r.actions = [action]
                        return r
                    }()
                ).text
                // The values of its fields, where they are literals (`wifi.ssid` at its SSID path).
                ModelValueCheck.check(
                    ProvisionStep.declaredValues(ActionLowering.lower(action)),
                    models,
                    nil,
                    &diagnostics
                )
                for path in ProvisionPaths.setPaths(in: script)
                where models.rootNames.contains(String(path.prefix { $0 != "." }) + ".") {
                    checkParameter(
                        path,
                        value: nil,
                        type: nil,
                        at: at,
                        models,
                        &diagnostics,
                        warnsDeprecated: !ActionLowering.legacyFallbackPaths.contains(path)
                    )
                }
            default: break
            }
        }
    }

    private static func checkTable(
        _ table: String,
        at: RuleLocation,
        _ models: ModelSet,
        _ diagnostics: inout DiagnosticCollector
    ) {
        guard covered(table, models) else { return }
        guard let (_, object) = models.object(at: table), object.isTable else {
            diagnostics.error(.unknownTable, "\(table) is not a table in the loaded models", at: at)
            return
        }
    }

    /// Whether `path`'s root is one the loaded models cover.
    static func covered(_ path: String, _ models: ModelSet) -> Bool {
        let root = String(path.prefix { $0 != "." }) + "."
        return models.rootNames.split(separator: ",").contains { $0.filter { $0 != " " } == root }
    }

    private static func checkParameter(
        _ path: String,
        value: RuleValue?,
        type: String?,
        at: RuleLocation,
        _ models: ModelSet,
        _ diagnostics: inout DiagnosticCollector,
        keyOfEnsure: Bool = false,
        warnsDeprecated: Bool = true
    ) {
        guard covered(path, models), !path.split(separator: ".").contains(where: { $0.hasPrefix("X_") }) else {
            return
        }
        // A wildcard or alias instance: only its value is checked, as a numbered instance's
        // (the value goes to every instance the path selects; ModelValueCheck.instancePath).
        if path.contains("[") || path.contains("*") {
            guard let lookup = ModelValueCheck.instancePath(path),
                let (model, definition) = models.parameter(at: lookup),
                let value, let literal = value.literal, value.secrets.isEmpty
            else { return }
            ModelValueCheck.report(
                path,
                literal,
                secrets: [],
                hidden: SecretParameters.isSecret(lookup) || definition.syntax.hidden || definition.syntax.secured,
                definition,
                model,
                models,
                at: value.location,
                &diagnostics
            )
            return
        }
        guard let (model, definition) = models.parameter(at: path) else {
            let shown = keyOfEnsure ? path.replacingAll(".1.", with: ".{i}.") : path
            diagnostics.error(.unknownParameter, "\(shown) is not a parameter of the loaded models", at: at)
            return
        }
        if definition.access == .readOnly && !keyOfEnsure {
            diagnostics.error(.notWritable, "\(path) is read-only in \(model)", at: at)
        }
        if warnsDeprecated,
            definition.status == .deprecated || definition.status == .obsoleted || definition.status == .deleted
        {
            diagnostics.warning(.deprecatedParameter, "\(path) is \(definition.status.rawValue) in \(model)", at: at)
        }
        if let type, type != "xsd:" + definition.syntax.wireType.rawValue {
            diagnostics.warning(
                .typeMismatch,
                "\(path) is xsd:\(definition.syntax.wireType.rawValue) in \(model), the rule says \(type)",
                at: at
            )
        }
        guard let value, let literal = value.literal, value.secrets.isEmpty else { return }
        ModelValueCheck.report(
            path,
            literal,
            secrets: [],
            hidden: SecretParameters.isSecret(path) || definition.syntax.hidden || definition.syntax.secured,
            definition,
            model,
            models,
            at: value.location,
            &diagnostics
        )
    }

    // MARK: - Conditions that can never hold

    static func neverHolds(_ rule: Rule, _ diagnostics: inout DiagnosticCollector) {
        let m = rule.match
        for tag in Set(m.tagsAll).intersection(m.tagsNone).sorted() {
            diagnostics.error(
                .neverMatches,
                "rule \"\(rule.name)\" requires tag \"\(tag)\" and forbids it",
                at: rule.location
            )
        }
        var required: Set<String> = []
        var forbidden: Set<String> = []
        for e in rule.triggers.events {
            if e.required { required.insert(e.code) } else { forbidden.insert(e.code) }
        }
        for code in required.intersection(forbidden).sorted() {
            diagnostics.error(
                .neverMatches,
                "rule \"\(rule.name)\" requires event \"\(code)\" and forbids it",
                at: rule.location
            )
        }
        // Versions: the conditions must admit at least one version between their bounds.
        let lower = m.softwareVersion.filter { $0.op == .gt || $0.op == .gte || $0.op == .eq }
        let upper = m.softwareVersion.filter { $0.op == .lt || $0.op == .lte || $0.op == .eq }
        for lo in lower {
            for hi in upper {
                let c = VersionOrder.compare(lo.version, hi.version)
                let inclusive = (lo.op == .gte || lo.op == .eq) && (hi.op == .lte || hi.op == .eq)
                if c > 0 || (c == 0 && !inclusive) {
                    diagnostics.error(
                        .neverMatches,
                        "softwareVersion \(lo.op.rawValue) \(lo.version) and \(hi.op.rawValue) \(hi.version) admit no version",
                        at: hi.location,
                        related: [lo.location]
                    )
                }
            }
        }
        var equals: [String: (String, RuleLocation)] = [:]
        for condition in m.parameters {
            guard case .equals(let v) = condition.test else { continue }
            if let (other, at) = equals[condition.path], other != v {
                diagnostics.error(
                    .neverMatches,
                    "\(condition.path) cannot equal both \"\(other)\" and \"\(v)\"",
                    at: condition.location,
                    related: [at]
                )
            }
            equals[condition.path] = (v, condition.location)
        }
    }

    // MARK: - Conflicts

    /// Rules that set one parameter to different literal values on devices both may match:
    /// grouped by path and match, at most a few listed per path and the rest summarised
    /// (``ConflictCheck``).
    static func conflicts(_ rules: [Rule], _ diagnostics: inout DiagnosticCollector) {
        ConflictCheck(rules).run(&diagnostics)
    }
}

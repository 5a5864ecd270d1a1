import FerruleArtifacts
public import FerruleCore
import FerruleJSON

/// One file `ferrule compile` writes.
public struct CompiledArtifact: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case preset, provision
        case virtualParameter = "virtual-parameter"
        case manifest
    }
    /// Relative path in the output directory (`presets/wifi.json`).
    public var path: String
    public var kind: Kind
    public var contents: String
    /// The rule it came from (empty for the manifest).
    public var rule: String
}

/// What compilation takes besides the rules.
public struct CompileOptions: Sendable {
    /// The environment name recorded in the manifest (`prod`).
    public var environment: String?
    public var variables: VariableSet

    public init(environment: String? = nil, variables: VariableSet = VariableSet()) {
        self.environment = environment
        self.variables = variables
    }
}

/// Compiles rules into GenieACS presets, provisions and a manifest, deterministically.
///
/// Per rule: `presets/<name>.json` (GenieACS 1.2 document: weight, channel, events object,
/// schedule, expression precondition, one provision configuration) and `provisions/<name>.js`.
/// Each carries an ownership marker (`ferrule` object / first-line comment) with the source rule
/// and a SHA-256 content hash that `plan` and `deploy` read. Secrets appear only as
/// `${secret:NAME}` placeholders in preset arguments.
public enum RuleCompiler {
    /// Marker format version written into artifacts.
    public static var markerVersion: Int { OwnershipMarker.version }

    public static func compile(_ set: RuleSet, options: CompileOptions, diagnostics: inout DiagnosticCollector)
        -> [CompiledArtifact]
    {
        var artifacts: [CompiledArtifact] = []
        var manifestRules: [CanonicalJSON] = []
        // Once per compile: built per rule, it made compiling n rules O(n²) (4,000 rules: 35 s).
        let projectProvisions = Set(set.rules.map(\.name))
        var budget = SubstitutionBudget()
        for original in set.rules {
            let rule = substitute(original, options.variables, &diagnostics, budget: &budget)
            check(rule, options, &diagnostics, projectProvisions: projectProvisions)
            let (script, secrets) = ProvisionBuilder.script(for: rule)
            // The body alone, before it is hashed and marked (linear, but two passes of SHA-256 over
            // megabytes that are refused anyway).
            if refuseOversized(script, "provision", of: rule.name, at: rule.location, &diagnostics, atLeast: true) {
                continue
            }
            let source = rule.location.description
            let provisionText = OwnershipMarker.markedScript(script, kind: .provision, name: rule.name, source: source)
            let preset = OwnershipMarker.markedPreset(
                CanonicalJSON.object(presetDocument(rule, secrets: secrets, options: options)).document,
                rule: rule.name,
                source: source
            )
            let presetText = preset.canonicalText
            let oversizedPreset = refuseOversized(presetText, "preset", of: rule.name, at: rule.location, &diagnostics)
            let oversizedScript = refuseOversized(
                provisionText,
                "provision",
                of: rule.name,
                at: rule.location,
                &diagnostics
            )
            if oversizedPreset || oversizedScript { continue }
            let presetHash = OwnershipMarker.preset(preset)?.hash ?? ""
            let scriptHash = OwnershipMarker.hash(ofScriptBody: script)
            artifacts.append(
                CompiledArtifact(
                    path: ArtifactFolder.presets.path(rule.name),
                    kind: .preset,
                    contents: presetText,
                    rule: rule.name
                )
            )
            artifacts.append(
                CompiledArtifact(
                    path: ArtifactFolder.provisions.path(rule.name),
                    kind: .provision,
                    contents: provisionText,
                    rule: rule.name
                )
            )
            manifestRules.append(
                .object([
                    "name": .string(rule.name), "source": .string(source),
                    "preset": .string(ArtifactFolder.presets.path(rule.name)),
                    "presetHash": .string(presetHash), "provision": .string(ArtifactFolder.provisions.path(rule.name)),
                    "provisionHash": .string(scriptHash), "secrets": .array(secrets.map { .string($0) }),
                    "labels": .object(rule.labels.mapValues { .string($0) }),
                ])
            )
        }
        var manifestVirtualParameters: [CanonicalJSON] = []
        for parameter in set.virtualParameters {
            let script = VirtualParameterBuilder.script(for: parameter)
            let source = parameter.location.description
            let path = ArtifactFolder.virtualParameters.path(parameter.name)
            let marked = OwnershipMarker.markedScript(
                script,
                kind: .virtualParameter,
                name: parameter.name,
                source: source
            )
            if refuseOversized(marked, "virtual parameter", of: parameter.name, at: parameter.location, &diagnostics) {
                continue
            }
            artifacts.append(
                CompiledArtifact(
                    path: path,
                    kind: .virtualParameter,
                    contents: marked,
                    rule: parameter.name
                )
            )
            manifestVirtualParameters.append(
                .object([
                    "name": .string(parameter.name), "source": .string(source), "script": .string(path),
                    "scriptHash": .string(OwnershipMarker.hash(ofScriptBody: script)), "type": .string(parameter.type),
                    "writable": .bool(parameter.writable),
                ])
            )
        }
        var manifest: [String: CanonicalJSON] = [
            OwnershipMarker.presetKey: .object(["format": .int(OwnershipMarker.version)]),
            "rules": .array(manifestRules),
            "files": .array(set.files.map { .string($0) }),
            "virtualParameters": .array(manifestVirtualParameters),
        ]
        if let environment = options.environment { manifest["environment"] = .string(environment) }
        artifacts.append(
            CompiledArtifact(
                path: ArtifactFolder.manifest,
                kind: .manifest,
                contents: CanonicalJSON.object(manifest).text,
                rule: ""
            )
        )
        return artifacts.sorted { $0.path < $1.path }
    }

    // MARK: - Presets

    static func presetDocument(_ rule: Rule, secrets: [String], options: CompileOptions) -> [String: CanonicalJSON] {
        var events: [String: CanonicalJSON] = [:]
        for event in rule.triggers.events { events[event.code] = .bool(event.required) }
        let precondition = presetPrecondition(rule)
        var configurations: [CanonicalJSON] = [
            .object([
                "type": .string("provision"), "name": .string(rule.name),
                "args": secrets.isEmpty ? .null : .array(secrets.map { .string("${secret:\($0)}") }),
            ])
        ]
        for case .provision(let name, let args, _) in rule.actions {
            configurations.append(
                .object([
                    "type": .string("provision"), "name": .string(name),
                    "args": args.isEmpty ? .null : .array(args.map(argument)),
                ])
            )
        }
        var preset: [String: CanonicalJSON] = [
            "weight": .int(rule.triggers.weight ?? 0), "channel": .string(rule.triggers.channel ?? "default"),
            "events": .object(events), "precondition": .string(precondition), "configurations": .array(configurations),
        ]
        if let duration = rule.triggers.scheduleDuration, let cron = rule.triggers.scheduleCron {
            preset["schedule"] = .string("\(duration) \(cron)")
        }
        return preset
    }

    /// A provision argument: a literal scalar, or a secret placeholder.
    private static func argument(_ value: RuleValue) -> CanonicalJSON {
        if let literal = value.literal {
            switch value.kind {
            case .integer: return .int(Int(literal) ?? 0)
            case .boolean: return .bool(literal == "true")
            default: return .string(literal)
            }
        }
        if value.parts.count == 1, case .secret(let name) = value.parts[0] { return .string("${secret:\(name)}") }
        return .string(value.parts.map(placeholder).joined())
    }

    private static func placeholder(_ part: RuleValue.Part) -> String {
        switch part {
        case .literal(let s): s
        case .secret(let n): "${secret:\(n)}"
        default: ""
        }
    }

    // MARK: - Variables

    /// The rule with every `${variable}` replaced by its value; unknown variables are errors.
    ///
    /// A variable of a kilobyte named a thousand times is a megabyte of rules: a value is at most
    /// ``YAMLValueLimit/maxBytes`` once substituted, and all of a compile's substitutions together
    /// at most ``SubstitutionBudget/maxBytes`` (`budget`), so what is compiled stays proportional
    /// to what was read.
    static func substitute(
        _ rule: Rule,
        _ variables: VariableSet,
        _ diagnostics: inout DiagnosticCollector,
        budget: inout SubstitutionBudget
    ) -> Rule {
        var out = rule
        func resolve(_ value: RuleValue) -> RuleValue {
            var v = value
            v.parts = value.parts.map { resolvePart($0, at: value.location) }
            let size = v.parts.reduce(0) { $0 + $1.substitutedSize }
            if size > YAMLValueLimit.maxBytes {
                diagnostics.error(
                    .valueTooLarge,
                    "the value is \(DisplayText.grouped(size)) bytes once its variables are substituted, longer than "
                        + YAMLValueLimit.described,
                    at: value.location,
                    hint: "a value is sent to the device in one SetParameterValues; keep large content out of variables"
                )
                v.parts = []
                return v
            }
            v.parts = v.parts.joiningLiterals
            return v
        }
        func resolvePart(_ part: RuleValue.Part, at location: RuleLocation, field: String? = nil) -> RuleValue.Part {
            switch part {
            case .variable(let name):
                guard let value = variables.values[name] else {
                    let suggestion = DidYouMean.suggestion(for: name, among: Array(variables.values.keys))
                    diagnostics.error(
                        .unknownVariable,
                        "variable \"\(name)\" is not defined" + (field.map { " (in `\($0)`)" } ?? ""),
                        at: location,
                        hint: suggestion.map { "did you mean \"\($0)\"?" }
                            ?? "define it in a vars file (--vars) or pass --env"
                    )
                    return .literal("")
                }
                guard budget.spend(value.utf8.count) else {
                    if !budget.reported {
                        budget.reported = true
                        diagnostics.error(
                            .valueTooLarge,
                            "the variables substituted so far come to more than \(SubstitutionBudget.described): "
                                + "variable \"\(name)\" is not substituted here or after",
                            at: location,
                            hint:
                                "a variable named in many rules multiplies its size; keep large content out of variables"
                        )
                    }
                    return .literal("")
                }
                return .literal(value)
            case .function(let name, let args): return .function(name, args.map { resolvePart($0, at: location) })
            default: return part
            }
        }
        func resolveOptional(_ v: RuleValue?) -> RuleValue? { v.map(resolve) }
        // Fields that are not templates take `${variable}` and `$$` only (the reader refused the
        // rest, RuleReader.checkFixedText): GenieACS receives them as written.
        func text(_ text: String, _ field: String, _ location: RuleLocation) -> String {
            guard text.contains("$"), let parts = try? Template.parse(text) else { return text }
            return parts.map { part -> String in
                switch part {
                case .literal(let literal): return literal
                case .variable:
                    guard case .literal(let value) = resolvePart(part, at: location, field: field) else { return "" }
                    return value
                default: return ""
                }
            }.joined()
        }
        // Each pattern's diagnostics at the pattern (the rule's start when not known).
        func patterns(_ field: String, _ list: [String]) -> [String] {
            list.enumerated().map { i, p in
                text(p, "match.\(field)", rule.match.location(of: field, i) ?? rule.location)
            }
        }
        out.match.manufacturer = patterns("manufacturer", rule.match.manufacturer)
        out.match.productClass = patterns("productClass", rule.match.productClass)
        out.match.serialNumber = patterns("serialNumber", rule.match.serialNumber)
        out.match.softwareVersion = rule.match.softwareVersion.map { condition in
            var c = condition
            c.version = text(c.version, "match.softwareVersion.\(c.op.rawValue)", c.location)
            return c
        }
        out.match.parameters = rule.match.parameters.map { condition in
            var c = condition
            let at = c.valueLocation ?? c.location
            switch c.test {
            case .equals(let v): c.test = .equals(text(v, "match.parameters.equals", at))
            case .notEquals(let v): c.test = .notEquals(text(v, "match.parameters.notEquals", at))
            case .like(let v): c.test = .like(text(v, "match.parameters.like", at))
            default: break
            }
            return c
        }
        out.preconditions = rule.preconditions.map {
            Precondition(text: text($0.text, "precondition", $0.location), location: $0.location)
        }
        out.actions = rule.actions.map { action in
            switch action {
            case .set(let p, let v, let t, let l): return .set(path: p, value: resolve(v), type: t, location: l)
            case .refresh(let p, let every, let l):
                return .refresh(path: text(p, "refresh.path", l), everySeconds: every, location: l)
            case .ensure(let t, let k, let v, let l):
                return .ensure(
                    table: text(t, "ensure.table", l),
                    keys: k.map { ($0.0, resolve($0.1)) },
                    values: v.map { ($0.0, resolve($0.1)) },
                    location: l
                )
            case .delete(let t, let k, let l):
                return .delete(table: text(t, "delete.table", l), keys: k.map { ($0.0, resolve($0.1)) }, location: l)
            case .download(let file, let fileType, let target, let retry, let l):
                return .download(
                    file: text(file, "download.file", l),
                    fileType: text(fileType, "download.fileType", l),
                    targetFileName: target.map { text($0, "download.targetFileName", l) },
                    retryEverySeconds: retry,
                    location: l
                )
            case .provision(let n, let a, let l):
                return .provision(name: text(n, "provision.name", l), args: a.map(resolve), location: l)
            case .block(let b, let l):
                switch b {
                case .periodicInform(let e, let i):
                    return .block(
                        .periodicInform(enabled: resolveOptional(e), interval: resolveOptional(i)),
                        location: l
                    )
                case .connectionRequest(let u, let p):
                    return .block(
                        .connectionRequest(username: resolveOptional(u), password: resolveOptional(p)),
                        location: l
                    )
                case .wifi(let band, let s, let p, let sec, let c, let e, let i):
                    return .block(
                        .wifi(
                            band: band,
                            ssid: resolveOptional(s),
                            passphrase: resolveOptional(p),
                            security: resolveOptional(sec),
                            channel: resolveOptional(c),
                            enabled: resolveOptional(e),
                            tr098Instance: i
                        ),
                        location: l
                    )
                case .lanDHCP(let e, let a, let b2, let t):
                    return .block(
                        .lanDHCP(
                            enabled: resolveOptional(e),
                            minAddress: resolveOptional(a),
                            maxAddress: resolveOptional(b2),
                            leaseTime: resolveOptional(t)
                        ),
                        location: l
                    )
                case .wanPPP(let u, let p, let v):
                    return .block(
                        .wanPPP(username: resolveOptional(u), password: resolveOptional(p), vlan: resolveOptional(v)),
                        location: l
                    )
                case .ntp(let servers): return .block(.ntp(servers: servers.map(resolve)), location: l)
                case .timeZone(let v): return .block(.timeZone(resolve(v)), location: l)
                }
            default: return action
            }
        }
        return out
    }

    /// The preset's precondition: the compiled `match` and each precondition, ANDed.
    static func presetPrecondition(_ rule: Rule) -> String {
        var clauses: [String] = []
        if let match = MatchCompiler.precondition(rule.match) { clauses.append(match) }
        for p in rule.preconditions {
            // Canonical form (what GenieACS's UI stores); a text that does not parse was reported.
            clauses.append((try? Expression.parse(p.text, context: .precondition))?.genieACSString ?? p.text)
        }
        return clauses.count <= 1 ? (clauses.first ?? "") : clauses.map { "(\($0))" }.joined(separator: " AND ")
    }

    // MARK: - Checks

    /// GenieACS's built-in provisions that reboot or reset a device (lib/default-provisions.ts:132-168
    /// at v1.2.16), and what they do.
    static let resettingBuiltIns = ["reboot": "reboot", "reset": "factory reset"]

    /// Rule-level checks the compiler always makes (lint adds model-based ones); `projectProvisions`
    /// are the provision names the project itself writes (one per rule).
    static func check(
        _ rule: Rule,
        _ options: CompileOptions,
        _ diagnostics: inout DiagnosticCollector,
        projectProvisions: Set<String> = []
    ) {
        checkPreconditionSize(rule, &diagnostics)
        checkBuiltInName(rule, &diagnostics)
        for p in rule.preconditions {
            do {
                _ = try Expression.parse(p.text, context: .precondition)
            } catch {
                var at = p.location
                // Columns inside a quoted YAML scalar start one after the quote.
                at.line += error.line - 1
                at.column = error.line == 1 ? at.column + error.column : error.column
                diagnostics.error(
                    .badExpression,
                    "precondition: \(error.message)",
                    at: at,
                    hint: error.hint ?? "see docs/rules.md"
                )
            }
        }
        if let cron = rule.triggers.scheduleCron {
            do {
                _ = try CronExpression(cron)
            } catch {
                diagnostics.error(
                    .badCron,
                    "schedule cron \"\(cron)\": \(error.message)",
                    at: rule.triggers.scheduleLocation ?? rule.location,
                    hint: error.hint ?? "GenieACS treats an invalid cron as always active"
                )
            }
        }
        let globs = rule.match.manufacturer + rule.match.oui + rule.match.productClass + rule.match.serialNumber
        for glob in globs where (glob.contains("*") || glob.contains("?")) && glob.contains("\\") {
            // GenieACS turns an escaped backslash in a LIKE pattern into the regular expression `\/`
            // (lib/common/expression/util.ts:26-53 at v1.2.16): it matches "/", never "\".
            diagnostics.warning(
                .badValue,
                "the match glob \"\(DisplayText.value(glob))\" has a backslash: GenieACS's LIKE reads it as \"/\", so it never matches a value with a backslash",
                at: rule.location,
                hint: "match that part with `?` instead of the backslash"
            )
        }
        for action in rule.actions {
            if case .provision(let name, let args, let at) = action, !projectProvisions.contains(name) {
                checkBuiltInArguments(name: name, args: args, at: at, &diagnostics)
            }
            if case .script(let text, let at) = action, let problem = ScriptSyntax.problem(in: text) {
                // GenieACS's NBI refuses a provision whose script does not compile under its
                // strict-mode wrapper (lib/nbi.ts:140-146 at v1.2.16): deploy would stop half-way.
                diagnostics.error(
                    .badScript,
                    "`script` line \(problem.line), column \(problem.column): \(problem.message); GenieACS compiles the provision in strict mode inside a function and would refuse it",
                    at: at,
                    hint: "fix the JavaScript (check it with `node --check`); write octal numbers as 0o10"
                )
            }
            switch action {
            case .reboot(nil, let at), .factoryReset(nil, let at):
                // GenieACS sends the Reboot (FactoryReset) when the device's stored time is earlier
                // than the declared one and stores the session time after it (lib/session.ts:1929-1950,
                // 2786-2806 at v1.2.16): only a fixed time reboots once; the session time (what a
                // rule without `since` could declare) is newer in every session.
                let kind: String
                if case .reboot = action { kind = "reboot" } else { kind = "factoryReset" }
                let example =
                    kind == "reboot"
                    ? "reboot: {since: \"2026-12-01T00:00:00Z\"}"
                    : "factoryReset: {confirm: true, since: \"2026-12-01T00:00:00Z\"}"
                diagnostics.error(
                    .unguardedReboot,
                    "`\(kind)` needs `since`, the time from which each matching device is \(kind == "reboot" ? "rebooted" : "reset") once: without it GenieACS would \(kind == "reboot" ? "reboot" : "reset") on every matching Inform",
                    at: at,
                    hint: "write `\(example)`; change the time to do it again (docs/rules.md)"
                )
            case .provision(let name, _, let at)
            where Self.resettingBuiltIns[name] != nil && !projectProvisions.contains(name):
                // GenieACS runs its built-in when no stored provision has the name (lib/session.ts:588-620
                // at v1.2.16); `reboot` and `reset` declare the session time (lib/default-provisions.ts:132-168).
                let what = Self.resettingBuiltIns[name] ?? name
                diagnostics.error(
                    .unguardedReboot,
                    "`provision: {name: \(name)}` runs GenieACS's built-in \(name) provision, which declares the session time: it would \(what) the device on every matching Inform",
                    at: at,
                    hint: name == "reboot"
                        ? "use `reboot: {since: \"<time>\"}`: once per device"
                        : "use `factoryReset: {confirm: true, since: \"<time>\"}`: once per device"
                )
            case .download(_, _, _, _, let at) where rule.match.softwareVersion.isEmpty:
                diagnostics.warning(
                    .unguardedDownload,
                    "a download without a `softwareVersion` condition is retried while the rule matches",
                    at: at,
                    hint: "add `match: {softwareVersion: {lt: \"<target>\"}}`"
                )
            default: break
            }
        }
    }
}

extension RuleCompiler {
    /// The rules with every `${variable}` substituted (what `explain` and `test` evaluate).
    public static func resolvingVariables(
        _ set: RuleSet,
        _ variables: VariableSet,
        diagnostics: inout DiagnosticCollector
    ) -> RuleSet {
        var out = set
        var budget = SubstitutionBudget()
        out.rules = set.rules.map { substitute($0, variables, &diagnostics, budget: &budget) }
        out.triggerRules = TriggerVariables.resolve(set.triggerRules, variables, diagnostics: &diagnostics)
        return out
    }
}

import FerruleCore
import Yams

/// Reads one rule file's YAML into fragments, reporting every problem with file:line:column.
///
/// A rule file is a mapping with `rules:` (a list of rules) and optionally `defaults:` (a rule
/// without a name, merged under every rule of the file) and `virtualParameters:`. `_defaults.yaml` holds only `defaults:`.
struct RuleReader: YAMLReader {
    let file: String
    var diagnostics: DiagnosticCollector

    init(file: String, diagnostics: DiagnosticCollector) {
        self.file = file
        self.diagnostics = diagnostics
    }

    struct FileContent {
        var defaults: RuleFragment?
        var rules: [RuleFragment] = []
        var virtualParameters: [VirtualParameter] = []
        var triggerRules: [TriggerRule] = []
        var correlation: CorrelationSettings?
    }

    static let fileKeys = ["rules", "defaults", "virtualParameters", "correlation"]
    static let ruleKeys = [
        "name", "description", "labels", "extends", "abstract", "match", "precondition", "triggers", "actions",
    ]
    static let matchKeys = [
        "manufacturer", "oui", "productClass", "serialNumber", "tags", "softwareVersion", "parameters",
    ]
    static let triggerKeys = ["events", "schedule", "channel", "weight"]
    static let actionKinds = [
        "set", "refresh", "ensure", "delete", "tag", "download", "reboot", "factoryReset", "provision", "script",
        "periodicInform", "connectionRequest", "wifi", "lanDHCP", "wan", "ntp", "timeZone",
    ]

    mutating func read(_ text: String) -> FileContent {
        guard let root = compose(text) else { return FileContent() }
        // Refused whole, before anything is templated or compiled (docs/rules.md, "Size limits").
        if refuseOversizedValues(root, what: "rules in this file are not read") { return FileContent() }
        var content = FileContent()
        guard let entries = mapping(root, what: "a rule file (with `rules:` and optionally `defaults:`)") else {
            return content
        }
        for (key, value) in entries {
            guard let name = key.string else { continue }
            switch name {
            case "defaults":
                content.defaults = fragment(value, isDefaults: true)
            case "rules":
                guard let list = sequence(value, what: "`rules`") else { continue }
                for node in list {
                    // Trigger rules (`on:`): docs/triggers.md.
                    if Self.isTriggerRule(node) {
                        if let rule = triggerRule(node) { content.triggerRules.append(rule) }
                        continue
                    }
                    if let rule = fragment(node, isDefaults: false) { content.rules.append(rule) }
                }
            case "virtualParameters":
                content.virtualParameters += virtualParameters(value)
            case "correlation":
                content.correlation = correlation(value)
            default:
                unknownKey(key, name, among: Self.fileKeys, in: "a rule file")
            }
        }
        return content
    }

    // MARK: - Shapes

    mutating func string(_ node: Node, what: String) -> String? { scalarText(node, what: what) }

    /// A string or a list of strings.
    mutating func strings(_ node: Node, what: String) -> [String]? {
        if node.scalar != nil { return string(node, what: what).map { [$0] } }
        guard let list = sequence(node, what: what) else { return nil }
        return list.compactMap { string($0, what: what) }
    }

    /// `true` or `false`, quoted or not (rule files have always accepted `"true"`).
    mutating func bool(_ node: Node, what: String) -> Bool? {
        guard let b = node.bool else {
            error(node, .wrongType, "expected \(what) as true or false")
            return nil
        }
        return b
    }

    /// A rule value: a YAML scalar, with `${…}` templates in strings.
    mutating func value(_ node: Node, what: String) -> RuleValue? {
        guard let scalar = node.scalar else {
            error(node, .wrongType, "expected \(what) as a single value (text, number or true/false)")
            return nil
        }
        let plain = scalar.style == .plain || scalar.style == .any
        let kind: RuleValue.Kind
        if plain, node.bool != nil {
            kind = .boolean
        } else if plain, node.int != nil {
            kind = .integer
        } else if plain, node.float != nil {
            kind = .number
        } else {
            kind = .string
        }
        let text: String =
            switch kind {
            case .boolean: (node.bool ?? false) ? "true" : "false"
            case .integer: String(node.int ?? 0)
            default: scalar.string
            }
        if kind != .string { return RuleValue(kind: kind, parts: [.literal(text)], location: location(node)) }
        do {
            let parts = try Template.parse(text)
            if let call = parts.lazy.compactMap(Self.countNotWhole).first {
                error(
                    node,
                    .badTemplate,
                    "the count of \(call)() must be a whole number written in the template (`\(call)(x, 4)`)",
                    hint: "the provision and `ferrule explain` must cut the same characters on every device"
                )
                return nil
            }
            return RuleValue(kind: .string, parts: parts, location: location(node))
        } catch {
            var at = location(node)
            at.column += error.offset + (plain ? 0 : 1)
            diagnostics.error(.badTemplate, error.message, at: at, hint: "see `Values` in docs/rules.md")
            return nil
        }
    }

    /// The name of the first `left`/`right` call in `part` whose count is not a whole number
    /// literal (a variable, a parameter, another call); nil when there is none. Negative numbers
    /// do not parse.
    static func countNotWhole(_ part: TemplatePart) -> String? {
        guard case .function(let name, let args) = part else { return nil }
        if name == "left" || name == "right", args.count == 2 {
            guard case .integer = args[1] else { return name }
        }
        return args.lazy.compactMap(countNotWhole).first
    }

    // MARK: - Rules

    /// A rule's `name:` (preset or trigger rule); a name too long or not of the form GenieACS ids
    /// take is an error[bad-name], with `formHint` after the form's. Nil when it is not a string.
    mutating func ruleName(_ value: Node, formHint: String? = nil) -> String? {
        guard let n = string(value, what: "the rule name") else { return nil }
        if let problem = RuleName.problem(n) {
            error(value, .badName, problem, hint: "shorten the name; `description` holds the long text")
        } else if !RuleName.hasForm(n) {
            error(
                value,
                .badName,
                "rule name \"\(DisplayText.value(n))\" must start with a lower-case letter and hold only a-z, 0-9, - and _",
                hint: formHint
            )
        }
        return n
    }

    mutating func fragment(_ node: Node, isDefaults: Bool) -> RuleFragment? {
        guard let entries = mapping(node, what: isDefaults ? "`defaults`" : "a rule") else { return nil }
        var f = RuleFragment(location: location(node))
        for (key, value) in entries {
            guard let name = key.string else { continue }
            switch name {
            case "name" where !isDefaults:
                guard let n = ruleName(value, formHint: "the name becomes GenieACS preset and provision ids") else {
                    continue
                }
                f.name = n
            case "description": f.description = string(value, what: "the description")
            case "labels":
                guard let m = mapping(value, what: "`labels`") else { continue }
                for (k, v) in m { if let k = k.string, let v = string(v, what: "a label value") { f.labels[k] = v } }
            case "extends": f.extends = string(value, what: "`extends` (a rule name)")
            case "abstract" where !isDefaults: f.isAbstract = bool(value, what: "`abstract`")
            case "match": f.match = match(value)
            case "precondition":
                if let p = string(value, what: "the precondition"),
                    checkFixedText(value, field: "precondition", place: .precondition)
                {
                    f.preconditions.append((p, location(value)))
                }
            case "triggers": f.triggers = triggers(value)
            case "actions":
                guard let list = sequence(value, what: "`actions`") else { continue }
                for node in list { if let a = action(node) { f.actions.append(a) } }
            default:
                let known = isDefaults ? Self.ruleKeys.filter { $0 != "name" && $0 != "abstract" } : Self.ruleKeys
                unknownKey(key, name, among: known, in: isDefaults ? "`defaults`" : "a rule")
            }
        }
        if !isDefaults && f.name == nil {
            error(node, .missingName, "a rule needs a `name`", hint: "add `name: my-rule`")
        }
        return f
    }

    mutating func match(_ node: Node) -> MatchFragment {
        var m = MatchFragment()
        guard let entries = mapping(node, what: "`match`") else { return m }
        for (key, value) in entries {
            guard let name = key.string else { continue }
            switch name {
            case "manufacturer":
                m.manufacturer = strings(value, what: "manufacturer patterns")
                m.patternLocations[name] = itemLocations(value)
                checkFixedTexts(value, field: "match.manufacturer", place: .precondition)
            case "oui":
                m.oui = strings(value, what: "OUIs")
                for oui in m.oui ?? [] where !(oui.count == 6 && oui.allSatisfy(\.isHexDigit)) {
                    error(value, .badOUI, "OUI \"\(DisplayText.value(oui))\" is not six hex digits")
                }
            case "productClass":
                m.productClass = strings(value, what: "product class patterns")
                m.patternLocations[name] = itemLocations(value)
                checkFixedTexts(value, field: "match.productClass", place: .precondition)
            case "serialNumber":
                m.serialNumber = strings(value, what: "serial number patterns")
                m.patternLocations[name] = itemLocations(value)
                checkFixedTexts(value, field: "match.serialNumber", place: .precondition)
            case "tags":
                guard let t = mapping(value, what: "`tags` (all, any, none)") else { continue }
                for (k, v) in t {
                    switch k.string ?? "" {
                    case "all": m.tagsAll = strings(v, what: "tags")
                    case "any": m.tagsAny = strings(v, what: "tags")
                    case "none": m.tagsNone = strings(v, what: "tags")
                    default:
                        unknownKey(k, k.string ?? "", among: ["all", "any", "none"], in: "`tags`")
                        continue
                    }
                    // The precondition names each as the parameter Tags.<name>.
                    for tag in v.sequence.map(Array.init) ?? [v] {
                        guard let name = tag.string, !ExpressionName.isTag(name) else { continue }
                        error(
                            tag,
                            .badTag,
                            "tag \"\(DisplayText.value(name))\" \(ExpressionName.tagRule)",
                            hint:
                                "a preset's precondition names it as Tags.<name>, which GenieACS reads only in that form"
                        )
                    }
                }
            case "softwareVersion":
                guard let t = mapping(value, what: "`softwareVersion` (eq, ne, lt, lte, gt, gte)") else { continue }
                var conditions: [VersionCondition] = []
                for (k, v) in t {
                    guard let op = VersionCondition.Operator(rawValue: k.string ?? "") else {
                        unknownKey(
                            k,
                            k.string ?? "",
                            among: VersionCondition.Operator.allCases.map(\.rawValue),
                            in: "`softwareVersion`"
                        )
                        continue
                    }
                    if let version = string(v, what: "a version"),
                        checkFixedText(v, field: "match.softwareVersion.\(op.rawValue)", place: .precondition)
                    {
                        conditions.append(VersionCondition(op: op, version: version, location: location(v)))
                    }
                }
                m.softwareVersion = conditions
            case "parameters":
                guard let list = sequence(value, what: "`parameters`") else { continue }
                var conditions: [ParameterCondition] = []
                for item in list { if let c = parameterCondition(item) { conditions.append(c) } }
                m.parameters = conditions
            default: unknownKey(key, name, among: Self.matchKeys, in: "`match`")
            }
        }
        return m
    }

    /// Where each string of `strings(_:what:)` is: the items of a list, or the single value.
    func itemLocations(_ node: Node) -> [RuleLocation] {
        guard let list = node.sequence else { return [location(node)] }
        return list.filter { $0.scalar != nil }.map { location($0) }
    }

    mutating func parameterCondition(_ node: Node) -> ParameterCondition? {
        guard let entries = mapping(node, what: "a parameter condition") else { return nil }
        var path: String?
        var test: ParameterCondition.Test?
        var valueLocation: RuleLocation?
        for (key, value) in entries {
            if ["equals", "notEquals", "like"].contains(key.string ?? "") { valueLocation = location(value) }
            switch key.string ?? "" {
            case "path":
                path = string(value, what: "a parameter path")
                if let p = path, !ExpressionName.isParameterPath(p) {
                    error(
                        value,
                        .badPath,
                        "\"\(DisplayText.value(p))\" cannot stand in a preset's precondition: a path there holds only ASCII letters, digits, _, -, . and *",
                        hint:
                            "write instance numbers or * instead of an alias [Key:value]; GenieACS's expression grammar has no other form"
                    )
                    return nil
                }
            case "equals":
                test = string(value, what: "a value").map { .equals($0) }
                checkFixedText(value, field: "match.parameters.equals", place: .precondition)
            case "notEquals":
                test = string(value, what: "a value").map { .notEquals($0) }
                checkFixedText(value, field: "match.parameters.notEquals", place: .precondition)
            case "like":
                test = string(value, what: "a LIKE pattern").map { .like($0) }
                checkFixedText(value, field: "match.parameters.like", place: .precondition)
            case "exists": test = bool(value, what: "`exists`").map { .exists($0) }
            case "greaterThan": test = value.float.map { .greaterThan($0) }
            case "lessThan": test = value.float.map { .lessThan($0) }
            default:
                unknownKey(
                    key,
                    key.string ?? "",
                    among: ["path", "equals", "notEquals", "like", "exists", "greaterThan", "lessThan"],
                    in: "a parameter condition"
                )
            }
        }
        guard let path, let test else {
            error(
                node,
                .incomplete,
                "a parameter condition needs `path` and one test (equals, notEquals, like, exists, greaterThan, lessThan)"
            )
            return nil
        }
        return ParameterCondition(path: path, test: test, location: location(node), valueLocation: valueLocation)
    }

    mutating func triggers(_ node: Node) -> TriggersFragment {
        var t = TriggersFragment()
        guard let entries = mapping(node, what: "`triggers`") else { return t }
        for (key, value) in entries {
            guard let name = key.string else { continue }
            switch name {
            case "events":
                let codes = strings(value, what: "event codes") ?? []
                t.events = codes.map { code in
                    code.hasPrefix("!") ? (String(code.dropFirst()).trimmingCharacters(in: " "), false) : (code, true)
                }
                for (code, _) in t.events ?? [] where !Self.isEventCode(code) {
                    error(
                        value,
                        .badEvent,
                        "\"\(DisplayText.value(code))\" is not a CWMP event code",
                        hint:
                            "use codes such as \"0 BOOTSTRAP\", \"1 BOOT\", \"2 PERIODIC\", \"M Download\"; prefix ! to require absence"
                    )
                }
                for (code, required) in t.events ?? [] where Self.isEventCode(code) {
                    // GenieACS stores an Inform's event as Events.<encodeTag(code, whitespace → _)>
                    // (lib/session.ts:199-208 at v1.2.16) but looks a preset's event up with only
                    // whitespace replaced (lib/cwmp.ts:455-456): a code encodeTag changes never matches.
                    let folded = DeviceState.eventPathName(code)
                    let stored = DeviceState.tagPathName(folded)
                    guard stored != folded else { continue }
                    let message =
                        "GenieACS stores the event \"\(DisplayText.value(code))\" as Events.\(stored) but looks a preset's event up as \"\(folded)\": "
                        + (required ? "the rule never matches" : "the exclusion never applies")
                    let hint =
                        "GenieACS cannot match event codes with characters other than letters, digits, `-` and `_`; use a precondition on a parameter instead"
                    if required {
                        error(value, .badEvent, message, hint: hint)
                    } else {
                        warning(value, .badEvent, message, hint: hint)
                    }
                }
            case "schedule":
                guard let m = mapping(value, what: "`schedule` (duration, cron)") else { continue }
                t.scheduleLocation = location(value)
                for (k, v) in m {
                    switch k.string ?? "" {
                    case "duration":
                        t.scheduleDuration = int(v, what: "the schedule duration (seconds)", range: 1...31_622_400)
                    case "cron": t.scheduleCron = string(v, what: "a cron expression")
                    default: unknownKey(k, k.string ?? "", among: ["duration", "cron"], in: "`schedule`")
                    }
                }
                if t.scheduleDuration == nil || t.scheduleCron == nil {
                    error(value, .incomplete, "a schedule needs both `duration` (seconds) and `cron`")
                }
            case "channel": t.channel = string(value, what: "the channel")
            case "weight": t.weight = int(value, what: "the weight", range: -1_000_000...1_000_000)
            default: unknownKey(key, name, among: Self.triggerKeys, in: "`triggers`")
            }
        }
        return t
    }

    /// CWMP event codes (cwmp-1-2.xsd:285-325; cwmp-1-4.xsd:113-137): `N WORD…`, `M Method`, `M X_…`, `X OUI …`, plus
    /// GenieACS's pseudo-events `Inform` and `Registered`.
    static func isEventCode(_ code: String) -> Bool {
        if code == "Inform" || code == "Registered" { return true }
        let parts = code.split(separator: " ")
        guard parts.count >= 2, let first = parts.first else { return false }
        if first.allSatisfy(\.isNumber) {
            return parts.dropFirst().allSatisfy { $0.allSatisfy { $0.isUppercase || $0.isNumber || $0 == "_" } }
        }
        return first == "M" || first == "X"
    }
}

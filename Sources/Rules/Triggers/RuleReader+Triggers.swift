import FerruleCore
import Yams

/// Reading trigger rules (`rules:` entries with `on:`), on the rule reader's shapes and diagnostics.
extension RuleReader {
    static let triggerRuleKeys = ["name", "description", "labels", "on", "when", "actions"]
    static let triggerActionKinds = ["tag", "untag", "provision", "refresh", "enroll", "hold", "webhook"]
    static let webhookKeys = ["url", "method", "headers", "body", "retries", "backoff", "timeout"]

    /// Whether a `rules:` entry is a trigger rule: a mapping with `on:`.
    static func isTriggerRule(_ node: Node) -> Bool { node.mapping?["on"] != nil }

    /// One trigger rule; nil (reported) when it has no usable name or trigger.
    mutating func triggerRule(_ node: Node) -> TriggerRule? {
        guard let entries = mapping(node, what: "a trigger rule") else { return nil }
        var name: String?
        var triggers: [TriggerEvent] = []
        var triggerLocation = location(node)
        var rule = TriggerRule(name: "", triggers: [], location: location(node))
        for (key, value) in entries {
            guard let field = key.string else { continue }
            switch field {
            case "name": name = ruleName(value)
            case "description": rule.description = string(value, what: "the description")
            case "labels":
                guard let m = mapping(value, what: "`labels`") else { continue }
                for (k, v) in m { if let k = k.string, let v = string(v, what: "a label value") { rule.labels[k] = v } }
            case "on":
                triggerLocation = location(value)
                triggers = triggerNames(value)
            case "when": rule.conditions = triggerConditions(value)
            case "actions":
                guard let list = sequence(value, what: "`actions`") else { continue }
                for item in list { if let a = triggerAction(item) { rule.actions.append(a) } }
            default:
                if Self.ruleKeys.contains(field) {
                    error(
                        key,
                        .notForTriggers,
                        "`\(field)` belongs to preset rules; a trigger rule (with `on:`) takes "
                            + Self.triggerRuleKeys.joined(separator: ", "),
                        hint: "conditions on the event go under `when:`; see docs/triggers.md"
                    )
                } else {
                    unknownKey(key, field, among: Self.triggerRuleKeys, in: "a trigger rule")
                }
            }
        }
        if rule.actions.isEmpty, node.mapping?["actions"] == nil {
            error(node, .missingField, "a trigger rule needs `actions`", hint: "see docs/triggers.md")
        }
        guard let name else {
            error(node, .missingName, "a rule needs a `name`", hint: "add `name: my-rule`")
            return nil
        }
        guard !triggers.isEmpty else { return nil }
        rule.name = name
        rule.triggers = triggers
        rule.triggerLocation = triggerLocation
        return rule
    }

    /// `voltha.onu_activated`, `voltha.a | voltha.b`, or a list of them.
    private mutating func triggerNames(_ node: Node) -> [TriggerEvent] {
        let written: [String]
        if let text = node.scalar?.string {
            written = text.split(separator: "|").map { String($0).trimmingCharacters(in: " ") }
        } else {
            written = strings(node, what: "`on` (a trigger such as voltha.onu_activated, or a list)") ?? []
        }
        var out: [TriggerEvent] = []
        for name in written {
            guard let trigger = TriggerEvent(name: name) else {
                let known = TriggerEvent.allCases.map(\.qualifiedName)
                let guess = name.contains(".") ? name : TriggerEvent.namespace + name
                let suggestion = DidYouMean.suggestion(for: guess, among: known)
                error(
                    node,
                    .unknownTrigger,
                    "unknown trigger \"\(DisplayText.value(name))\"",
                    hint: suggestion.map { "did you mean \"\($0)\"?" } ?? "triggers: \(known.joined(separator: ", "))"
                )
                continue
            }
            if out.contains(trigger) {
                warning(node, .duplicateTrigger, "trigger \(trigger.qualifiedName) is given twice")
            } else {
                out.append(trigger)
            }
        }
        if written.isEmpty { error(node, .missingField, "`on` needs a trigger such as voltha.onu_activated") }
        return out
    }

    // MARK: - Conditions

    private mutating func triggerConditions(_ node: Node) -> [TriggerCondition] {
        guard let entries = mapping(node, what: "`when` (serial, olt, ponPort, vendor, equipmentId, …)") else {
            return []
        }
        var out: [TriggerCondition] = []
        for (key, value) in entries {
            guard let name = key.string else { continue }
            guard let field = TriggerCondition.Field(rawValue: name) else {
                unknownKey(key, name, among: TriggerCondition.Field.allCases.map(\.rawValue), in: "`when`")
                continue
            }
            let test: TriggerCondition.Test?
            switch field {
            case .ponPort: test = portRanges(value)
            case .softwareVersion where value.mapping != nil && value.mapping?["regex"] == nil: test = versions(value)
            default: test = patterns(value, field: name)
            }
            if let test { out.append(TriggerCondition(field: field, test: test, location: location(value))) }
        }
        return out
    }

    /// A glob, a list of globs, or `{regex: "…"}`.
    private mutating func patterns(_ node: Node, field: String) -> TriggerCondition.Test? {
        if let m = node.mapping {
            guard m.count == 1, let r = m["regex"], let text = string(r, what: "a regular expression") else {
                error(node, .wrongType, "`\(field)` takes a pattern, a list of patterns or {regex: \"…\"}")
                return nil
            }
            switch CompiledRegex.compile(text) {
            case .success(let regex): return .patterns([.regex(regex)])
            case .failure:
                error(r, .badValue, "\"\(DisplayText.value(text))\" is not a valid regular expression")
                return nil
            }
        }
        guard let list = strings(node, what: "`\(field)` patterns"), !list.isEmpty else {
            if node.sequence != nil { error(node, .missingField, "`\(field)` needs at least one pattern") }
            return nil
        }
        return .patterns(list.map(TextPattern.init(glob:)))
    }

    private mutating func versions(_ node: Node) -> TriggerCondition.Test? {
        guard let entries = mapping(node, what: "`softwareVersion` (eq, ne, lt, lte, gt, gte)") else { return nil }
        var conditions: [VersionCondition] = []
        for (k, v) in entries {
            guard let op = VersionCondition.Operator(rawValue: k.string ?? "") else {
                unknownKey(
                    k,
                    k.string ?? "",
                    among: VersionCondition.Operator.allCases.map(\.rawValue) + ["regex"],
                    in: "`softwareVersion`"
                )
                continue
            }
            if let version = string(v, what: "a version") {
                conditions.append(VersionCondition(op: op, version: version, location: location(v)))
            }
        }
        return conditions.isEmpty ? nil : .versions(conditions)
    }

    /// `3`, `0-7`, or a list of them.
    private mutating func portRanges(_ node: Node) -> TriggerCondition.Test? {
        let items = node.sequence.map(Array.init) ?? [node]
        var ranges: [ClosedRange<UInt32>] = []
        for item in items {
            guard let text = string(item, what: "a PON port (a number or a range such as 0-7)") else { continue }
            let parts = text.split(separator: "-", omittingEmptySubsequences: false).map {
                UInt32(String($0).trimmingCharacters(in: " "))
            }
            if parts.count == 1, let n = parts[0] {
                ranges.append(n...n)
            } else if parts.count == 2, let a = parts[0], let b = parts[1], a <= b {
                ranges.append(a...b)
            } else {
                error(item, .badValue, "\"\(DisplayText.value(text))\" is not a PON port or a range such as 0-7")
            }
        }
        return ranges.isEmpty ? nil : .numbers(ranges)
    }

    // MARK: - Actions

    private mutating func triggerAction(_ node: Node) -> TriggerAction? {
        let at = location(node)
        guard let entries = node.mapping, entries.count == 1,
            let (key, body) = entries.first.map({ ($0.key, $0.value) }),
            let kind = key.string
        else {
            error(node, .badAction, "an action is a mapping with exactly one key, the action kind (`- tag: {…}`)")
            return nil
        }
        var fields: [String: Node] = [:]
        var fieldKeys: [(String, Node)] = []
        for (k, v) in body.mapping ?? [:] {
            if let name = k.string {
                fields[name] = v
                fieldKeys.append((name, k))
            }
        }
        func check(_ allowed: [String]) -> Bool {
            var ok = true
            for (name, k) in fieldKeys where !allowed.contains(name) {
                unknownKey(k, name, among: allowed, in: "`\(kind)`")
                ok = false
            }
            return ok
        }
        switch kind {
        case "tag", "untag":
            var add: [String] = []
            var remove: [String] = []
            if body.mapping != nil {
                guard check(["add", "remove"]) else { return nil }
                add = fields["add"].flatMap { strings($0, what: "tags") } ?? []
                remove = fields["remove"].flatMap { strings($0, what: "tags") } ?? []
            } else if kind == "tag" {
                add = strings(body, what: "tags") ?? []
            } else {
                remove = strings(body, what: "tags") ?? []
            }
            for tag in add + remove where !ExpressionName.isTag(tag) {
                error(body, .badTag, "tag \"\(DisplayText.value(tag))\" \(ExpressionName.tagRule)")
            }
            if add.isEmpty && remove.isEmpty {
                error(body, .missingField, "`\(kind)` needs tags (`add`, `remove`, or a list)")
                return nil
            }
            return .tag(add: add, remove: remove, location: at)
        case "provision":
            guard check(["name", "args"]), let n = fields["name"] ?? (body.scalar != nil ? body : nil),
                let name = string(n, what: "a provision name")
            else {
                error(body, .missingField, "`provision` needs `name`")
                return nil
            }
            if name.isEmpty || !name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) {
                error(
                    n,
                    .badValue,
                    "provision name \"\(DisplayText.value(name))\" must hold only letters, digits, ., - and _"
                )
            }
            var args: [RuleValue] = []
            if let a = fields["args"], let list = sequence(a, what: "`args`") {
                for item in list { if let v = value(item, what: "an argument") { args.append(v) } }
            }
            return .provision(name: name, args: args, location: at)
        case "refresh":
            let pathsNode = body.mapping != nil ? (check(["paths"]) ? fields["paths"] : nil) : body
            guard let pathsNode, let paths = strings(pathsNode, what: "parameter paths"), !paths.isEmpty else {
                error(body, .missingField, "`refresh` needs `paths` (parameters, or objects ending in `.`)")
                return nil
            }
            for path in paths
            where
                !(path.hasPrefix("Device.") || path.hasPrefix("InternetGatewayDevice.")
                || path.hasPrefix("VirtualParameters."))
            {
                error(
                    pathsNode,
                    .badPath,
                    "\"\(DisplayText.value(path))\" does not start at Device., InternetGatewayDevice. or VirtualParameters."
                )
            }
            return .refresh(paths: paths, location: at)
        case "enroll":
            let c = body.mapping != nil ? (check(["campaign"]) ? fields["campaign"] : nil) : body
            guard let c, let campaign = string(c, what: "a campaign (id or name)"), !campaign.isEmpty else {
                error(body, .missingField, "`enroll` needs `campaign` (an id or a name)")
                return nil
            }
            return .enroll(campaign: campaign, location: at)
        case "hold":
            guard check(["campaign", "for"]), let c = fields["campaign"],
                let campaign = string(c, what: "a campaign (id or name)")
            else {
                error(body, .missingField, "`hold` needs `campaign` and `for` (seconds)")
                return nil
            }
            let seconds = fields["for"].flatMap { int($0, what: "`for` (seconds)", range: 1...31_622_400) } ?? 3600
            return .hold(campaign: campaign, seconds: seconds, location: at)
        case "webhook":
            guard check(Self.webhookKeys) else { return nil }
            return webhook(body, fields, at: at).map { .webhook($0, location: at) }
        default:
            if Self.actionKinds.contains(kind) {
                error(
                    key,
                    .notForTriggers,
                    "`\(kind)` is a preset action; trigger rules take \(Self.triggerActionKinds.joined(separator: ", "))",
                    hint: "to change parameters when an ONU comes up, run a provision: `- provision: {name: …}`"
                )
            } else {
                let suggestion = DidYouMean.suggestion(for: kind, among: Self.triggerActionKinds)
                error(
                    key,
                    .unknownAction,
                    "unknown trigger action \"\(DisplayText.value(kind))\"",
                    hint: suggestion.map { "did you mean \"\($0)\"?" }
                        ?? "trigger actions: \(Self.triggerActionKinds.joined(separator: ", "))"
                )
            }
            return nil
        }
    }

    private mutating func webhook(_ body: Node, _ fields: [String: Node], at: RuleLocation) -> WebhookSpec? {
        guard let u = fields["url"] else {
            error(body, .missingField, "`webhook` needs `url`")
            return nil
        }
        // A url that is there but wrong (a template error) was reported by `value`.
        guard let url = value(u, what: "the URL") else { return nil }
        if case .literal(let start)? = url.parts.first {
            let lower = start.lowercased()
            if !(lower.hasPrefix("http://") || lower.hasPrefix("https://")) {
                error(u, .badValue, "a webhook URL starts with http:// or https://")
            }
        } else {
            error(u, .badValue, "a webhook URL starts with http:// or https:// (not a template)")
        }
        if Self.hasUserInfo(url) {
            // Credentials in the URL would be printed by `events replay --rules`, stored in the
            // outbox and shown in every outcome, like the --acs URLs that are refused for this.
            error(
                u,
                .badValue,
                "the webhook URL carries credentials (user:password@); give the URL without them",
                hint: "send them in a header from a secret: `headers: {Authorization: \"Basic ${secret:NAME}\"}` "
                    + "(or \"Bearer ${secret:NAME}\"); see docs/triggers.md"
            )
        }
        var spec = WebhookSpec(url: url)
        if let m = fields["method"], let method = string(m, what: "the method") {
            if WebhookSpec.methods.contains(method.uppercased()) {
                spec.method = method.uppercased()
            } else {
                error(
                    m,
                    .badValue,
                    "method \"\(DisplayText.value(method))\" is not one of \(WebhookSpec.methods.joined(separator: ", "))"
                )
            }
        }
        if let h = fields["headers"], let entries = mapping(h, what: "`headers` (name: value)") {
            for (k, v) in entries {
                guard let name = k.string, let value = value(v, what: "a header value") else { continue }
                if name.isEmpty || name.contains(where: { $0 == ":" || $0 == " " || $0.isNewline }) {
                    error(k, .badValue, "\"\(DisplayText.value(name))\" is not a header name")
                    continue
                }
                spec.headers.append(WebhookSpec.Header(name: name, value: value))
            }
        }
        if let b = fields["body"] { spec.body = value(b, what: "the body (text; use a YAML block for JSON)") }
        // A webhook's retries hold its receiver's lane (later webhooks to it wait, docs/triggers.md):
        // bounded, so one receiver that never answers is given up on within minutes.
        if let r = fields["retries"], let n = int(r, what: "`retries`", range: 0...WebhookSpec.maxRetries) {
            spec.retries = n
        }
        if let b = fields["backoff"],
            let n = int(b, what: "`backoff` (seconds)", range: 0...WebhookSpec.maxBackoffSeconds)
        {
            spec.backoffSeconds = n
        }
        if let t = fields["timeout"], let n = int(t, what: "`timeout` (seconds)", range: 1...300) {
            spec.timeoutSeconds = n
        }
        if spec.worstCaseSeconds > WebhookSpec.maxWorstCaseSeconds {
            error(
                body,
                .outOfRange,
                "this webhook may take \(spec.worstCaseSeconds) s before it is given up (timeout \(spec.timeoutSeconds) s × "
                    + "\(spec.retries + 1) attempts + backoff \(spec.backoffSeconds) s doubling over \(spec.retries) "
                    + "retries); at most \(WebhookSpec.maxWorstCaseSeconds) s, as later webhooks to the receiver wait for it",
                hint: "lower `retries`, `backoff` or `timeout`"
            )
        }
        for part in spec.values.flatMap(\.parts) {
            if case .device(let field) = part {
                error(
                    body,
                    .badTemplate,
                    "`${device.\(field)}` is read on the CPE by provisions; a webhook sees the event: use ${event.FIELD}"
                )
            }
        }
        return spec
    }
}

extension RuleReader {
    /// Whether `url`'s authority (between `://` and the first `/`, `?` or `#`) holds an `@`:
    /// user info, literal or from a template.
    static func hasUserInfo(_ url: RuleValue) -> Bool {
        var text = ""
        for part in url.parts {
            if case .literal(let literal) = part { text += literal } else { text += "x" }
        }
        guard let scheme = text.firstRange(of: "://") else { return false }
        let authority = text[scheme.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return authority.contains("@")
    }
}

extension WebhookSpec {
    var values: [RuleValue] { [url] + headers.map(\.value) + (body.map { [$0] } ?? []) }
}

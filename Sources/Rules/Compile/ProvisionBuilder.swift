import FerruleCore

/// Writes a rule's provision script: idempotent `declare()` calls that follow GenieACS's sandbox
/// rules (lib/sandbox.ts at v1.2.16: re-run per revision, 50 ms timeout at :375, declare in try/catch refused at :270): deterministic, no `try`/`catch` around `declare`, only the
/// sandbox `Date`, periodic work spread with `Date.now(interval)`.
///
/// Secrets never appear in the script: each becomes an argument (`args[n]`) that `deploy` fills in
/// the preset at upload time.
struct ProvisionBuilder {
    private(set) var lines: [String] = []
    /// Secret names in argument order.
    private(set) var secretArgs: [String] = []
    private var needsDeviceValue = false
    private var needsRoot = false
    private var needsVersion = false
    private var needsHasValue = false
    private var needsLinked = false
    private var needsAliasValue = false
    /// Bindings holding a path string (an object found by a reference, ``Lookup/Target/pathOf(_:)``)
    /// rather than declare()'s result.
    private var pathBindings: Set<Binding> = []
    private var body: [String] = []
    private var indent = 0
    /// Objects whose alias path is written out in each declaration, while their body renders.
    private var spelledOut: [Binding: String] = [:]

    /// Builds the script body for `rule` (variables already substituted).
    static func script(for rule: Rule) -> (text: String, secrets: [String]) {
        var b = ProvisionBuilder()
        b.build(ActionLowering.lower(rule))
        return (b.render(), b.secretArgs)
    }

    private mutating func emit(_ line: String) { body.append(String(repeating: "  ", count: indent) + line) }

    /// The lines `inside` emits, one level deeper.
    private mutating func indented(_ inside: (inout Self) -> Void) {
        indent += 1
        inside(&self)
        indent -= 1
    }

    /// `{`, the lines `inside` emits one level deeper, `}`: a JavaScript block scoping its constants;
    /// `if (test) {` when it runs only under a condition.
    private mutating func block(if test: String? = nil, _ inside: (inout Self) -> Void) {
        emit(test.map { "if (\($0)) {" } ?? "{")
        indented(inside)
        emit("}")
    }

    /// `if (test) {…} else if (test) {…} else {…}`, each arm's steps one level deeper.
    private mutating func branches(_ arms: [(test: String, steps: [ProvisionStep])], otherwise: [ProvisionStep]? = nil)
    {
        for (i, arm) in arms.enumerated() {
            emit((i == 0 ? "" : "} else ") + "if (\(arm.test)) {")
            indented { $0.render(arm.steps) }
        }
        if let otherwise {
            emit("} else {")
            indented { $0.render(otherwise) }
        }
        emit("}")
    }

    private mutating func build(_ provision: LoweredProvision) {
        needsRoot = provision.usesRoot
        if !provision.versionGate.isEmpty {
            needsDeviceValue = true
            needsVersion = true
            let checks = provision.versionGate.map { c -> String in
                let op: String =
                    switch c.op {
                    case .eq: "=== 0"
                    case .ne: "!== 0"
                    case .lt: "< 0"
                    case .lte: "<= 0"
                    case .gt: "> 0"
                    case .gte: ">= 0"
                    }
                return "compareVersions(softwareVersion, \(CanonicalJSON.quote(c.version))) \(op)"
            }
            emit("// Version-aware: GenieACS itself would compare versions as strings.")
            emit("const softwareVersion = deviceValue(root + \".DeviceInfo.SoftwareVersion\");")
            emit("if (softwareVersion === undefined || !(\(checks.joined(separator: " && ")))) return;")
        }
        render(provision.steps)
    }

    // MARK: - Values

    /// A JavaScript expression for a rule value.
    private mutating func js(_ value: RuleValue) -> String {
        if value.kind != .string, let literal = value.literal { return literal }
        if value.parts.isEmpty { return "\"\"" }
        let parts = value.parts.map { js($0) }
        return parts.count == 1 ? parts[0] : parts.joined(separator: " + ")
    }

    private mutating func js(_ part: RuleValue.Part) -> String {
        switch part {
        case .literal(let s): return CanonicalJSON.quote(s)
        case .integer(let n): return String(n)
        case .variable(let name): return CanonicalJSON.quote("${\(name)}")  // unresolved: the compiler reports it
        case .secret(let name):
            if let i = secretArgs.firstIndex(of: name) { return "args[\(i)]" }
            secretArgs.append(name)
            return "args[\(secretArgs.count - 1)]"
        case .device(let field):
            needsDeviceValue = true
            let path =
                switch field {
                case "id": "DeviceID.ID"
                case "serialNumber": "DeviceID.SerialNumber"
                case "oui": "DeviceID.OUI"
                case "productClass": "DeviceID.ProductClass"
                default: "DeviceID.Manufacturer"
                }
            return "String(deviceValue(\(CanonicalJSON.quote(path))))"
        case .parameter(let path):
            needsDeviceValue = true
            return "String(deviceValue(\(CanonicalJSON.quote(path))))"
        case .function(let name, let args):
            let a = args.map { js($0) }
            switch name {
            // Counted in Unicode code points (Array.from iterates a string by code point), as the
            // evaluator counts them: a surrogate pair is never split.
            case "left": return "Array.from(String(\(a[0]))).slice(0, \(a[1])).join(\"\")"
            case "right":
                // slice(-0) is slice(0), the whole text; right(x, 0) is "" as the evaluator has it.
                // The reader allows only a whole-number literal as the count.
                if case .integer(0) = args[1] { return "\"\"" }
                return "Array.from(String(\(a[0]))).slice(-(\(a[1]))).join(\"\")"
            case "upper": return "String(\(a[0])).toUpperCase()"
            default: return "String(\(a[0])).toLowerCase()"
            }
        }
    }

    /// `[value, "xsd:type"]`, `[value]` when the type is left to the device, or the bare value.
    private mutating func typed(_ value: LoweredValue, _ type: LoweredType) -> String {
        var v = js(value)
        // A literal written as text (often from a variable) is given the JS form of its type.
        if case .template(let rule) = value, let literal = rule.literal, let name = type.name {
            switch name {
            case "xsd:int", "xsd:unsignedInt", "xsd:long", "xsd:unsignedLong":
                if Int(literal) != nil { v = literal }
            case "xsd:boolean":
                if literal == "true" || literal == "false" { v = literal }
            default: break
            }
        }
        switch type {
        case .xsd(let name): return "[\(v), \(CanonicalJSON.quote(name))]"
        case .device: return "[\(v)]"
        case .bare: return v
        }
    }

    /// A JavaScript expression for a lowered value.
    private mutating func js(_ value: LoweredValue) -> String {
        switch value {
        case .template(let rule): return js(rule)
        case .list(let values, let separator):
            let list = values.map { js($0) }.joined(separator: " + \(CanonicalJSON.quote(separator)) + ")
            return list.isEmpty ? "\"\"" : list
        case .text(let text): return CanonicalJSON.quote(text)
        case .boolean(let b): return b ? "true" : "false"
        case .fixedTime(let milliseconds): return String(milliseconds)
        case .spreadTime(let milliseconds): return "Date.now(\(milliseconds))"
        case .chosen: return Binding.mode.rawValue
        }
    }

    /// `[Key:"value",…]` as a JavaScript string expression: values are JSON-quoted
    /// (lib/common/path.ts parses quoted alias values as JSON); per-device values are concatenated
    /// at run time.
    private mutating func aliasFilter(_ keys: [(String, LoweredValue)]) -> String {
        let terms = keys.map { key, value -> String in
            if let text = Self.fixedText(value) { return CanonicalJSON.quote("\(key):" + Self.aliasValue(text)) }
            // Computed on the device, which may end it in a backslash too (a serial number): the
            // script's aliasValue() writes that one `\u005c`, as aliasValue(_:) does here.
            needsAliasValue = true
            return CanonicalJSON.quote("\(key):") + " + aliasValue(\(js(value)))"
        }
        return terms.joined(separator: " + \",\" + ")
    }

    /// An alias value as GenieACS reads it back: JSON text, except that a final backslash is
    /// written `\u005c`. lib/common/path.ts:49-57 at v1.2.16 (parseAliasValue) ends a quoted value
    /// at the first `"` not preceded by a backslash, so `"share\\"` (the value `share\`) would run on
    /// past its closing quote and the path would not parse; `"share\u005c"` is the same value.
    static func aliasValue(_ text: String) -> String {
        let quoted = CanonicalJSON.quote(text)
        guard text.hasSuffix("\\") else { return quoted }
        return String(quoted.dropLast(3)) + "\\u005c\""
    }

    /// The text of a value known at compile time.
    static func fixedText(_ value: LoweredValue) -> String? {
        switch value {
        case .text(let text): text
        case .template(let rule): rule.literal
        default: nil
        }
    }

    /// `hasValue("P") && …` for the `${param:P}` paths a step reads: the step is made only when the
    /// device has a value for each (a missing one would be pushed as the text "undefined"). Nil when
    /// the step reads none.
    private mutating func presence(_ paths: [String]) -> String? {
        guard !paths.isEmpty else { return nil }
        needsHasValue = true
        return paths.map { "hasValue(\(CanonicalJSON.quote($0)))" }.joined(separator: " && ")
    }

    /// `statement`, under `if (hasValue(…))` when it reads parameters.
    private mutating func emit(_ statement: String, reading paths: [String]) {
        emit(presence(paths).map { "if (\($0)) " + statement } ?? statement)
    }

    /// A path as a JavaScript string expression.
    private func path(_ path: LoweredPath) -> String {
        switch path {
        case .absolute(let p): return CanonicalJSON.quote(p)
        case .underRoot(let leaf): return "root + " + CanonicalJSON.quote("." + leaf)
        case .under(let binding, let leaf):
            if let spelled = spelledOut[binding] { return CanonicalJSON.quote(spelled + "." + leaf) }
            let object =
                binding == .instance || pathBindings.contains(binding) ? binding.rawValue : binding.rawValue + ".path"
            return object + " + " + CanonicalJSON.quote("." + leaf)
        }
    }

    // MARK: - Steps

    private mutating func render(_ steps: [ProvisionStep]) { for step in steps { render(step) } }

    private mutating func declaration(_ d: LoweredDeclaration) -> String {
        "declare(\(path(d.path)), \(d.fetchesValue ? "{value: 1}" : "null"), {value: \(typed(d.value, d.type))});"
    }

    /// GenieACS's default `MAX_DEPTH` (lib/config.ts:73 at v1.2.16): how deep its refresh declares.
    static let maxDepth = 16

    private mutating func render(_ step: ProvisionStep) {
        switch step {
        case .declare(let d):
            emit(declaration(d), reading: d.value.parameterPaths)
        case .refresh(let path, let every):
            let interval = "Date.now(\(every * 1000))"
            if path.hasSuffix(".") {
                // Like GenieACS's built-in refresh: every level below, down to MAX_DEPTH (16) segments
                // (lib/default-provisions.ts:42-60, lib/config.ts:73 at v1.2.16).
                let depth = path.split(separator: ".").count + 1
                if depth <= Self.maxDepth {
                    emit(
                        "// Every level below, to GenieACS's MAX_DEPTH (\(Self.maxDepth) segments), as its refresh provision."
                    )
                    emit(
                        "for (let depth = \(depth), p = \(CanonicalJSON.quote(path + "*")); depth <= \(Self.maxDepth); depth++, p += \".*\") declare(p, {path: \(interval), value: \(interval)});"
                    )
                }
            } else {
                emit("declare(\(CanonicalJSON.quote(path)), {value: \(interval)});")
            }
        case .ensureInstance(let ensure):
            if ensure.spelledOut {
                let alias =
                    ensure.table + "["
                    + ensure.keys.map { key, value in
                        "\(key):" + Self.aliasValue(Self.fixedText(value) ?? "")
                    }.joined(separator: ",") + "]"
                emit("declare(\(CanonicalJSON.quote(alias)), {path: 1}, {path: 1});")
                spelledOut[.instance] = alias
                for d in ensure.body { emit(declaration(d), reading: d.value.parameterPaths) }
                spelledOut[.instance] = nil
            } else {
                let filter = aliasFilter(ensure.keys)
                block(if: presence(LoweredValue.parameterPaths(ensure.keys.map(\.1)))) {
                    $0.emit("const instance = \(CanonicalJSON.quote(ensure.table)) + \"[\" + \(filter) + \"]\";")
                    $0.emit("declare(instance, {path: 1}, {path: 1});")
                    for d in ensure.body { $0.emit($0.declaration(d), reading: d.value.parameterPaths) }
                }
            }
        case .deleteInstances(let table, let keys):
            let filter = aliasFilter(keys)
            emit(
                "declare(\(CanonicalJSON.quote(table)) + \"[\" + \(filter) + \"]\", {path: 1}, {path: 0});",
                reading: LoweredValue.parameterPaths(keys.map(\.1))
            )
        case .byRoot(let tr181, let tr098):
            branches([("root === \"Device\"", tr181)], otherwise: tr098)
        case .ifObjectExists(let object, let then, let otherwise):
            let path = object.hasSuffix(".") ? String(object.dropLast()) : object
            branches([("declare(\(CanonicalJSON.quote(path)), {path: 1}).size", then)], otherwise: otherwise)
        case .forRoot(let root, let steps):
            branches([("root === \(CanonicalJSON.quote(root.rawValue))", steps)])
        case .lookup(let lookup, let body):
            // A lookup at the top: its body in `if (x.size)`; lookups nested in it are hoisted as
            // constants and their declarations guarded line by line.
            block {
                $0.emit("const \(lookup.binding.rawValue) = \($0.lookupCall(lookup));")
                $0.emit("if (\($0.found(lookup.binding))) {")
                $0.indented {
                    $0.hoist(body)
                    $0.renderGuarded(body, guardedBy: nil)
                }
                $0.emit("}")
            }
        case .choose(let value, let cases, let otherwise):
            block(if: presence(value.parameterPaths)) {
                $0.emit("const \(Binding.mode.rawValue) = \($0.js(value));")
                let arms = cases.map { text, steps in
                    ("\(Binding.mode.rawValue) === \(CanonicalJSON.quote(text))", steps)
                }
                $0.branches(arms, otherwise: otherwise)
            }
        case .log(let parts):
            emit("log(\(parts.map { js($0) }.joined(separator: " + ")));", reading: LoweredValue.parameterPaths(parts))
        case .script(let text):
            emit("{")
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                body.append(line.isEmpty ? "" : "  " + line)
            }
            emit("}")
        case .provisionCall:
            break  // a separate configuration of the preset
        }
    }

    private mutating func lookupCall(_ lookup: Lookup) -> String {
        let attributes = lookup.fetchesValue ? "{path: 1, value: 1}" : "{path: 1}"
        switch lookup.equals {
        case .text(let text):
            let alias = lookup.table + "[" + lookup.key + ":" + Self.aliasValue(text) + "]"
            return "declare(\(CanonicalJSON.quote(alias)), \(attributes))"
        case .pathOf(let binding):
            needsLinked = true
            pathBindings.insert(lookup.binding)
            let target = pathBindings.contains(binding) ? binding.rawValue : binding.rawValue + ".path"
            return "linked(\(CanonicalJSON.quote(lookup.table)), \(CanonicalJSON.quote(lookup.key)), \(target))"
        }
    }

    /// The test that a lookup found its object: declare()'s `size`, or a path string.
    private func found(_ binding: Binding) -> String {
        pathBindings.contains(binding) ? binding.rawValue : binding.rawValue + ".size"
    }

    /// Constants for the lookups nested in a lookup's body, depth first: each may be `undefined`
    /// when its parent was not found.
    private mutating func hoist(_ steps: [ProvisionStep], parent: Binding? = nil) {
        for case .lookup(let lookup, let body) in steps {
            let call = lookupCall(lookup)
            if let parent {
                emit("const \(lookup.binding.rawValue) = \(found(parent)) ? \(call) : undefined;")
            } else {
                emit("const \(lookup.binding.rawValue) = \(call);")
            }
            hoist(body, parent: lookup.binding)
        }
    }

    /// A lookup body's declarations in order, each guarded by the lookup that binds it.
    private mutating func renderGuarded(
        _ steps: [ProvisionStep],
        guardedBy binding: Binding?,
        mayBeUndefined: Bool = false
    ) {
        for step in steps {
            switch step {
            case .lookup(let lookup, let body):
                renderGuarded(body, guardedBy: lookup.binding, mayBeUndefined: binding != nil)
            case .declare(let d):
                guard let binding else {
                    emit(declaration(d))
                    continue
                }
                let name = binding.rawValue
                let test =
                    pathBindings.contains(binding) || !mayBeUndefined ? found(binding) : "\(name) && \(name).size"
                let reads = presence(d.value.parameterPaths).map { " && " + $0 } ?? ""
                emit("if (\(test)\(reads)) " + declaration(d))
            default:
                render(step)
            }
        }
    }

    // MARK: - Output

    private func render() -> String {
        var out: [String] = []
        if needsDeviceValue || needsRoot {
            out.append("function deviceValue(path) {")
            out.append("  const found = declare(path, {value: 1});")
            out.append("  return found.size ? found.value[0] : undefined;")
            out.append("}")
        }
        if needsHasValue {
            // A parameter the device lacks has no size; an object has no value attribute
            // (lib/sandbox.ts:131,138 at v1.2.16 return undefined for both).
            out.append("function hasValue(path) {")
            out.append("  const found = declare(path, {value: 1});")
            out.append("  return found.size > 0 && found.value != null;")
            out.append("}")
        }
        if needsAliasValue {
            // lib/common/path.ts:49-57 at v1.2.16 ends a quoted alias value at the first `"` not
            // after a backslash: a value ending in `\` (JSON `…\\"`) has that backslash written `\u005c`.
            out.append("function aliasValue(value) {")
            out.append("  const json = JSON.stringify(String(value));")
            out.append("  return json.endsWith(\"\\\\\\\\\\\"\") ? json.slice(0, -3) + \"\\\\u005c\\\"\" : json;")
            out.append("}")
        }
        if needsLinked {
            // TR-181 links objects by path: LowerLayers is a comma-separated list of them, and a CPE
            // may write each with or without its trailing dot (`Device.WiFi.Radio.1.`); an alias
            // filter compares the text exactly, so the references are compared here.
            out.append("function linked(table, key, target) {")
            out.append("  for (const p of declare(table + \"*.\" + key, {value: 1})) {")
            out.append("    const refs = p.value ? String(p.value[0]).split(\",\") : [];")
            out.append(
                "    if (refs.some((r) => r.trim().replace(/\\.$/, \"\") === target)) return p.path.slice(0, -(key.length + 1));"
            )
            out.append("  }")
            out.append("  return undefined;")
            out.append("}")
        }
        if needsRoot {
            out.append(
                "const root = declare(\"Device.DeviceInfo.SoftwareVersion\", {value: 1}).size ? \"Device\" : \"InternetGatewayDevice\";"
            )
        }
        if needsVersion { out += VersionScript.compareFunction }
        return (out + body).joined(separator: "\n") + "\n"
    }
}

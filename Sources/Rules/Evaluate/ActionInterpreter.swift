import CWMP
import FerruleCore
import Foundation

/// Interprets a rule's actions the way its compiled provision declares them.
struct ActionInterpreter {
    let rule: String
    let state: DeviceState
    let root: String
    let secrets: [String: String]
    let instances: InstanceLookup
    var declarations: [Declaration] = []
    var notEvaluated: [String] = []
    /// `log()` lines the provision writes, once per run.
    var logs: [String] = []
    /// Steps not made because a `${param:…}` they read has no value on this device.
    var skipped: [SkippedStep] = []
    /// Bound objects (`Device.WiFi.Radio.1`, `Device.Time.Client.2`), without the trailing dot.
    private var bindings: [Binding: String] = [:]

    init(rule: String, state: DeviceState, root: String, secrets: [String: String], instances: InstanceLookup) {
        self.rule = rule
        self.instances = instances
        self.state = state
        self.root = root
        self.secrets = secrets
    }

    private mutating func declare(_ path: String, literal: String, _ type: String?) {
        declarations.append(Declaration(path: path, value: literal, parts: [.literal(literal)], type: type, rule: rule))
    }

    // MARK: - Values

    func text(_ value: RuleValue) -> String { Self.display(evaluated(value)) }

    /// A rule value evaluated on this device: literal text, with each secret not given kept as a
    /// typed ``TemplatePart/secret(_:)``.
    func evaluated(_ value: RuleValue) -> [TemplatePart] { value.parts.map(evaluated).joiningLiterals }

    /// One part evaluated: a literal, an unresolved secret, or a function applied to one.
    func evaluated(_ part: RuleValue.Part) -> TemplatePart {
        switch part {
        case .literal(let s): .literal(s)
        case .integer(let n): .literal(String(n))
        case .variable(let name): .literal("${\(name)}")
        case .secret(let name): secrets[name].map { .literal($0) } ?? .secret(name)
        case .device(let field): .literal(deviceField(field))
        case .parameter(let path): .literal(parameterValue(path) ?? "undefined")
        case .function(let name, let args):
            Self.apply(name, args.map(evaluated))
        }
    }

    /// `left`, `right`, `upper` or `lower` on evaluated arguments: literal when every argument is,
    /// else the call kept with its arguments (it applies to a secret that was not given).
    static func apply(_ name: String, _ args: [TemplatePart]) -> TemplatePart {
        let texts = args.compactMap { arg -> String? in
            if case .literal(let text) = arg { return text }
            return nil
        }
        guard texts.count == args.count else { return .function(name, args) }
        return .literal(call(name, texts))
    }

    private static func call(_ name: String, _ args: [String]) -> String {
        switch name {
        // Unicode code points, as the provision's Array.from counts them (not Characters: "é" written
        // as e + U+0301 is two, an emoji one).
        case "left": String(args[0].unicodeScalars.prefix(max(Int(args[1]) ?? 0, 0)))
        case "right": String(args[0].unicodeScalars.suffix(max(Int(args[1]) ?? 0, 0)))
        case "upper": args[0].uppercased()
        default: args[0].lowercased()
        }
    }

    /// The text `ferrule test` and `explain` show: an unresolved secret is `<secret:NAME>` (a
    /// function applies to that marker, as the display always did).
    static func display(_ parts: [TemplatePart]) -> String { parts.map(display).joined() }

    private static func display(_ part: TemplatePart) -> String {
        switch part {
        case .literal(let text): text
        case .secret(let name): "<secret:\(name)>"
        case .function(let name, let args): call(name, args.map(display))
        case .integer(let n): String(n)
        case .variable(let name): "${\(name)}"
        case .device(let field): "${device.\(field)}"
        case .parameter(let path): "${param:\(path)}"
        }
    }

    /// A `${param:…}` parameter's value on this device: the tree's, or for `DeviceID.*` the device's
    /// identity, which GenieACS keeps as those parameters (lib/cwmp/db.ts:156,186-234 at v1.2.16)
    /// whether or not a tree file holds them. Nil when it has none.
    func parameterValue(_ path: String) -> String? {
        guard let field = Self.deviceIDFields[path] else {
            guard let entry = state.tree[path], let value = entry.value else { return nil }
            // GenieACS keeps an xsd:dateTime as milliseconds (lib/soap.ts:191-192 at v1.2.16), so
            // the provision's String(v) writes the number, not the time as the device sent it.
            if entry.type == .dateTime, case .number(let ms) = state.value(of: path) {
                return Self.javaScriptNumber(ms)
            }
            return value
        }
        return deviceFieldValue(field)
    }

    /// `DeviceID.*` parameters by the device field each holds.
    private static let deviceIDFields = [
        "DeviceID.ID": "id", "DeviceID.SerialNumber": "serialNumber", "DeviceID.OUI": "oui",
        "DeviceID.ProductClass": "productClass", "DeviceID.Manufacturer": "manufacturer",
    ]

    /// A `${device.…}` field as the provision's `String(deviceValue(…))` gives it.
    func deviceField(_ field: String) -> String { deviceFieldValue(field) ?? "undefined" }

    private func deviceFieldValue(_ field: String) -> String? {
        switch field {
        case "id": state.id
        case "serialNumber": state.serialNumber
        case "oui": state.oui
        case "productClass": state.productClass
        default: state.manufacturer
        }
    }

    // MARK: - Steps

    /// Interprets a lowered provision's steps (the version gate is the evaluator's to check).
    mutating func interpret(_ steps: [ProvisionStep]) { for step in steps { interpret(step) } }

    /// Whether every `${param:…}` path in `paths` has a value on this device, as the provision's
    /// `hasValue()` checks; when one has not, the step is recorded as skipped.
    private mutating func reads(_ paths: [String], for what: @autoclosure () -> String) -> Bool {
        let missing = paths.filter { parameterValue($0) == nil }
        guard !missing.isEmpty else { return true }
        skipped.append(SkippedStep(what: what(), missing: missing))
        return false
    }

    private mutating func interpret(_ step: ProvisionStep) {
        switch step {
        case .declare(let d):
            guard let path = resolve(d.path), reads(d.value.parameterPaths, for: path) else { return }
            if case .fixedTime(let since) = d.value, let reason = notSent(path, since: since) {
                skipped.append(SkippedStep(what: path, missing: [], reason: reason))
                return
            }
            let parts = evaluated(d.value)
            // A wildcard or alias filter sets every instance it matches (nothing when none does).
            for target in expanded(path) ?? [path] {
                if isReadOnly(target) {
                    skipped.append(SkippedStep(what: target, missing: [], reason: Self.readOnly("SetParameterValues")))
                    continue
                }
                declarations.append(
                    Declaration(path: target, value: Self.display(parts), parts: parts, type: d.type.name, rule: rule)
                )
            }
        case .refresh:
            break
        case .ensureInstance(let e):
            guard reads(LoweredValue.parameterPaths(e.keys.map(\.1)), for: "ensure \(e.table)") else { return }
            let keys = e.keys.map { ($0.0, text($0.1)) }
            if instances.tableExists(e.table), instances.matching(e.table, keys).isEmpty, isReadOnly(e.table) {
                skipped.append(SkippedStep(what: "ensure \(e.table)", missing: [], reason: Self.readOnly("AddObject")))
                return
            }
            // A table the tree does not show: the alias path as declared (the tree may be partial).
            let instance = ensure(e.table, keys) ?? Self.aliasPath(e.table, keys) + "."
            bindings[.instance] = String(instance.dropLast())
            interpret(e.body.map(ProvisionStep.declare))
            bindings[.instance] = nil
        case .deleteInstances(let table, let keys):
            guard reads(LoweredValue.parameterPaths(keys.map(\.1)), for: "delete \(table)") else { return }
            deleteInstances(table, keys.map { ($0.0, text($0.1)) }, keeping: 0)
        case .byRoot(let tr181, let tr098):
            interpret(root == DataModelRoot.tr181.rawValue ? tr181 : tr098)
        case .ifObjectExists(let object, let then, let otherwise):
            // The provision's declare(object, {path: 1}).size: whether the tree shows the object.
            interpret(instances.tableExists(object) ? then : otherwise)
        case .forRoot(let only, let steps):
            if root == only.rawValue { interpret(steps) }
        case .lookup(let lookup, let body):
            let found: String?
            switch lookup.equals {
            case .text(let text): found = instance(in: lookup.table, where: lookup.key, equals: text)
            case .pathOf(let binding):
                found = bindings[binding].flatMap {
                    instances.first(in: lookup.table, where: lookup.key, references: $0)
                }
            }
            guard let found else { return }
            bindings[lookup.binding] = found
            interpret(body)
            bindings[lookup.binding] = nil
        case .choose(let value, let cases, let otherwise):
            guard reads(value.parameterPaths, for: "the settings chosen by the value") else { return }
            let chosen = text(value)
            bindings[.mode] = chosen
            interpret(cases.first { $0.0 == chosen }?.1 ?? otherwise)
            bindings[.mode] = nil
        case .log(let parts):
            guard reads(LoweredValue.parameterPaths(parts), for: "log") else { return }
            logs.append(parts.map(text).joined())
        case .script:
            notEvaluated.append("script")
        case .provisionCall(let name):
            notEvaluated.append("provision \(name)")
        }
    }

    /// Why GenieACS does not send the Reboot (FactoryReset) a rule declares at `since`, nil when it
    /// does: only once the session time has reached `since`, and only when the time stored in the
    /// device's `Reboot` (`FactoryReset`), the session time of the ACS's last one, is earlier
    /// (lib/session.ts:1929-1950 at v1.2.16).
    private func notSent(_ path: String, since: Int) -> String? {
        let sinceText = Self.isoTime(Double(since))
        if Double(since) > state.now {
            return "`since` \(sinceText) is after the session time \(Self.isoTime(state.now))"
        }
        guard let done = state.storedTriggerTimes[path], done >= Double(since) else { return nil }
        return
            "the ACS already sent it at \(Self.isoTime(done)) (the device's stored \(path) time), not before `since` \(sinceText)"
    }

    /// Milliseconds since the epoch as `2026-12-01T00:00:00Z`.
    static func isoTime(_ milliseconds: Double) -> String {
        SessionTime.text(milliseconds)
    }

    /// The path a declaration resolves to on this device; nil when its object is not bound.
    private func resolve(_ path: LoweredPath) -> String? {
        switch path {
        case .absolute(let p): p
        case .underRoot(let leaf): root + "." + leaf
        case .under(let binding, let leaf): bindings[binding].map { $0 + "." + leaf }
        }
    }

    /// A lowered value's text, as the provision's `String(v)` gives it.
    func text(_ value: LoweredValue) -> String { Self.display(evaluated(value)) }

    /// A lowered value evaluated on this device, secrets not given kept typed.
    func evaluated(_ value: LoweredValue) -> [TemplatePart] {
        switch value {
        case .template(let rule): evaluated(rule)
        case .list(let values, let separator):
            values.enumerated().flatMap { index, value in
                (index > 0 ? [TemplatePart.literal(separator)] : []) + evaluated(value)
            }
            .joiningLiterals
        case .text(let text): [.literal(text)]
        case .boolean(let b): [.literal(b ? "true" : "false")]
        case .fixedTime(let milliseconds): [.literal(String(milliseconds))]
        case .spreadTime(let milliseconds): [.literal(Self.javaScriptNumber(state.spreadNow(Double(milliseconds))))]
        case .chosen: [.literal(bindings[.mode] ?? "")]
        }
    }

    // MARK: - Instances

    /// `table[Key:"value",…]`, the alias path the provision declares.
    static func aliasPath(_ table: String, _ keys: [(String, String)]) -> String {
        table + "[" + keys.map { "\($0.0):" + ProvisionBuilder.aliasValue($0.1) }.joined(separator: ",") + "]"
    }

    /// `declare(table[keys], {path: 1}, {path: 1})`: the instance (`Device.Time.Client.2.`) whose
    /// keys have these values. When none has, GenieACS adds one (AddObject, then the keys set):
    /// declared as an `<added>` marker and the key values. Instances beyond the first are deleted.
    /// Nil when the tree does not show the table at all (it may be partial).
    private mutating func ensure(_ table: String, _ keys: [(String, String)]) -> String? {
        guard instances.tableExists(table) else { return nil }
        let matching = instances.matching(table, keys)
        if let first = matching.first {
            deleteInstances(table, keys, keeping: 1)
            return table + "\(first)."
        }
        let n = instances.add(to: table, keys)
        let instance = table + "\(n)."
        declarations.append(
            Declaration(
                path: instance,
                value: Declaration.added,
                parts: [.literal(Declaration.added)],
                type: nil,
                rule: rule,
                change: .addObject
            )
        )
        for (key, value) in keys { declare(instance + key, literal: value, nil) }
        return instance
    }

    /// `declare(table[keys], {path: 1}, {path: n})` with more than `n` matches: the instances
    /// after the first `n` (in instance order) are deleted (DeleteObject), declared as `<deleted>`.
    private mutating func deleteInstances(_ table: String, _ keys: [(String, String)], keeping count: Int) {
        guard instances.tableExists(table) else { return }
        for n in instances.matching(table, keys).dropFirst(count) {
            if isReadOnly(table + "\(n).") {
                skipped.append(SkippedStep(what: table + "\(n).", missing: [], reason: Self.readOnly("DeleteObject")))
                continue
            }
            declarations.append(
                Declaration(
                    path: table + "\(n).",
                    value: Declaration.deleted,
                    parts: [.literal(Declaration.deleted)],
                    type: nil,
                    rule: rule,
                    change: .deleteObject
                )
            )
        }
    }

    /// Whether the tree marks `path` (a parameter, or an object ending in `.`) not writable: GenieACS
    /// sends no SetParameterValues, AddObject or DeleteObject for it (`canWrite`, lib/session.ts:1775-1806,
    /// 1839 at v1.2.16). Unknown writability (a tree without it) is not guessed at.
    private func isReadOnly(_ path: String) -> Bool { state.tree[path]?.writable == false }

    private static func readOnly(_ rpc: String) -> String {
        "not writable on this device: GenieACS sends no \(rpc) for it"
    }

    /// `String(n)` in JavaScript for an integral number.
    static func javaScriptNumber(_ n: Double) -> String {
        if n.rounded(.towardZero) == n, abs(n) < 1e21, let i = Int64(exactly: n) { return String(i) }
        return String(n)
    }

    /// The first instance of `table` (`Device.WiFi.Radio.`) whose `key` equals `value`, as a path
    /// without the trailing dot (`Device.WiFi.Radio.1`), like a declare() alias lookup.
    private func instance(in table: String, where key: String, equals value: String) -> String? {
        instances.first(in: table, where: key, equals: value)
    }
}

/// Answers "first instance of a table whose key has a value" for one device, scanning the tree once
/// per (table, key) however many rules ask. Lives for one evaluation; not shared across tasks.
final class InstanceLookup {
    private let tree: ParameterTree
    private var cache: [String: [(instance: Int, value: String?)]] = [:]
    /// Instance numbers by table (`Device.Time.Client.`), ascending; nil: not scanned yet.
    private var numbers: [String: [Int]] = [:]
    private var tablePresent: [String: Bool] = [:]
    /// Instances the rules evaluated so far add, with their alias key values, by table.
    private var added: [String: [(instance: Int, keys: [(String, String)])]] = [:]

    init(_ tree: ParameterTree) { self.tree = tree }

    /// Whether the tree shows `table` (as an object or with something below it). `Downloads.`
    /// always exists: the session creates `Downloads` and its instances itself (lib/session.ts:1321-1360 at v1.2.16).
    func tableExists(_ table: String) -> Bool {
        if table == "Downloads." { return true }
        if let known = tablePresent[table] { return known }
        let present = tree[table] != nil || tree.unorderedEntries.contains { $0.path.hasPrefix(table) }
        tablePresent[table] = present
        return present
    }

    /// The instances of `table` whose keys (relative paths) have these values, ascending, like a
    /// declare() alias filter: values compare after conversion to the parameter's type. Instances
    /// added by earlier rules count, with the key values they were given.
    func matching(_ table: String, _ keys: [(String, String)]) -> [Int] {
        let existing = instanceNumbers(table).filter { n in
            keys.allSatisfy { key, value in Self.aliasEqual(tree[table + "\(n)." + key], value) }
        }
        let new = (added[table] ?? []).filter { instance in
            keys.allSatisfy { key, value in instance.keys.contains { $0.0 == key && $0.1 == value } }
        }
        return existing + new.map(\.instance)
    }

    /// AddObject on `table`: the new instance number, one above the highest there is (or was added).
    func add(to table: String, _ keys: [(String, String)]) -> Int {
        let highest = max(instanceNumbers(table).last ?? 0, added[table]?.last?.instance ?? 0)
        added[table, default: []].append((highest + 1, keys))
        return highest + 1
    }

    private func instanceNumbers(_ table: String) -> [Int] {
        if let known = numbers[table] { return known }
        var found: Set<Int> = []
        for entry in tree.unorderedEntries where entry.path.hasPrefix(table) {
            let rest = entry.path.dropFirst(table.count)
            let segment = rest.prefix { $0 != "." }
            if !segment.isEmpty, segment.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let n = Int(segment) {
                found.insert(n)
            }
        }
        let sorted = found.sorted()
        numbers[table] = sorted
        return sorted
    }

    /// An alias filter's value against a parameter, as GenieACS compares them: both converted to the
    /// parameter's type (sanitizeParameterValue); objects and parameters without a value never match.
    static func aliasEqual(_ entry: ParameterEntry?, _ wanted: String) -> Bool {
        guard let entry, !entry.isObject, let value = entry.value else { return false }
        switch entry.type {
        case .boolean?:
            return sanitizedBoolean(value) == sanitizedBoolean(wanted)
        case .int?, .unsignedInt?:
            return sanitizedInteger(value) == sanitizedInteger(wanted)
        default:
            return value == wanted
        }
    }

    private static func sanitizedBoolean(_ text: String) -> String {
        switch text {
        case "true", "TRUE", "True", "1": "b:true"
        case "false", "FALSE", "False", "0": "b:false"
        default: "s:" + text
        }
    }

    /// JavaScript's parseInt: optional sign and leading digits after leading white space.
    private static func sanitizedInteger(_ text: String) -> String {
        let trimmed = text.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        var digits = ""
        var rest = Substring(trimmed)
        if let sign = rest.first, sign == "-" || sign == "+" {
            if sign == "-" { digits = "-" }
            rest = rest.dropFirst()
        }
        let number = rest.prefix { $0.isASCII && $0.isNumber }
        guard !number.isEmpty, let n = Int(digits + number) else { return "s:" + text }
        return "n:\(n)"
    }

    func first(in table: String, where key: String, equals value: String) -> String? {
        rows(table, key).first { $0.value == value }.map { table + String($0.instance) }
    }

    /// The first instance of `table` whose `key` references the object at `path` (no trailing dot),
    /// as the provision's `linked()` finds it: the value is a comma-separated list of paths (TR-181
    /// `LowerLayers`; `SSIDReference` holds one), each compared with white space around it and one
    /// trailing dot ignored (`Device.WiFi.Radio.1.` is `Device.WiFi.Radio.1`).
    func first(in table: String, where key: String, references path: String) -> String? {
        rows(table, key).first { row in
            guard let value = row.value else { return false }
            return value.split(separator: ",", omittingEmptySubsequences: false).contains { Self.reference($0) == path }
        }
        .map { table + String($0.instance) }
    }

    /// One item of a reference list as the provision's `r.trim().replace(/\.$/, "")` leaves it.
    static func reference(_ item: Substring) -> String {
        var scalars = item.unicodeScalars.drop(while: isJavaScriptSpace)
        while let last = scalars.last, isJavaScriptSpace(last) { scalars = scalars.dropLast() }
        if scalars.last == "." { scalars = scalars.dropLast() }
        return String(Substring(scalars))
    }

    /// What JavaScript's `trim()` removes: WhiteSpace and LineTerminator (ECMA-262 §12.2, §12.3).
    private static func isJavaScriptSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\t", "\u{0B}", "\u{0C}", " ", "\u{A0}", "\u{FEFF}", "\n", "\r", "\u{2028}", "\u{2029}": true
        default: scalar.properties.generalCategory == .spaceSeparator
        }
    }

    /// Each instance of `table` with its `key` value, in instance order; scanned once per (table, key).
    private func rows(_ table: String, _ key: String) -> [(instance: Int, value: String?)] {
        let cacheKey = table + "\u{0}" + key
        let rows: [(instance: Int, value: String?)]
        if let cached = cache[cacheKey] {
            rows = cached
        } else {
            let suffix = "." + key
            var found: [(instance: Int, value: String?)] = []
            for entry in tree.unorderedEntries where entry.path.hasPrefix(table) && entry.path.hasSuffix(suffix) {
                let middle = entry.path.dropFirst(table.count).dropLast(suffix.count)
                if !middle.isEmpty, middle.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let n = Int(middle) {
                    found.append((n, entry.value))
                }
            }
            rows = found.sorted { $0.instance < $1.instance }
            cache[cacheKey] = rows
        }
        return rows
    }
}

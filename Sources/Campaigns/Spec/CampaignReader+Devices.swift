import FerruleCore
import FerruleJSON
import Foundation
import Yams

/// What `devices:` holds: the filter and the expected count.
struct FilterSection {
    var filter: DeviceFilter
    var expectedCount: ExpectedCount?
}

extension CampaignReader {
    /// `devices:` — friendly keys and parameter paths with operators, `query`, `expected_count`,
    /// `tolerance`, `all`.
    mutating func filterSection(_ node: Node) -> FilterSection? {
        guard let pairs = mapping(node, what: "`devices` (the device filter)") else { return nil }
        let errorsBefore = errorCount
        var conditions: [FilterCondition] = []
        var raw: JSONValue?
        var count: (Int, Node)?
        var tolerance: (devices: Int, fraction: Double, node: Node)?
        var all: (Bool, Node)?
        var seenSettings: Set<String> = []
        for (key, value) in pairs {
            guard key.scalar != nil, let name = key.string else {
                error(key, .wrongType, "a key of `devices` must be a field name")
                continue
            }
            if let setting = CampaignKeys.filterSettings.canonical(name) {
                guard seenSettings.insert(setting).inserted else {
                    error(key, .duplicateKey, "`\(setting)` is given twice", hint: "keep one of them")
                    continue
                }
                switch setting {
                case "query":
                    raw = rawQuery(value)
                case "expected_count":
                    if let n = int(value, what: "`expected_count`", range: 1...100_000_000) { count = (n, value) }
                case "tolerance":
                    if let t = self.tolerance(value) { tolerance = (t.devices, t.fraction, key) }
                case "all":
                    if let b = bool(value, what: "`all`") {
                        if !b {
                            error(
                                value,
                                .badValue,
                                "`all: false` means nothing",
                                hint: "remove it and give conditions, or write `all: true` to target every device"
                            )
                        }
                        all = (b, key)
                    }
                default:
                    break
                }
                continue
            }
            guard let field = filterField(name, key: key) else { continue }
            conditions += self.conditions(field, value)
        }
        if let tolerance, count == nil {
            error(
                tolerance.node,
                .toleranceWithoutCount,
                "`tolerance` applies to `expected_count`, which is missing",
                hint: "add `expected_count: N` (the number of devices you expect), or remove `tolerance`"
            )
        }
        if let all, all.0, !conditions.isEmpty || raw != nil {
            error(
                all.1,
                .conflictingFilter,
                "`all: true` cannot be combined with conditions",
                hint: "remove `all: true` to target only the devices the conditions select"
            )
        }
        if conditions.isEmpty && raw == nil && all == nil && errorCount == errorsBefore {
            error(
                node,
                .emptyFilter,
                "`devices` selects nothing in particular, which would target every device",
                hint: "add conditions (`manufacturer: Huawei`), or write `all: true` to mean the whole fleet"
            )
        }
        guard errorCount == errorsBefore else { return nil }
        let expected = count.map {
            ExpectedCount(
                count: $0.0,
                toleranceDevices: tolerance?.devices ?? 0,
                toleranceFraction: tolerance?.fraction ?? 0
            )
        }
        return FilterSection(filter: DeviceFilter(conditions: conditions, raw: raw), expectedCount: expected)
    }

    /// `tolerance: 50` (devices) or `tolerance: "2%"`.
    private mutating func tolerance(_ node: Node) -> (devices: Int, fraction: Double)? {
        if isPlain(node), let n = node.int {
            guard (0...100_000_000).contains(n) else {
                error(node, .outOfRange, "`tolerance` must be between 0 and 100000000 devices, not \(n)")
                return nil
            }
            return (n, 0)
        }
        if let text = node.scalar?.string, text.hasSuffix("%") {
            guard let fraction = percent(node, what: "`tolerance`") else { return nil }
            return (0, fraction)
        }
        error(
            node,
            .wrongType,
            "expected `tolerance` as a number of devices (`50`) or a percentage (`\"2%\"`)"
        )
        return nil
    }

    // MARK: - Fields

    /// The field a `devices:` key names: a friendly key, a GenieACS name, or a parameter path.
    private mutating func filterField(_ name: String, key: Node) -> FilterField? {
        if let field = FilterField.named(name) { return field }
        if name.hasPrefix("_") {
            error(
                key,
                .unknownField,
                "\"\(name)\" is not a field `devices` knows",
                hint: "write other GenieACS fields in `query:` (a raw GenieACS query), e.g. `query: {\"\(name)\": …}`"
            )
            return nil
        }
        if name.hasPrefix("$") {
            error(
                key,
                .unknownField,
                "`\(name)` cannot stand among the fields of `devices` (all conditions are ANDed)",
                hint: "write `$or` and other logic in `query:` (a raw GenieACS query)"
            )
            return nil
        }
        guard name.contains(".") else {
            let candidates = FilterField.documentedKeys + CampaignKeys.filterSettings.names
            error(
                key,
                .unknownField,
                "unknown field \"\(name)\" in `devices`",
                hint: DidYouMean.suggestion(forPrefix: name, among: candidates).map { "did you mean \"\($0)\"?" }
                    ?? "fields: \(FilterField.documentedKeys.joined(separator: ", ")), or a parameter path (Device.…)"
            )
            return nil
        }
        return parameterPath(name, key: key).map { .parameter($0) }
    }

    /// A data-model parameter path as GenieACS stores it (`Device.WiFi.Radio.1.Channel`).
    private mutating func parameterPath(_ path: String, key: Node) -> String? {
        let segments = path.split(separator: ".", omittingEmptySubsequences: false)
        let root = segments.first.map(String.init) ?? ""
        let special: [String: String] = [
            "Tags":
                "tags are `_tags` in the device document: write `tags: \(segments.dropFirst().joined(separator: "."))`",
            "DeviceID": "write `manufacturer`, `oui`, `model` or `serial`",
            "Events":
                "events are not stored in the device document; use `last_inform` or a raw `query:` on `_lastInform`",
        ]
        if let hint = special[root] {
            error(key, .badPath, "\"\(path)\" is a GenieACS expression name, not a device field", hint: hint)
            return nil
        }
        let roots = ["Device", "InternetGatewayDevice", "VirtualParameters"]
        guard roots.contains(root) else {
            error(
                key,
                .badPath,
                "\"\(path)\" does not start with a data-model root",
                hint: DidYouMean.suggestion(forPrefix: root, among: roots).map { "did you mean \"\($0)\"?" }
                    ?? "parameter paths start with Device., InternetGatewayDevice. or VirtualParameters."
            )
            return nil
        }
        let valid =
            segments.count >= 2
            && segments.allSatisfy { segment in
                !segment.isEmpty && segment.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
            }
        guard valid else {
            error(
                key,
                .badPath,
                "\"\(path)\" is not a parameter path",
                hint:
                    "write one parameter, with instance numbers and no wildcards or trailing dot (Device.WiFi.Radio.1.Channel)"
            )
            return nil
        }
        return path
    }

    // MARK: - Conditions

    /// `field: scalar` (`$eq`, for tags "has") or `field: {$op: value, …}`.
    private mutating func conditions(_ field: FilterField, _ node: Node) -> [FilterCondition] {
        if node.scalar != nil {
            guard field.operators.contains("$eq") else {
                error(
                    node,
                    .badOperator,
                    "`\(field.name)` needs an operator",
                    hint: "write e.g. `\(field.name): {$lt: …}`; it takes \(field.operators.joined(separator: ", "))"
                )
                return []
            }
            return value(field, node, operatorName: "$eq").map { [FilterCondition(field, .eq($0))] } ?? []
        }
        if node.sequence != nil {
            let hint =
                field == .tags
                ? "write `{$all: […]}` for all of these tags, `{$in: […]}` for any of them"
                : "write `{$in: […]}` for any of these values"
            error(node, .wrongType, "a list is ambiguous for `\(field.name)`", hint: hint)
            return []
        }
        guard let pairs = node.mapping, !pairs.isEmpty else {
            error(node, .wrongType, "expected a value or `{$operator: value}` for `\(field.name)`")
            return []
        }
        var out: [FilterCondition] = []
        for (key, value) in pairs {
            let name = key.string ?? ""
            guard FilterOperator.names.contains(name) else {
                let hint: String
                if FilterOperator.names.contains("$" + name) {
                    hint = "operators start with `$`: write `$\(name)`"
                } else if let suggestion = DidYouMean.suggestion(forPrefix: name, among: FilterOperator.names) {
                    hint = "did you mean \"\(suggestion)\"?"
                } else {
                    hint = "operators: \(FilterOperator.names.joined(separator: " "))"
                }
                error(key, .unknownOperator, "unknown operator \"\(name)\" for `\(field.name)`", hint: hint)
                continue
            }
            guard field.operators.contains(name) else {
                error(
                    key,
                    .badOperator,
                    "`\(name)` does not apply to `\(field.name)`",
                    hint: "`\(field.name)` takes \(field.operators.joined(separator: ", "))"
                )
                continue
            }
            if let op = filterOperator(name, field, value) { out.append(FilterCondition(field, op)) }
        }
        return out
    }

    private mutating func filterOperator(_ name: String, _ field: FilterField, _ node: Node) -> FilterOperator? {
        switch name {
        case "$in", "$nin", "$all":
            guard let items = sequence(node, what: "`\(name)` (a list of values)") else { return nil }
            guard !items.isEmpty else {
                error(node, .badValue, "`\(name)` needs at least one value")
                return nil
            }
            let values = items.compactMap { value(field, $0, operatorName: name) }
            guard values.count == items.count else { return nil }
            return name == "$in" ? .in(values) : name == "$nin" ? .nin(values) : .all(values)
        case "$exists":
            return bool(node, what: "`$exists`").map { .exists($0) }
        case "$regex":
            guard let pattern = string(node, what: "a regular expression") else { return nil }
            guard (try? NSRegularExpression(pattern: pattern)) != nil else {
                error(
                    node,
                    .badRegex,
                    "\"\(pattern)\" is not a valid regular expression",
                    hint: "GenieACS (MongoDB) and Ferrule both evaluate it; keep to common syntax (^ $ . * + ? [] () |)"
                )
                return nil
            }
            return .regex(pattern)
        default:
            guard let v = value(field, node, operatorName: name) else { return nil }
            switch name {
            case "$eq": return .eq(v)
            case "$ne": return .ne(v)
            case "$lt": return .lt(v)
            case "$lte": return .lte(v)
            case "$gt": return .gt(v)
            default: return .gte(v)
            }
        }
    }

    /// One filter value, as the field compares it.
    private mutating func value(_ field: FilterField, _ node: Node, operatorName: String) -> JSONValue? {
        guard let scalar = node.scalar else {
            error(node, .wrongType, "expected a single value for `\(field.name)` `\(operatorName)`")
            return nil
        }
        if isPlain(node), node.null != nil {
            error(
                node,
                .badValue,
                "`\(field.name)` cannot be compared with null",
                hint: "write `{$exists: false}` for devices without it"
            )
            return nil
        }
        switch field.kind {
        case .identity, .version, .tags:
            return substitute(scalar.string, at: node).map { .string($0) }
        case .oui:
            guard let text = substitute(scalar.string, at: node) else { return nil }
            guard text.count == 6, text.allSatisfy(\.isHexDigit) else {
                error(node, .badOUI, "OUI \"\(text)\" is not six hex digits", hint: "e.g. `oui: 00E0FC`")
                return nil
            }
            return .string(text)
        case .time:
            guard let text = substitute(scalar.string, at: node) else { return nil }
            guard let parsed = CivilTime.parse(text), parsed.offsetSeconds != nil || !parsed.hasTime,
                let ms = FilterComparison.instant(text)
            else {
                error(
                    node,
                    .badTime,
                    "\"\(text)\" is not an ISO 8601 time with a zone",
                    hint: "write e.g. \"2026-11-01T00:00:00Z\" or \"2026-11-01T01:00:00+01:00\""
                )
                return nil
            }
            return .string(CivilTime.isoText(milliseconds: ms))
        case .parameter:
            return typedScalar(node)
        }
    }

    /// A YAML scalar as JSON: unquoted booleans and numbers keep their type, the rest is text
    /// (variables substituted).
    mutating func typedScalar(_ node: Node) -> JSONValue? {
        guard let scalar = node.scalar else { return nil }
        if isPlain(node) {
            if node.null != nil { return .null }
            if let b = node.bool { return .bool(b) }
            if let n = node.int { return .number(String(n)) }
            if let d = node.float {
                guard d.isFinite else {
                    error(node, .badValue, "\"\(scalar.string)\" is not a finite number")
                    return nil
                }
                return .number(FilterComparison.isDecimal(scalar.string) ? scalar.string : String(d))
            }
        }
        return substitute(scalar.string, at: node).map { .string($0) }
    }
}

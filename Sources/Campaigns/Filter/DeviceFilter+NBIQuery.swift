public import FerruleJSON

extension DeviceFilter {
    /// The coarse GenieACS device query: every device ``matches(_:)`` accepts is in its result
    /// (it may hold more), ANDed with the ``raw`` query; nil when there is nothing to send.
    ///
    /// GenieACS rewrites device queries (GenieACS 1.2.16 lib/query.ts:86-99): it appends `._value` to
    /// parameter paths and expands each text into alternatives (the number, a date, a regex for
    /// `*` or `/…/`). So this sends only what GenieACS evaluates at least as broadly as Ferrule:
    /// - friendly keys become GenieACS fields (`manufacturer` → `_deviceId._Manufacturer`,
    ///   `tags` → `_tags`); SoftwareVersion becomes an `$or` of its TR-181 and TR-098 paths;
    /// - equality, lists and `$exists` are sent; `*` wildcards as an escaped, anchored `$regex`
    ///   (GenieACS's own wildcard conversion can produce an invalid regex);
    /// - version order (`$lt` … on `software_version`) and text order on parameters are never
    ///   sent (GenieACS compares text: `'10.0' < '9.0'`); numbers and times are;
    /// - `$ne`/`$nin` only where GenieACS's alternatives cannot exclude more than Ferrule does;
    /// - each condition is its own member of one `$and`, so `$ne` is never combined with another
    ///   operator in one object (that stops a GenieACS NBI worker, GenieACS 1.2.16 lib/server.ts:89-100,
    ///   bin/genieacs-nbi.ts:75-83).
    public func nbiQuery() -> JSONValue? {
        var parts: [JSONValue] = []
        for condition in conditions { parts += condition.nbiParts() }
        if let raw, raw != .object([]) { parts.append(raw) }
        switch parts.count {
        case 0: return nil
        case 1: return parts[0]
        default: return .object([("$and", .array(parts))])
        }
    }

    /// The device fields ``matches(_:)`` reads, after `_id`: what to ask GenieACS to return.
    public var projection: [String] {
        var paths = ["_id"]
        for condition in conditions {
            for path in condition.field.documentPaths where !paths.contains(path) { paths.append(path) }
        }
        return paths
    }
}

extension FilterCondition {
    /// The query objects (ANDed) that select a superset of the devices this condition matches;
    /// empty when the condition is evaluated client-side only.
    func nbiParts() -> [JSONValue] {
        let kind = field.kind
        let paths = field.documentPaths
        /// One path or an `$or` over SoftwareVersion's paths.
        func anyPath(_ body: JSONValue) -> [JSONValue] {
            let each = paths.map { JSONValue.object([($0, body)]) }
            return each.count == 1 ? each : [.object([("$or", .array(each))])]
        }
        switch op {
        case .eq(let q):
            guard let alternatives = NBIValue.positive([q], kind: kind) else { return [] }
            return alternatives.isEmpty ? [] : anyOf(alternatives, paths: paths)
        case .in(let qs):
            guard !qs.isEmpty, let alternatives = NBIValue.positive(qs, kind: kind) else { return [] }
            return anyOf(alternatives, paths: paths)
        case .all(let qs):
            guard kind == .tags, !qs.isEmpty, qs.allSatisfy({ NBIValue.isLiteral($0, kind: kind) }) else { return [] }
            return anyPath(.object([("$all", .array(qs))]))
        case .ne(let q):
            guard kind != .version, NBIValue.isSafeExclusion(q, kind: kind) else { return [] }
            return paths.map { .object([($0, .object([("$ne", q)]))]) }
        case .nin(let qs):
            guard kind != .version, !qs.isEmpty, qs.allSatisfy({ NBIValue.isSafeExclusion($0, kind: kind) }) else {
                return []
            }
            return paths.map { .object([($0, .object([("$nin", .array(qs))]))]) }
        case .lt(let q), .lte(let q), .gt(let q), .gte(let q):
            guard let sendable = NBIValue.ordered(q, kind: kind) else { return [] }
            return anyPath(.object([(op.name, sendable)]))
        case .exists(let wanted):
            guard kind != .tags else { return [.object([("_tags", .object([("$exists", .bool(wanted))]))])] }
            if wanted { return anyPath(.object([("$exists", .bool(true))])) }
            return paths.map { .object([($0, .object([("$exists", .bool(false))]))]) }
        case .regex(let pattern):
            // GenieACS stores `_lastInform` as a date, which a regex never matches.
            guard kind != .time else { return [] }
            return anyPath(.object([("$regex", .string(pattern))]))
        }
    }

    /// `{path: {$in: [...]}}` and `{path: {$regex: …}}` alternatives for every path, as one
    /// object or an `$or`.
    private func anyOf(_ alternatives: [NBIValue.Alternative], paths: [String]) -> [JSONValue] {
        var literals: [JSONValue] = []
        var regexes: [String] = []
        for alternative in alternatives {
            switch alternative {
            case .literal(let v): if !literals.contains(v) { literals.append(v) }
            case .regex(let r): if !regexes.contains(r) { regexes.append(r) }
            }
        }
        var each: [JSONValue] = []
        for path in paths {
            if literals.count == 1 {
                each.append(.object([(path, literals[0])]))
            } else if literals.count > 1 {
                each.append(.object([(path, .object([("$in", .array(literals))]))]))
            }
            for regex in regexes { each.append(.object([(path, .object([("$regex", .string(regex))]))])) }
        }
        if each.isEmpty { return [] }
        return each.count == 1 ? each : [.object([("$or", .array(each))])]
    }
}

/// Which filter values GenieACS evaluates at least as broadly as Ferrule, and in what form.
enum NBIValue {
    /// One way a value is sent for equality.
    enum Alternative {
        case literal(JSONValue)
        case regex(String)
    }

    /// The alternatives that select every device equal to one of `values` (see
    /// ``FilterComparison/equal(_:_:kind:)``), or nil when one of them cannot be sent (the
    /// whole condition then stays client-side: dropping one value would narrow the query).
    static func positive(_ values: [JSONValue], kind: FilterField.Kind) -> [Alternative]? {
        var out: [Alternative] = []
        for value in values {
            guard case .string(let text) = value else {
                // Numbers and booleans: GenieACS does not expand them; Ferrule's equality on
                // them is MongoDB's, except a number also equals numeric text … which a number
                // query never meets in GenieACS's typed values.
                guard kind == .parameter else { return nil }
                out.append(.literal(value))
                continue
            }
            if looksLikeSlashRegex(text) { return nil }
            if kind == .time { return nil }
            if kind == .oui {
                out.append(.regex(caseInsensitiveRegex(text)))
            } else if text.contains("*") {
                out.append(.regex(wildcardRegex(text)))
            } else {
                out.append(.literal(value))
            }
        }
        return out
    }

    /// Whether `value` can go to GenieACS in `$all` as it is.
    static func isLiteral(_ value: JSONValue, kind: FilterField.Kind) -> Bool {
        guard case .string(let text) = value else { return false }
        return !text.contains("*") && !looksLikeSlashRegex(text)
    }

    /// Whether GenieACS's `$ne`/`$nin` on `value` excludes only devices Ferrule excludes too.
    ///
    /// GenieACS excludes every alternative of a text (its number, date, regex). On texts that
    /// are always stored as text (ids, tags) the number and date alternatives never meet a
    /// value, so only wildcards and `/…/` matter; parameter values may be numbers or dates,
    /// so exclusions of parameter text stay client-side.
    static func isSafeExclusion(_ value: JSONValue, kind: FilterField.Kind) -> Bool {
        switch value {
        case .string(let text):
            guard kind == .identity || kind == .oui || kind == .tags else { return false }
            return !text.contains("*") && !looksLikeSlashRegex(text)
        case .number, .bool:
            return kind == .parameter
        default:
            return false
        }
    }

    /// The value to send for `$lt` … or nil when GenieACS would not order it the way Ferrule
    /// does: only numbers (on parameters) and times are sent.
    static func ordered(_ value: JSONValue, kind: FilterField.Kind) -> JSONValue? {
        switch (kind, value) {
        case (.parameter, .number): return value
        case (.time, .string(let text)):
            return FilterComparison.instant(text).map { .string(CivilTime.isoText(milliseconds: $0)) }
        default: return nil
        }
    }

    /// GenieACS reads `/pattern/flags` texts as regexes (and stops a worker on a bad one).
    static func looksLikeSlashRegex(_ text: String) -> Bool {
        guard text.count >= 2, text.hasPrefix("/") else { return false }
        guard let last = text.lastIndex(of: "/"), last != text.startIndex else { return false }
        return text[text.index(after: last)...].allSatisfy { "gimy".contains($0) }
    }

    /// `Huawei*` → `^Huawei.*$`, every other character literal (escaped for PCRE and ICU alike).
    static func wildcardRegex(_ pattern: String) -> String {
        "^"
            + pattern.split(separator: "*", omittingEmptySubsequences: false).map { escape(String($0)) }
            .joined(separator: ".*") + "$"
    }

    /// `00e0fc` → `^00[eE]0[fF][cC]$`.
    static func caseInsensitiveRegex(_ text: String) -> String {
        var out = "^"
        for c in text {
            let upper = c.uppercased()
            let lower = c.lowercased()
            if c == "*" {
                out += ".*"
            } else if upper != lower {
                out += "[\(escape(upper))\(escape(lower))]"
            } else {
                out += escape(String(c))
            }
        }
        return out + "$"
    }

    /// ASCII punctuation backslash-escaped: literal in PCRE (MongoDB) and ICU alike.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII, !scalar.properties.isAlphabetic, !("0"..."9").contains(scalar), scalar != " " {
                out += "\\"
            }
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}

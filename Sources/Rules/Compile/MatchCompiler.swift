/// Turns ``Match`` into a GenieACS expression-language precondition.
///
/// Globs become anchored `LIKE` patterns with `\` as escape; `equals`/`notEquals` of a number or
/// boolean compare both its text and its typed form (``typedLiteral(_:)``); "not equals" includes absent
/// parameters (`OR x IS NULL`), since GenieACS's `<>` skips them (GenieACS 1.2.16
/// lib/common/expression/util.ts:199-202). Software versions are **not** compared here: GenieACS compares strings
/// lexicographically (`'10.0' < '9.0'`), so the provision checks them with a version-aware comparison instead.
enum MatchCompiler {
    static func precondition(_ match: Match) -> String? {
        var clauses: [String] = []
        func anyOf(_ path: String, _ patterns: [String], upper: Bool = false) {
            guard !patterns.isEmpty else { return }
            let subject = upper ? "UPPER(\(path))" : path
            let terms = patterns.map { pattern -> String in
                let p = upper ? pattern.uppercased() : pattern
                if p.contains("*") || p.contains("?") {
                    return "\(subject) LIKE \(quote(likePattern(p))) ESCAPE '\\'"
                }
                return "\(subject) = \(quote(p))"
            }
            clauses.append(terms.count == 1 ? terms[0] : "(" + terms.joined(separator: " OR ") + ")")
        }
        anyOf("DeviceID.Manufacturer", match.manufacturer)
        anyOf("DeviceID.OUI", match.oui, upper: true)
        anyOf("DeviceID.ProductClass", match.productClass)
        anyOf("DeviceID.SerialNumber", match.serialNumber)
        for tag in match.tagsAll { clauses.append("Tags.\(tag) IS NOT NULL") }
        if !match.tagsAny.isEmpty {
            let terms = match.tagsAny.map { "Tags.\($0) IS NOT NULL" }
            clauses.append(terms.count == 1 ? terms[0] : "(" + terms.joined(separator: " OR ") + ")")
        }
        for tag in match.tagsNone { clauses.append("Tags.\(tag) IS NULL") }
        for condition in match.parameters {
            let p = condition.path
            switch condition.test {
            case .equals(let v):
                let typed = typedLiteral(v)
                clauses.append(typed.map { "(\(p) = \(quote(v)) OR \(p) = \($0))" } ?? "\(p) = \(quote(v))")
            case .notEquals(let v):
                let text = "\(p) <> \(quote(v))"
                let differs = typedLiteral(v).map { "(\(text) AND \(p) <> \($0))" } ?? text
                clauses.append("(\(differs) OR \(p) IS NULL)")
            case .like(let v): clauses.append("\(p) LIKE \(quote(v))")
            case .exists(let e): clauses.append("\(p) IS \(e ? "NOT " : "")NULL")
            case .greaterThan(let n): clauses.append("\(p) > \(number(n))")
            case .lessThan(let n): clauses.append("\(p) < \(number(n))")
            }
        }
        return clauses.isEmpty ? nil : clauses.joined(separator: " AND ")
    }

    /// The number or boolean literal a value also stands for, or nil (text only).
    ///
    /// GenieACS stores a CPE's `xsd:int`/`xsd:unsignedInt` values as numbers and `xsd:boolean` ones
    /// as booleans (lib/soap.ts:171-190 at v1.2.16) and compares without coercion: a number never
    /// equals a string (lib/common/expression/util.ts:56-64). `equals: 6` (or `"6"`) must match a
    /// radio on channel 6 whichever way it is stored, so a value written as a canonical integer or
    /// as `true`/`false` is compared in both forms. `"06"` and `6.0` stay text: no stored number
    /// prints that way.
    static func typedLiteral(_ value: String) -> String? {
        switch value.lowercased() {
        case "true": return "true"
        case "false": return "false"
        default:
            let digits = value.hasPrefix("-") ? value.dropFirst() : value[...]
            guard (1...15).contains(digits.count), digits.allSatisfy({ ("0"..."9").contains($0) }),
                digits.first != "0" || digits.count == 1, value != "-0"
            else { return nil }
            return value
        }
    }

    /// A glob (`*`, `?`) as a LIKE pattern, escaping LIKE's own wildcards with `\`.
    static func likePattern(_ glob: String) -> String {
        var out = ""
        for ch in glob {
            switch ch {
            case "*": out += "%"
            case "?": out += "_"
            case "%", "_", "\\": out += "\\" + String(ch)
            default: out.append(ch)
            }
        }
        return out
    }

    /// A single-quoted expression string (`''` escapes a quote).
    static func quote(_ s: String) -> String { "'" + s.replacingAll("'", with: "''") + "'" }

    static func number(_ n: Double) -> String {
        n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

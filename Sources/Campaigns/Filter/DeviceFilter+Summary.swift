import FerruleJSON

extension DeviceFilter {
    /// The filter for people: `manufacturer = Huawei AND software_version < V5R021C00S230`;
    /// `all devices` when it has no condition.
    public var summary: String {
        var parts = conditions.map(\.summary)
        if let raw, raw != .object([]) { parts.append("query \(raw.compactText)") }
        return parts.isEmpty ? "all devices" : parts.joined(separator: " AND ")
    }
}

extension FilterCondition {
    /// One condition for people: `model in [EG8145V5, HG8245H]`, `tags has none of [lab, vip]`.
    public var summary: String {
        let name = field.name
        func text(_ v: JSONValue) -> String {
            switch v {
            case .string(let s): s
            default: v.compactText
            }
        }
        func list(_ vs: [JSONValue]) -> String { "[" + vs.map(text).joined(separator: ", ") + "]" }
        if field == .tags {
            switch op {
            case .eq(let q): return "tags has \(text(q))"
            case .ne(let q): return "tags lack \(text(q))"
            case .in(let qs): return "tags have any of \(list(qs))"
            case .nin(let qs): return "tags have none of \(list(qs))"
            case .all(let qs): return "tags have all of \(list(qs))"
            default: break
            }
        }
        switch op {
        case .eq(let q): return "\(name) = \(text(q))"
        case .ne(let q): return "\(name) != \(text(q))"
        case .lt(let q): return "\(name) < \(text(q))"
        case .lte(let q): return "\(name) <= \(text(q))"
        case .gt(let q): return "\(name) > \(text(q))"
        case .gte(let q): return "\(name) >= \(text(q))"
        case .in(let qs): return "\(name) in \(list(qs))"
        case .nin(let qs): return "\(name) not in \(list(qs))"
        case .all(let qs): return "\(name) has all of \(list(qs))"
        case .exists(let wanted): return wanted ? "\(name) exists" : "\(name) is absent"
        case .regex(let pattern): return "\(name) ~ /\(pattern)/"
        }
    }
}

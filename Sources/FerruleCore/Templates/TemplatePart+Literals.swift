extension Array where Element == TemplatePart {
    /// The parts in order with neighbouring literals joined into one (`"a", "b", ${x}` → `"ab", ${x}`).
    public var joiningLiterals: [TemplatePart] {
        var out: [TemplatePart] = []
        for part in self {
            if case .literal(let next) = part, case .literal(let previous)? = out.last {
                out[out.count - 1] = .literal(previous + next)
            } else {
                out.append(part)
            }
        }
        return out
    }
}

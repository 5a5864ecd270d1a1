import FerruleCore

/// The functions Ferrule lets through to GenieACS, and why others are refused.
///
/// GenieACS's `evaluate` (`lib/common/expression/util.ts`) knows `NOW`, `UPPER`, `LOWER`, `ROUND` and
/// `COALESCE`. Any other name is left unevaluated, and a precondition that does not evaluate to a
/// value counts as true: the preset applies to every device.
enum ExpressionFunction {
    /// Allowed functions: name → accepted argument counts.
    static let allowed: [String: ClosedRange<Int>] = [
        "NOW": 0...0,
        "UPPER": 1...1,
        "LOWER": 1...1,
        "ROUND": 1...2,
        "COALESCE": 1...Int.max,
    ]

    /// Functions GenieACS evaluates only in its configuration (`lib/cwmp.ts` `configContextCallback`,
    /// `lib/connection-request.ts`).
    static let configOnly: Set<String> = ["REMOTE_ADDRESS", "USERNAME", "PASSWORD", "AUTH"]

    /// Functions only the GenieACS UI knows.
    static let uiOnly: Set<String> = ["DATE_STRING", "ENCODEURICOMPONENT", "Q"]

    static func signature(_ name: String) -> String {
        switch name {
        case "NOW": "NOW()"
        case "UPPER": "UPPER(x)"
        case "LOWER": "LOWER(x)"
        case "ROUND": "ROUND(x[, digits])"
        case "COALESCE": "COALESCE(a, b, …)"
        default: "\(name)(…)"
        }
    }

    static func arityText(_ range: ClosedRange<Int>) -> String {
        if range.lowerBound == range.upperBound {
            return range.lowerBound == 1 ? "1 argument" : "\(range.lowerBound) arguments"
        }
        if range.upperBound == Int.max {
            return "at least \(range.lowerBound) argument" + (range.lowerBound == 1 ? "" : "s")
        }
        return "\(range.lowerBound) to \(range.upperBound) arguments"
    }

    /// The closest allowed name, for "did you mean" hints.
    static func suggestion(for name: String) -> String? {
        let scored = allowed.keys.sorted().map { ($0, DidYouMean.distance(name, $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(1, name.count / 3) else { return nil }
        return best.0
    }
}
